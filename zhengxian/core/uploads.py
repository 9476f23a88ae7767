"""Checks on uploaded files, by their content rather than their name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# (content type, leading bytes)
_SIGNATURES: list[tuple[str, bytes]] = [
    ("image/jpeg", b"\xff\xd8\xff"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/gif", b"GIF87a"),
    ("image/gif", b"GIF89a"),
    ("application/pdf", b"%PDF-"),
]
_OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class UploadInfo:
    name: str
    content_type: str
    size: int


def sniff(upload: UploadedFile) -> str | None:
    """The content type the file's bytes show, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, signature in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for prefix, content_type in _OFFICE_TYPES.items():
            if any(name.startswith(prefix) for name in names):
                return content_type
    return None


def check_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> UploadInfo:
    """Accepts photos (JPEG, PNG, GIF, WebP), PDF, Word and Excel files up to the limit."""
    limit: int = max_bytes or int(
        getattr(settings, "ZHENGXIAN_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    )
    name = PurePath(upload.name or "file").name[:200]
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    size: int = upload.size
    if size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": name,
                "size": round(size / 1048576, 1),
                "limit": round(limit / 1048576, 1),
            }
        )
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "The file %(name)s is not a photo (JPEG, PNG, GIF, WebP), a PDF, "
                "or a Word or Excel file."
            )
            % {"name": name}
        )
    return UploadInfo(name=name, content_type=content_type, size=upload.size)
