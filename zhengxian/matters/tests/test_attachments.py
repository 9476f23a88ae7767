"""Attachments are photos or PDFs, checked by their content and size, never their name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.models import MatterAttachment, MatterState

from .factories import file_matter, matter_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("现场照片.jpg", JPEG, "image/jpeg"),
        ("截图.png", PNG, "image/png"),
        ("整改报告.pdf", PDF, "application/pdf"),
        ("no-extension", JPEG, "image/jpeg"),  # the name does not matter
    ],
)
def test_photos_and_pdfs_are_stored_with_the_type_their_content_shows(org, name, content, kind):
    matter = file_matter(org)
    attachment = services.matter_attach(
        matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile(name, content)
    )
    assert (attachment.content_type, attachment.size) == (kind, len(content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"this is plain text pretending to be a photo"),
        ("report.pdf", b"MZ\x90\x00 an executable named like a PDF"),
        ("notes.docx", docx()),  # a Word file is a fine upload elsewhere, but not a matter's photo
        ("empty.png", b""),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_else_is_refused_and_nothing_is_stored(org, name, content):
    matter = file_matter(org)
    with pytest.raises(ValidationError):
        services.matter_attach(
            matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile(name, content)
        )
    assert not MatterAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(org):
    big = JPEG + b"\x00" * services.ATTACHMENT_MAX_BYTES
    with pytest.raises(ValidationError, match="10"):
        services.matter_attach(
            matter=file_matter(org),
            actor=org.user("cadre_a"),
            upload=SimpleUploadedFile("big.jpg", big),
        )


def test_a_closed_matter_takes_no_attachments(org):
    matter = matter_in(org, MatterState.CLOSED)
    with pytest.raises(ValidationError):
        services.matter_attach(
            matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile("a.jpg", JPEG)
        )


def test_uploading_a_bad_file_on_the_page_shows_why(org, login):
    matter = file_matter(org)
    client = login("cadre_a")
    url = reverse("matters:matter_attach", args=[matter.pk])
    response = client.post(
        url, {"file": SimpleUploadedFile("photo.jpg", b"not a photo")}, follow=True
    )
    assert "photo.jpg" in response.content.decode()
    assert not MatterAttachment.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("photo.jpg", JPEG)})
    attachment = MatterAttachment.objects.get()
    download = client.get(reverse("matters:attachment", args=[attachment.pk]))
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_another_community_cannot_attach_or_download(org, login):
    matter = file_matter(org)
    attachment = services.matter_attach(
        matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile("a.jpg", JPEG)
    )
    client = login("cadre_b")
    assert (
        client.post(
            reverse("matters:matter_attach", args=[matter.pk]),
            {"file": SimpleUploadedFile("b.jpg", JPEG)},
        ).status_code
        == 404
    )
    assert client.get(reverse("matters:attachment", args=[attachment.pk])).status_code == 404
    assert matter.attachments.count() == 1
    # The same two addresses work for the community that filed the matter.
    own = login("cadre_a")
    assert own.get(reverse("matters:attachment", args=[attachment.pk])).status_code == 200
    response = own.post(
        reverse("matters:matter_attach", args=[matter.pk]),
        {"file": SimpleUploadedFile("b.jpg", JPEG)},
    )
    assert response.status_code == 302 and matter.attachments.count() == 2
