"""The write service of a checked import: bulk inserts in batches, in one transaction, with
one audit entry for the file. The actor's right is checked again for every unit (the job
runs later than the check), against paths loaded once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from zhengxian.audit.models import Action, Outcome
from zhengxian.audit.services import record_event
from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.bulk_insert import insert_rows
from zhengxian.core.errors import NotAllowed
from zhengxian.core.signals import records_written
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Visit, VisitParticipant
from .known import chunks
from .plan import VisitRow

BATCH = 2000


def visits_import_write(*, actor: Any, rows: Sequence[VisitRow], duplicates: int = 0) -> int:
    """Writes ``rows`` as visits recorded by ``actor``, all or none; returns how many."""
    scope = scope_for(actor)
    paths = tuple(scope.paths(Perm.RECORD_WORK))
    unit_ids = sorted({row.unit for row in rows})
    for batch in chunks(unit_ids):
        for path in Unit.objects.filter(pk__in=batch).values_list("path", flat=True):
            if not scope.is_superuser and not path.startswith(paths):
                raise NotAllowed
    with transaction.atomic():
        written = 0
        for start in range(0, len(rows), BATCH):
            written += _write_batch(actor, rows[start : start + BATCH])
        record_event(
            kind=Action.CREATE,
            outcome=Outcome.SUCCESS,
            actor=actor,
            model="matters.visit",
            object_repr=f"Excel import: {written} visits",
            details={"visits": written, "duplicates": duplicates, "units": len(unit_ids)},
        )
    return written


VISIT_COLUMNS = (
    "unit_id",
    "visited_on",
    "month",
    "target_kind",
    "target_unit_id",
    "enterprise_id",
    "site_id",
    "household",
    "summary",
    "recorded_by_id",
    "is_demo",
    "created_at",
    "updated_at",
)


def _write_batch(actor: Any, rows: Sequence[VisitRow]) -> int:
    # Plain INSERTs (core.bulk_insert), not bulk_create: a model object per visit and
    # visitor, and Django's preparation of each value, were half of a 100,000-row import.
    ops = connection.ops
    now = ops.adapt_datetimefield_value(clock.now())
    values = []
    for row in rows:
        day = dt.date.fromisoformat(row.visited_on)
        values.append(
            (
                row.unit,
                ops.adapt_datefield_value(day),
                month_key(day),
                row.kind,
                row.target_unit,
                row.enterprise,
                row.site,
                row.household,
                row.summary,
                actor.pk,
                False,
                now,
                now,
            )
        )
    ids = insert_rows(Visit, VISIT_COLUMNS, values, return_ids=True)
    pairs = zip(ids, rows, strict=True)
    insert_rows(
        VisitParticipant,
        ("visit_id", "person_id"),
        [(visit_id, person) for visit_id, row in pairs for person in row.visitors],
    )
    records_written.send(sender=Visit)  # no post_save was sent: the live rankings
    return len(ids)
