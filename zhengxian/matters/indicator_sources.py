"""The matters app's indicator sources (docs/scoring.md, "Sources"; docs/matters.md).

Each computes one period for all units with one or two queries over stored, indexed month
keys (never a date function per row) and keeps the ids of the records behind every value
as evidence — except the visit count, which names its records by their query (a
``RecordSet``; the score card runs ``record_query`` to list them). A record belongs to a
unit (the visiting unit, the responsible unit) and counts for that unit and for every
asked-for unit above it: the unit's path ("/1/4/17/") names its ancestors, so the roll-up
is done in Python without a query per unit. Counts are 0 for a
unit with no records; rates and means leave out a unit with nothing to divide by, so the
leaf's ``when_empty`` decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import evidence_refs
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, RecordSet, UnitId, rate_value
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Role
from zhengxian.orgs.rollup import NONE, Owners, counted_by_unit
from zhengxian.orgs.subtrees import within_subtrees

from .models import Matter, MatterState, MediationCase, MediationOutcome, Visit

VISITED_CHOICES = ("community", "enterprise", "household")
ORIGIN_CHOICES = (
    "visit",
    "supervision",
    "rectification",
    "petition",
    "hotline",
    "mediation",
    "other",
)
RECTIFICATION_CHOICES = ("supervision_day", "special_action", "inspection")
# The people a visit count is divided by with ``per_cadre``: active people of the unit's
# subtree who hold one of these roles.
CADRE_ROLES = (Role.CADRE, Role.UNIT_LEADER)

MATTER_PARAMS: Mapping[str, ParamSpec] = {
    "origins": ParamSpec("list", choices=ORIGIN_CHOICES, help="Only matters of these origins"),
}


def _group(rows: Iterable[tuple[int, str]], wanted: set[UnitId]) -> dict[UnitId, list[int]]:
    grouped: dict[UnitId, list[int]] = defaultdict(list)
    owners = Owners(wanted)
    for pk, path in rows:
        for unit in owners(path):
            grouped[unit].append(pk)
    return grouped


def _in_period(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.first_month, f"{field}__lte": period.last_month})


def _origins(params: Mapping[str, Any]) -> Q:
    origins = params.get("origins")
    return Q(origin__in=list(origins)) if origins else Q()


class VisitsCountSource:
    """Visits made by the unit (and its sub-units) in the period; ``per_cadre`` divides by the
    unit's cadres. A visit by several people counts once."""

    name = "visits_count"
    label = gettext_noop("Visits made by the unit's cadres")
    kind = "count"
    evidence_models = ("matters.visit",)
    record_units = {"matters.visit": "unit"}  # reads only the asked units' subtrees
    reads_models = ("orgs.person", "orgs.roleassignment")  # per_cadre divides by cadres
    params: Mapping[str, ParamSpec] = {
        "visited": ParamSpec("list", choices=VISITED_CHOICES, help="Only visits to these targets"),
        "per_cadre": ParamSpec("bool", help="Divide by the unit's cadres"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        # Counted in SQL and named by their query: a province's month is 1.6 million visits,
        # each counted for its unit and every unit above it.
        counted = counted_by_unit(self._visits(period, unit_ids, params), "unit", unit_ids)

        def records(unit: UnitId) -> RecordSet:
            found = counted.get(unit, NONE)
            return RecordSet(self.name, params, "matters.visit", found.count, found.id_sum)

        if not params.get("per_cadre"):
            return {
                unit: RawValue(
                    value=Decimal(records(unit).count),
                    numerator=Decimal(records(unit).count),
                    records=records(unit),
                )
                for unit in unit_ids
            }
        cadres = _cadres_by_unit(unit_ids, set(unit_ids))
        values = {}
        for unit in unit_ids:
            people = cadres.get(unit, 0)
            if people:
                found = records(unit)
                values[unit] = rate_value(found.count, people, records=found)
        return values

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Visit]:
        """The visits counted for ``unit_ids``: their own and their sub-units', by id."""
        return self._visits(period, unit_ids, params).order_by("pk")

    @staticmethod
    def _visits(
        period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Visit]:
        visits = Visit.objects.filter(
            _in_period(period, "month"), within_subtrees("unit", unit_ids)
        )
        if params.get("visited"):
            visits = visits.filter(target_kind__in=list(params["visited"]))
        return visits


def _cadres_by_unit(unit_ids: Sequence[UnitId], wanted: set[UnitId]) -> dict[UnitId, int]:
    """Active people holding a cadre role, counted for their unit and every asked-for unit
    above it. Counted per unit by the database (a person is in one unit, so the counts add
    up without counting anyone twice): a province's 280,000 people are 24,000 rows."""
    counts: dict[UnitId, int] = defaultdict(int)
    owners = Owners(wanted)
    rows = (
        Person.objects.filter(
            within_subtrees("unit", unit_ids), is_active=True, roles__role__in=CADRE_ROLES
        )
        .order_by()
        .values("unit__path")
        .annotate(people=Count("pk", distinct=True))
        .values_list("unit__path", "people")
    )
    for path, people in rows:
        for unit in owners(path):
            counts[unit] += people
    return counts


class MattersClosedOnTimeSource:
    """Matters due in the period (deadline month in the period) that are closed and whose
    standing resolution came on or before the deadline ÷ matters due in the period."""

    name = "matters_closed_on_time"
    label = gettext_noop("Matters closed on time ÷ matters due")
    kind = "rate"
    evidence_models = ("matters.matter",)
    record_units = {"matters.matter": "responsible_unit"}
    params = MATTER_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        wanted = set(unit_ids)
        rows = (
            Matter.objects.filter(
                _in_period(period, "due_month"),
                _origins(params),
                within_subtrees("responsible_unit", unit_ids),
                responsible_unit__isnull=False,
            )
            .order_by()
            .values_list("pk", "responsible_unit__path", "state", "resolved_on", "deadline")
        )
        due: dict[UnitId, list[int]] = defaultdict(list)
        on_time: dict[UnitId, int] = defaultdict(int)
        owners = Owners(wanted)
        for pk, path, state, resolved_on, deadline in rows:
            in_time = (
                state == MatterState.CLOSED
                and resolved_on is not None
                and deadline is not None
                and resolved_on <= deadline
            )
            for unit in owners(path):
                due[unit].append(pk)
                on_time[unit] += in_time
        return {
            unit: rate_value(on_time[unit], len(pks), evidence_refs("matters.matter", pks))
            for unit, pks in due.items()
        }


SATISFACTION_PARAMS: Mapping[str, ParamSpec] = {
    **MATTER_PARAMS,
    "require_confirmation": ParamSpec(
        "bool",
        help=gettext_noop(
            "Count a matter closed by its own unit only once the requester confirmed it "
            "themselves (their own rating counts)"
        ),
    ),
}


class MattersSatisfactionSource:
    """The mean satisfaction (1–5) of the unit's matters rated in the period (the latest
    rating of each).

    With ``require_confirmation``, the requester's own rating (given on the confirmation
    page) replaces the handlers' one, and a self-closed matter the requester did not confirm
    never counts."""

    name = "matters_satisfaction"
    label = gettext_noop("Mean satisfaction with matters")
    kind = "mean"
    evidence_models = ("matters.matter",)
    record_units = {"matters.matter": "responsible_unit"}
    params = SATISFACTION_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        wanted = set(unit_ids)
        rows = (
            Matter.objects.filter(
                _in_period(period, "rated_month"),
                _origins(params),
                within_subtrees("responsible_unit", unit_ids),
                satisfaction__isnull=False,
                responsible_unit__isnull=False,
            )
            .order_by()
            .values_list(
                "pk",
                "responsible_unit__path",
                "satisfaction",
                "self_closed",
                "requester_satisfaction",
            )
        )
        confirmation = bool(params.get("require_confirmation"))
        total: dict[UnitId, int] = defaultdict(int)
        rated: dict[UnitId, list[int]] = defaultdict(list)
        owners = Owners(wanted)
        for pk, path, satisfaction, self_closed, own_word in rows:
            if confirmation:
                if own_word is not None:
                    satisfaction = own_word
                elif self_closed:
                    continue
            for unit in owners(path):
                total[unit] += satisfaction or 0
                rated[unit].append(pk)
        return {
            unit: rate_value(total[unit], len(pks), evidence_refs("matters.matter", pks))
            for unit, pks in rated.items()
        }


class MattersOverdueSource:
    """Matters overdue at the end of the period: the deadline fell in or before the period
    and the matter had no standing resolution by the period's last month."""

    name = "matters_overdue"
    label = gettext_noop("Matters overdue at the end of the period")
    kind = "count"
    evidence_models = ("matters.matter",)
    record_units = {"matters.matter": "responsible_unit"}
    params = MATTER_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        wanted = set(unit_ids)
        unresolved = Q(resolved_month__isnull=True) | Q(resolved_month__gt=period.last_month)
        rows = (
            Matter.objects.filter(
                unresolved,
                _origins(params),
                within_subtrees("responsible_unit", unit_ids),
                due_month__lte=period.last_month,
                responsible_unit__isnull=False,
            )
            .order_by()
            .values_list("pk", "responsible_unit__path")
        )
        by_unit = _group(rows, wanted)
        return {
            unit: RawValue(
                value=Decimal(len(by_unit[unit])),
                numerator=Decimal(len(by_unit[unit])),
                evidence=evidence_refs("matters.matter", by_unit[unit]),
            )
            for unit in unit_ids
        }


class MediationSuccessSource:
    """Mediation cases concluded in the period with an agreement ÷ cases concluded in the
    period (agreement, referred or withdrawn), per handling (responsible) unit."""

    name = "mediation_success"
    label = gettext_noop("Mediation cases ending in agreement ÷ cases concluded")
    kind = "rate"
    evidence_models = ("matters.mediationcase",)
    record_units = {"matters.mediationcase": "matter.responsible_unit"}
    params: Mapping[str, ParamSpec] = {}

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        wanted = set(unit_ids)
        rows = (
            MediationCase.objects.filter(
                _in_period(period, "concluded_month"),
                within_subtrees("matter__responsible_unit", unit_ids),
                matter__responsible_unit__isnull=False,
            )
            .order_by()
            .values_list("pk", "matter__responsible_unit__path", "outcome")
        )
        concluded: dict[UnitId, list[int]] = defaultdict(list)
        agreed: dict[UnitId, int] = defaultdict(int)
        owners = Owners(wanted)
        for pk, path, outcome in rows:
            for unit in owners(path):
                concluded[unit].append(pk)
                agreed[unit] += outcome == MediationOutcome.AGREEMENT
        return {
            unit: rate_value(agreed[unit], len(pks), evidence_refs("matters.mediationcase", pks))
            for unit, pks in concluded.items()
        }


class RectificationCompletionSource:
    """Rectification items due in the period (deadline month in the period) that are closed
    ÷ items due in the period, per responsible unit; ``origin`` and ``action`` narrow the
    items (supervision-day findings, a special action's items, inspection items)."""

    name = "rectification_completion"
    label = gettext_noop("Rectification items closed ÷ items due")
    kind = "rate"
    evidence_models = ("matters.matter",)
    record_units = {"matters.matter": "responsible_unit"}
    params: Mapping[str, ParamSpec] = {
        "origin": ParamSpec("str", choices=RECTIFICATION_CHOICES, help="What the items rectify"),
        "action": ParamSpec("str", help="The code of a special action"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        wanted = set(unit_ids)
        items = Matter.objects.filter(
            _in_period(period, "due_month"),
            within_subtrees("responsible_unit", unit_ids),
            responsible_unit__isnull=False,
        )
        items = (
            items.filter(rectification_kind=params["origin"])
            if params.get("origin")
            else items.exclude(rectification_kind="")
        )
        if params.get("action"):
            items = items.filter(action_code=params["action"])
        rows = items.order_by().values_list("pk", "responsible_unit__path", "state")
        due: dict[UnitId, list[int]] = defaultdict(list)
        closed: dict[UnitId, int] = defaultdict(int)
        owners = Owners(wanted)
        for pk, path, state in rows:
            for unit in owners(path):
                due[unit].append(pk)
                closed[unit] += state == MatterState.CLOSED
        return {
            unit: rate_value(closed[unit], len(pks), evidence_refs("matters.matter", pks))
            for unit, pks in due.items()
        }
