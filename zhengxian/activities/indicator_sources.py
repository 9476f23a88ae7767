"""Sources of the campaign engine computed from activities (docs/activities.md).

Each computes one period for every unit at once in one or two queries, filtering on the
stored month keys, and rolls records up to every unit above their own. Rates with nothing
to divide by are left out (the leaf's ``when_empty`` decides); counts give 0 to every unit
asked for that has none. Attendance is the roster sign-in: never time spent or clicks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, UnitId

from . import figures

ACTIVITY_KINDS = ("first_topic", "study", "sharing", "training", "other")

ACTIVITY_PARAMS: Mapping[str, ParamSpec] = {
    "activity_kind": ParamSpec("str", choices=ACTIVITY_KINDS, help="Only activities of this kind"),
    "series": ParamSpec("str", help="Only activities of this series, e.g. 青城学院"),
}


def _rates(tallies: Mapping[int, figures.Tally]) -> dict[UnitId, RawValue]:
    return {unit: tally.rate() for unit, tally in tallies.items() if tally.denominator}


def _counts(
    tallies: Mapping[int, figures.Tally], unit_ids: Sequence[UnitId]
) -> dict[UnitId, RawValue]:
    values = {
        unit: RawValue(value=Decimal(0), numerator=Decimal(0), denominator=None)
        for unit in unit_ids
    }
    for unit, tally in tallies.items():
        values[unit] = RawValue(
            value=Decimal(tally.numerator),
            numerator=Decimal(tally.numerator),
            denominator=None,
            evidence=tally.evidence(),
        )
    return values


class AttendanceRateSource:
    """Sign-ins ÷ expected attendances of the unit's people at held sessions."""

    name = "attendance_rate"
    label = gettext_noop("Roster sign-ins ÷ people expected")
    kind = "rate"
    evidence_models = ("activities.session", "activities.signin")
    reads_models = ("activities.expectedattendee",)  # the roster it divides by
    params = ACTIVITY_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        return _rates(figures.attendance_by_unit(period.first_month, period.last_month, params))


class StudySessionsHeldSource:
    """Sessions held ÷ sessions planned (scheduled and not cancelled) by the unit."""

    name = "study_sessions_held"
    label = gettext_noop("Sessions held ÷ sessions planned")
    kind = "rate"
    evidence_models = ("activities.session", "activities.signin")
    params = ACTIVITY_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        return _rates(figures.sessions_held_by_unit(period.first_month, period.last_month, params))


class EventParticipantsSource:
    """Participants (人次) of the unit's held events."""

    name = "event_participants"
    label = gettext_noop("Event participants")
    kind = "count"
    evidence_models = ("activities.session", "activities.signin")
    params: Mapping[str, ParamSpec] = {
        "brand": ParamSpec("str", help="Only events of this brand, e.g. 寻梦城河"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        tallies = figures.participants_by_unit(
            period.first_month, period.last_month, str(params.get("brand") or "")
        )
        return _counts(tallies, unit_ids)


class AllianceEventsSource:
    """Held sessions of the unit's party-alliance events (党建联建)."""

    name = "alliance_events"
    label = gettext_noop("Party-alliance events held")
    kind = "count"
    evidence_models = ("activities.session", "activities.signin")
    params: Mapping[str, ParamSpec] = {
        "alliance": ParamSpec("str", help="Only events of this alliance, e.g. 厢心力"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        tallies = figures.alliance_events_by_unit(
            period.first_month, period.last_month, str(params.get("alliance") or "")
        )
        return _counts(tallies, unit_ids)
