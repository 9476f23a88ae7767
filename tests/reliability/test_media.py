"""Uploads are served only through views that check access; /media/ is never served."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse

from zhengxian.activities import services as activity_services
from zhengxian.activities.models import ActivityKind
from zhengxian.activities.services import Audience, SessionPlan
from zhengxian.matters import services as matter_services
from zhengxian.matters.tests.factories import file_matter
from zhengxian.projects import services as project_services
from zhengxian.projects.tests.factories import make_project

from .calls import call_as

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture
def disk_media(settings, tmp_path):
    """Real files on disk, and the URLconf rebuilt as the demo's DEBUG=True would build it."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.DEBUG = True
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def uploads(org, today, disk_media):
    """One upload of each kind served by an attachment view, all of 湖头陈社区 (community_b)."""
    matter = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈路灯")
    matter_file = call_as(
        matter_services.matter_attach,
        org.user("cadre_b"),
        matter=matter,
        upload=SimpleUploadedFile("现场.png", PNG),
    )
    project = make_project(org, "P-B", unit=org.community_b)
    report = call_as(
        project_services.progress_report_create,
        org.user("office"),
        project=project,
        reported_on=today,
        percent=Decimal(10),
        text="开工",
        photos=[SimpleUploadedFile("工地.png", PNG)],
        today=today,
    )
    photo = report.photos.get()
    start = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    activity = call_as(
        activity_services.activity_create,
        org.user("office"),
        kind=ActivityKind.FIRST_TOPIC,
        title="湖头陈学习",
        organiser=org.community_b,
        audience=Audience(units=(org.community_b,)),
        sessions=[SessionPlan(starts_at=start, ends_at=start + dt.timedelta(hours=2), place="x")],
    )
    activity_file = call_as(
        activity_services.attachment_add,
        org.user("office"),
        activity=activity,
        upload=SimpleUploadedFile("合影.png", PNG),
    )
    return {
        "matter": (matter_file.file.name, reverse("matters:attachment", args=[matter_file.pk])),
        "photo": (photo.file.name, reverse("projects:photo", args=[photo.pk])),
        "activity": (
            activity_file.file.name,
            reverse("activities:attachment", args=[activity_file.pk]),
        ),
    }


KINDS = ["matter", "photo", "activity"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", [None, "office", "cadre_b", "cadre_a"])
def test_media_paths_are_never_served_even_with_debug_on(org, uploads, disk_media, kind, who):
    name, _view = uploads[kind]
    assert (disk_media / name).read_bytes() == PNG  # the file really is there

    client = Client()
    if who:
        client.force_login(org.user(who))
    response = client.get(f"/media/{name}")

    assert response.status_code == 404
    assert PNG not in response.content


@pytest.mark.parametrize("kind", KINDS)
def test_the_attachment_view_serves_in_scope_and_answers_404_outside(org, uploads, kind):
    _name, view = uploads[kind]
    inside, outside, anonymous = Client(), Client(), Client()
    inside.force_login(org.user("cadre_b"))
    outside.force_login(org.user("cadre_a"))

    served = inside.get(view)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG

    refused = outside.get(view)
    assert refused.status_code == 404
    assert PNG not in refused.content

    assert anonymous.get(view).status_code == 302  # to the login page


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_gone_from_storage_answers_404_and_is_logged(org, uploads, disk_media, kind, caplog):
    # Lost from the bucket, or a database restored without its media: not a server error.
    name, view = uploads[kind]
    (disk_media / name).unlink()
    client = Client()
    client.force_login(org.user("cadre_b"))
    with caplog.at_level("ERROR", logger="zhengxian.core.stored_files"):
        assert client.get(view).status_code == 404
    assert name in caplog.text
