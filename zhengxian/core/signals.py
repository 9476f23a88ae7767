"""Signals of the core layer, for writes the apps above must hear about."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=<the model class> by writes that bypass the model signals (bulk_create,
# QuerySet.update) on records that may feed indicators; the live rankings listen.
records_written = Signal()
