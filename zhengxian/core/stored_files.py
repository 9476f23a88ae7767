"""Stored files (uploads, job results) read back through the storage API for a response.

A file the storage no longer holds (lost from a bucket, or a database restored without its
media) answers 404 and is logged for the operator; without this every such download was a
server error with a traceback."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from django.http import Http404

logger = logging.getLogger(__name__)


def open_stored(stored: FieldFile) -> FieldFile:
    """``stored`` opened for reading, for a ``FileResponse``; 404 when it is gone."""
    if not stored:
        raise Http404
    try:
        return stored.open("rb")
    except FileNotFoundError:
        logger.error("stored file missing from storage: %s", stored.name)
        raise Http404 from None
