"""The matters app's indicator sources (docs/scoring.md, "Sources"; docs/matters.md).

Each computes one period for all units with one or two queries over stored, indexed month
keys (never a date function per row). A record belongs to a unit (the visiting unit, the
responsible unit) and counts for that unit and for every asked-for unit above it: the
records are counted (and a rate's numerator, a mean's sum, aggregated) by the database per
unit path (``counted_by_unit``), and the few thousand paths are added up each unit's
ancestors in Python, without a query per unit. The records behind a value are named by
their query (a ``RecordSet``: count and sum of ids), not listed: the score card runs the
source's ``record_query`` to list them. Counts are 0 for a unit with no records; rates and
means leave out a unit with nothing to divide by, so the leaf's ``when_empty`` decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.campaigns.record_sets import rates_by_unit
from zhengxian.engine.shared_reads import read_once
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, RecordSet, UnitId, rate_value
from zhengxian.orgs.models import Person, RoleAssignment
from zhengxian.orgs.roles import Role
from zhengxian.orgs.rollup import NONE, Counted, Owners, counted_by_unit, integer_rows
from zhengxian.orgs.subtrees import within_subtrees

from .models import Matter, MatterState, MediationCase, MediationOutcome, Visit
from .models.visits import TargetKind

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
        # each counted for its unit and every unit above it. A campaign's visit leaves (all,
        # to enterprises, to households) share one count per unit and kind of target.
        counted = read_once(
            ("visits_by_kind", period.pk, tuple(unit_ids)),
            lambda: _visits_by_kind(self._visits(period, unit_ids, {}), unit_ids),
        )
        kinds = list(params.get("visited") or ())

        def records(unit: UnitId) -> RecordSet:
            found = counted.get(unit, NONE)
            count, id_sum = found.count, found.id_sum
            if kinds:
                count = sum(found.extra.get(f"{kind}_count", 0) for kind in kinds)
                id_sum = sum(found.extra.get(f"{kind}_ids", 0) for kind in kinds)
            return RecordSet(self.name, params, "matters.visit", count, id_sum)

        if not params.get("per_cadre"):
            values = {}
            for unit in unit_ids:
                found = records(unit)
                count = Decimal(found.count)
                values[unit] = RawValue(value=count, numerator=count, records=found)
            return values
        cadres = read_once(
            ("cadres_by_unit", tuple(unit_ids)), lambda: _cadres_by_unit(unit_ids, set(unit_ids))
        )
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


def _visits_by_kind(visits: QuerySet[Visit], unit_ids: Sequence[UnitId]) -> dict[UnitId, Counted]:
    """The visits counted per unit (``count``, ``id_sum``) and per kind of target
    (``extra["<kind>_count"]``, ``extra["<kind>_ids"]``), in one ``GROUP BY``."""
    by_kind: dict[str, Aggregate] = {}
    for kind in TargetKind.values:
        by_kind[f"{kind}_count"] = Count("pk", filter=Q(target_kind=kind))
        by_kind[f"{kind}_ids"] = Sum("pk", filter=Q(target_kind=kind))
    return counted_by_unit(visits, "unit", unit_ids, extra=by_kind)


def _cadres_by_unit(unit_ids: Sequence[UnitId], wanted: set[UnitId]) -> dict[UnitId, int]:
    """Active people holding a cadre role, counted for their unit and every asked-for unit
    above it. Counted per unit by the database (a person is in one unit, so the counts add
    up without counting anyone twice): a province's 280,000 people are 24,000 rows."""
    counts: dict[UnitId, int] = defaultdict(int)
    owners = Owners(wanted)
    # EXISTS rather than a join and COUNT(DISTINCT): a person holding both roles is one
    # row, and SQLite counts 280,000 people in about half the time.
    holds_a_cadre_role = RoleAssignment.objects.filter(person=OuterRef("pk"), role__in=CADRE_ROLES)
    rows = (
        Person.objects.filter(
            Exists(holds_a_cadre_role), within_subtrees("unit", unit_ids), is_active=True
        )
        .order_by()
        .values_list("unit__path")
        .annotate(people=Count("pk"))
    )
    for path, people in integer_rows(rows):
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
        on_time = Q(
            state=MatterState.CLOSED,
            resolved_on__isnull=False,
            deadline__isnull=False,
            resolved_on__lte=F("deadline"),
        )
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "responsible_unit",
            unit_ids,
            Count("pk", filter=on_time),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Matter]:
        """The matters due in the period of ``unit_ids`` and their sub-units, by id."""
        return Matter.objects.filter(
            _in_period(period, "due_month"),
            _origins(params),
            within_subtrees("responsible_unit", unit_ids),
            responsible_unit__isnull=False,
        ).order_by("pk")


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
        # The ratings summed per unit in SQL (integers, exact) and divided here as Decimals
        # (rate_value), not SQL's AVG, whose precision differs between databases.
        rating = (
            Coalesce("requester_satisfaction", "satisfaction")
            if params.get("require_confirmation")
            else F("satisfaction")
        )
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "responsible_unit",
            unit_ids,
            Sum(rating),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Matter]:
        """The matters of ``unit_ids`` and their sub-units whose ratings were averaged, by
        id."""
        matters = Matter.objects.filter(
            _in_period(period, "rated_month"),
            _origins(params),
            within_subtrees("responsible_unit", unit_ids),
            satisfaction__isnull=False,
            responsible_unit__isnull=False,
        )
        if params.get("require_confirmation"):
            matters = matters.filter(Q(requester_satisfaction__isnull=False) | Q(self_closed=False))
        return matters.order_by("pk")


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
        counted = counted_by_unit(
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "responsible_unit",
            unit_ids,
        )
        values = {}
        for unit in unit_ids:
            found = counted.get(unit, NONE)
            values[unit] = RawValue(
                value=Decimal(found.count),
                numerator=Decimal(found.count),
                records=RecordSet(self.name, params, "matters.matter", found.count, found.id_sum),
            )
        return values

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Matter]:
        """The matters of ``unit_ids`` and their sub-units overdue at the period's end, by
        id."""
        unresolved = Q(resolved_month__isnull=True) | Q(resolved_month__gt=period.last_month)
        return Matter.objects.filter(
            unresolved,
            _origins(params),
            within_subtrees("responsible_unit", unit_ids),
            due_month__lte=period.last_month,
            responsible_unit__isnull=False,
        ).order_by("pk")


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
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "matter__responsible_unit",
            unit_ids,
            Count("pk", filter=Q(outcome=MediationOutcome.AGREEMENT)),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[MediationCase]:
        """The cases concluded in the period whose matters ``unit_ids`` and their sub-units
        are responsible for, by id."""
        return MediationCase.objects.filter(
            _in_period(period, "concluded_month"),
            within_subtrees("matter__responsible_unit", unit_ids),
            matter__responsible_unit__isnull=False,
        ).order_by("pk")


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
        return rates_by_unit(
            self.name,
            params,
            self.record_query(period=period, unit_ids=unit_ids, params=params),
            "responsible_unit",
            unit_ids,
            Count("pk", filter=Q(state=MatterState.CLOSED)),
        )

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Matter]:
        """The items due in the period of ``unit_ids`` and their sub-units, by id."""
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
        return items.order_by("pk")
