"""Sources of the campaign engine computed from activities (docs/activities.md).

Each computes one period with one query over the stored, indexed month keys (two more to
narrow it to a few units' subtrees, ``within_subtrees``). A record (a roster row, a session)
belongs to one unit and counts for that unit and for every asked-for unit above it: the
records are counted (and a rate's numerator, the participants, summed) by the database per
unit path (``counted_by_unit``), and the few thousand paths are added up each unit's
ancestors in Python. The records behind a value are named by their query (a ``RecordSet``:
count and sum of ids), not listed: the score card runs the source's ``record_query`` to
list them. Rates with nothing to divide by are left out (the leaf's ``when_empty``
decides); counts give 0 to every unit asked for that has none. Attendance is the roster
sign-in: never time spent or clicks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.campaigns.record_sets import rates_by_unit
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, RecordSet, UnitId
from zhengxian.orgs.rollup import NONE, counted_by_unit
from zhengxian.orgs.subtrees import within_subtrees

from .figures import activity_q, brand_q, held_roster, months_q, signed_in
from .models import ActivityKind, ExpectedAttendee, Session, SessionStatus, SignIn
from .models.activities import EVENT_KINDS, HELD_STATUSES

ACTIVITY_KINDS = ("first_topic", "study", "sharing", "training", "other")

ACTIVITY_PARAMS: Mapping[str, ParamSpec] = {
    "activity_kind": ParamSpec("str", choices=ACTIVITY_KINDS, help="Only activities of this kind"),
    "series": ParamSpec("str", help="Only activities of this series, e.g. 青城学院"),
}

# The unit a session counts for: its activity's organiser ("activity__organiser" in lookups).
ORGANISER = "activity.organiser"


class AttendanceRateSource:
    """Sign-ins ÷ expected attendances of the unit's people at held sessions: the records
    are the roster rows of held sessions, the present ones those whose person signed in to
    that session."""

    name = "attendance_rate"
    label = gettext_noop("Roster sign-ins ÷ people expected")
    kind = "rate"
    evidence_models = ("activities.expectedattendee",)
    record_units = {"activities.expectedattendee": "unit"}  # the row's unit, kept when made
    # A sign-in moves a numerator, a session opened brings its roster into the set: their
    # writes mark the source (for every unit: a sign-in's unit need not be its row's).
    reads_models = ("activities.signin", "activities.session")
    params = ACTIVITY_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        # Counted in SQL: a province's month is about 0.9 million roster rows, each counted
        # for its unit and every unit above it.
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "unit",
            unit_ids,
            Count("pk", filter=Q(Exists(signed_in()))),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[ExpectedAttendee]:
        """The roster rows of held sessions in the period of ``unit_ids`` and their
        sub-units, by id."""
        return (
            held_roster(period.first_month, period.last_month, params)
            .filter(within_subtrees("unit", unit_ids))
            .order_by("pk")
        )

    @staticmethod
    def record_changes_since(moment: dt.datetime) -> Q:
        """The roster rows whose presence or whose session changed after ``moment``,
        although the rows themselves were not written: a sign-in recorded since (by hand,
        long after the session), a session opened or recorded as held since. A correction
        lists them as edited (`scoring.services.frozen.changed_in_sets`)."""
        since = SignIn.objects.filter(
            session_id=OuterRef("session_id"),
            person_id=OuterRef("person_id"),
            created_at__gt=moment,
        )
        return Q(Exists(since)) | Q(session__updated_at__gt=moment)


class StudySessionsHeldSource:
    """Sessions held ÷ sessions planned (scheduled and not cancelled) by the unit."""

    name = "study_sessions_held"
    label = gettext_noop("Sessions held ÷ sessions planned")
    kind = "rate"
    evidence_models = ("activities.session",)
    record_units = {"activities.session": ORGANISER}
    params = ACTIVITY_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "activity__organiser",
            unit_ids,
            Count("pk", filter=Q(status__in=HELD_STATUSES)),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Session]:
        """The sessions planned in the period (not cancelled) by ``unit_ids`` and their
        sub-units, by id."""
        return (
            Session.objects.filter(
                months_q(period.first_month, period.last_month),
                activity_q(params, "activity__"),
                within_subtrees("activity__organiser", unit_ids),
            )
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("pk")
        )


def _held_events(period: Period, unit_ids: Sequence[UnitId], q: Q) -> QuerySet[Session]:
    """The held sessions of events (and party-alliance events) in the period organised by
    ``unit_ids`` and their sub-units that ``q`` selects, by id."""
    return Session.objects.filter(
        q,
        months_q(period.first_month, period.last_month),
        within_subtrees("activity__organiser", unit_ids),
        status__in=HELD_STATUSES,
        activity__kind__in=EVENT_KINDS,
    ).order_by("pk")


def _counts(
    source: str,
    params: Mapping[str, Any],
    sessions: QuerySet[Session],
    unit_ids: Sequence[UnitId],
    summed: str | None = None,
) -> dict[UnitId, RawValue]:
    """A count per asked-for unit (0 when it has no sessions): how many ``sessions`` it
    organised, or the sum of their field ``summed`` (an empty one counts 0)."""
    extra = {summed: Sum(summed)} if summed else None
    counted = counted_by_unit(sessions, "activity__organiser", unit_ids, extra=extra)
    values = {}
    for unit in unit_ids:
        found = counted.get(unit, NONE)
        number = Decimal(found.extra.get(summed, 0) if summed else found.count)
        values[unit] = RawValue(
            value=number,
            numerator=number,
            records=RecordSet(source, params, "activities.session", found.count, found.id_sum),
        )
    return values


class EventParticipantsSource:
    """Participants (人次) of the unit's held events."""

    name = "event_participants"
    label = gettext_noop("Event participants")
    kind = "count"
    evidence_models = ("activities.session",)
    record_units = {"activities.session": ORGANISER}
    params: Mapping[str, ParamSpec] = {
        "brand": ParamSpec("str", help="Only events of this brand, e.g. 寻梦城河"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        sessions = self.record_query(period=period, unit_ids=unit_ids, params=params)
        return _counts(self.name, params, sessions, unit_ids, summed="participants")

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Session]:
        """The held event sessions (of the brand) of ``unit_ids`` and their sub-units, by
        id."""
        brand = str(params.get("brand") or "")
        return _held_events(period, unit_ids, brand_q(brand) if brand else Q())


class AllianceEventsSource:
    """Held sessions of the unit's party-alliance events (党建联建)."""

    name = "alliance_events"
    label = gettext_noop("Party-alliance events held")
    kind = "count"
    evidence_models = ("activities.session",)
    record_units = {"activities.session": ORGANISER}
    params: Mapping[str, ParamSpec] = {
        "alliance": ParamSpec("str", help="Only events of this alliance, e.g. 厢心力"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        sessions = self.record_query(period=period, unit_ids=unit_ids, params=params)
        return _counts(self.name, params, sessions, unit_ids)

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Session]:
        """The held sessions of party-alliance events (of the alliance) of ``unit_ids`` and
        their sub-units, by id."""
        q = Q(activity__kind=ActivityKind.ALLIANCE)
        if params.get("alliance"):
            q &= Q(activity__alliance=params["alliance"])
        return _held_events(period, unit_ids, q)
