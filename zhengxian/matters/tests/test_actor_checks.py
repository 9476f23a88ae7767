"""Every write service of matters checks its actor itself, so no caller can skip the check;
and a matter is filed together with its attachment or not at all."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.core.errors import NotAllowed
from zhengxian.matters import services
from zhengxian.matters.errors import LinkNotAllowed
from zhengxian.matters.models import Enterprise, Matter, MatterAttachment, MatterLink, Site

from .factories import file_matter

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def test_attach_refuses_a_user_with_no_part_in_the_matter(org):
    matter = file_matter(org)
    with pytest.raises(NotAllowed):
        services.matter_attach(
            matter=matter, actor=org.user("cadre_b"), upload=SimpleUploadedFile("a.jpg", JPEG)
        )
    assert not MatterAttachment.objects.exists()
    services.matter_attach(  # the filing community attaches to the same matter
        matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile("a.jpg", JPEG)
    )
    assert MatterAttachment.objects.get().matter == matter


def test_link_report_refuses_a_matter_outside_the_reporters_scope(org):
    matter = file_matter(org)
    with pytest.raises(LinkNotAllowed):
        services.matter_link_report(matter=matter, actor=org.user("cadre_b"), text="又坏了")
    assert not MatterLink.objects.exists()
    services.matter_link_report(matter=matter, actor=org.user("cadre_a"), text="又坏了")
    assert MatterLink.objects.get().matter == matter  # within the reporter's scope it links


def test_registers_refuse_an_actor_without_a_register_area(org):
    with pytest.raises(NotAllowed):
        services.enterprise_get_or_create(actor=org.user("nobody"), name="某公司", unit=org.grid_a)
    with pytest.raises(NotAllowed):
        services.site_get_or_create(actor=org.user("viewer_b"), name="某工地", unit=org.grid_b)
    assert not Enterprise.objects.exists() and not Site.objects.exists()
    # The office, whose register area holds both grids, adds the same two.
    services.enterprise_get_or_create(actor=org.user("office"), name="某公司", unit=org.grid_a)
    services.site_get_or_create(actor=org.user("office"), name="某工地", unit=org.grid_b)
    assert Enterprise.objects.count() == 1 and Site.objects.count() == 1


def test_a_command_acts_as_the_system_actor(org):
    company, created = services.enterprise_get_or_create(
        actor=system_actor("load_demo"), name="杭州某公司", unit=org.community_a
    )
    assert created and company.created_by is None


def test_a_refused_attachment_leaves_no_matter(org):
    with pytest.raises(ValidationError, match=r"photo\.jpg"):
        file_matter(org, attachments=[SimpleUploadedFile("photo.jpg", b"not a photo at all")])
    assert not Matter.objects.exists()
    assert not MatterAttachment.objects.exists()


def test_the_form_with_a_bad_attachment_files_nothing_and_says_why(org, login):
    client = login("cadre_a")
    response = client.post(
        reverse("matters:matter_create"),
        {
            "title": "路灯坏了",
            "description": "晚上很黑",
            "category": "facilities",
            "origin": "visit",
            "reporting_unit": org.community_a.pk,
            "file_anyway": "on",
            "attachment": SimpleUploadedFile("photo.jpg", b"MZ an executable"),
        },
    )
    assert response.status_code == 200
    assert "photo.jpg" in response.content.decode()
    assert not Matter.objects.exists()
    assert not MatterAttachment.objects.exists()


def test_the_form_with_a_good_attachment_files_both(org, login):
    client = login("cadre_a")
    response = client.post(
        reverse("matters:matter_create"),
        {
            "title": "路灯坏了",
            "description": "晚上很黑",
            "category": "facilities",
            "origin": "visit",
            "reporting_unit": org.community_a.pk,
            "file_anyway": "on",
            "attachment": SimpleUploadedFile("photo.jpg", JPEG),
        },
    )
    assert response.status_code == 302
    assert MatterAttachment.objects.get().matter == Matter.objects.get()
