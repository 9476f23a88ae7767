"""The scoring app's own sources: manual assessment, checklists, judging panels, raters.

Each computes one period for all units at once, with one query. The checklist keeps the ids
of the records behind every value as evidence; the panels and raters, with tens of
thousands of scores a province month, name them by their query instead (a ``RecordSet``:
count and sum of ids; ``record_query`` lists them on the score card) and keep no reference
string per score. They do not filter
by ``unit_ids`` in SQL (a list of 25,000 parameters would cost more than it saves); the
gatherer drops units not asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import evidence_refs
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, RecordSet, UnitId, rate_value

from .models import ChecklistItem, PanelScore, Rating


class ManualSource:
    """Points entered by an evaluator (method `manual`); the engine reads them directly."""

    name = "manual"
    label = gettext_noop("Evaluator assessment")
    kind = "manual"
    evidence_models = ("scoring.manualassessment",)
    params: Mapping[str, ParamSpec] = {}

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        return {}


class ChecklistSource:
    """Items done by the period's end ÷ items of the checklist, per unit (e.g. 红色业委会)."""

    name = "checklist"
    label = gettext_noop("Checklist items done ÷ items")
    kind = "checklist"
    evidence_models = ("scoring.checklistitem",)
    params: Mapping[str, ParamSpec] = {
        "checklist": ParamSpec("str", required=True, help="Checklist code", refers_to="checklists")
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        items = (
            ChecklistItem.objects.filter(
                campaign_id=period.campaign_id, checklist=params["checklist"]
            )
            .order_by()
            .values_list("pk", "unit_id", "done_month", "awaiting_confirmation")
        )
        done: dict[UnitId, list[int]] = defaultdict(list)
        total: dict[UnitId, int] = defaultdict(int)
        for pk, unit_id, done_month, awaiting in items:
            total[unit_id] += 1
            # A unit's own tick counts once someone outside it confirmed it.
            if done_month is not None and done_month <= period.last_month and not awaiting:
                done[unit_id].append(pk)
        return {
            unit: rate_value(
                len(done[unit]), count, evidence_refs("scoring.checklistitem", done[unit])
            )
            for unit, count in total.items()
        }


# A judge's score has two places (PanelScore.score).
SCORE_PLACES = Decimal(1).scaleb(-PanelScore._meta.get_field("score").decimal_places)


def trimmed_mean(scores: Sequence[Decimal]) -> Decimal:
    """擂台比武: drop the highest and the lowest score and average the rest (all of them
    when fewer than three judges scored)."""
    return trimmed_mean_of(sum(scores, Decimal(0)), min(scores), max(scores), len(scores))


def trimmed_mean_of(total: Decimal, lowest: Decimal, highest: Decimal, count: int) -> Decimal:
    """The trimmed mean of ``count`` scores known by their sum, their lowest and their
    highest: what the database adds up per unit instead of listing every judge's score."""
    if count >= 3:
        return (total - lowest - highest) / Decimal(count - 2)
    return total / Decimal(count)


class PanelSource:
    """A judging panel's scores: highest and lowest dropped, the rest averaged, per unit."""

    name = "panel"
    label = gettext_noop("Judging panel (highest and lowest dropped)")
    kind = "mean"
    evidence_models = ("scoring.panelscore",)
    params: Mapping[str, ParamSpec] = {
        "panel": ParamSpec("str", required=True, help="Panel code", refers_to="panels")
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        # Added up per unit by the database, in its index's order (a province's judges give
        # 50,000 scores a month).
        rows = (
            self._scores(period, params)
            .order_by()
            .values("unit_id")
            .annotate(
                count=Count("pk"),
                id_sum=Sum("pk"),
                total=Sum("score"),
                lowest=Min("score"),
                highest=Max("score"),
            )
            .values_list("unit_id", "count", "id_sum", "total", "lowest", "highest")
        )
        # SQLite sums the scores as floats and Django reads an aggregate's float to 15
        # digits: rounded back to the scores' places, it is their exact sum (the float's
        # error is some 10⁻¹³ of it) and the same Decimal as PostgreSQL's.
        return {
            unit: RawValue(
                value=trimmed_mean_of(
                    total.quantize(SCORE_PLACES),
                    lowest.quantize(SCORE_PLACES),
                    highest.quantize(SCORE_PLACES),
                    count,
                ),
                numerator=None,
                denominator=Decimal(count),
                records=RecordSet(self.name, params, "scoring.panelscore", count, int(id_sum)),
            )
            for unit, count, id_sum, total, lowest, highest in rows
        }

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[PanelScore]:
        """The judges' scores of ``unit_ids`` (their own, not their sub-units'), by id."""
        return self._scores(period, params).filter(unit_id__in=list(unit_ids)).order_by("pk")

    @staticmethod
    def _scores(period: Period, params: Mapping[str, Any]) -> QuerySet[PanelScore]:
        return PanelScore.objects.filter(period=period, panel=params["panel"])


class RatingSource:
    """Mean rating (1–5) given by a named rater panel (居民考官团, 两代表一委员), per unit."""

    name = "rating"
    label = gettext_noop("Rater panel mean rating")
    kind = "mean"
    evidence_models = ("scoring.rating",)
    params: Mapping[str, ParamSpec] = {
        "panel": ParamSpec("str", required=True, help="Rater panel code", refers_to="rater_panels")
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        # Added up per unit by the database, in its index's order (period, panel, unit).
        rows = (
            self._ratings(period, params)
            .order_by()
            .values("unit_id")
            .annotate(count=Count("pk"), id_sum=Sum("pk"), total=Sum("score"))
            .values_list("unit_id", "count", "id_sum", "total")
        )
        return {
            unit: rate_value(
                total,
                count,
                records=RecordSet(self.name, params, "scoring.rating", count, int(id_sum)),
            )
            for unit, count, id_sum, total in rows
        }

    def record_query(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> QuerySet[Rating]:
        """The ratings of ``unit_ids`` (their own, not their sub-units'), by id."""
        return self._ratings(period, params).filter(unit_id__in=list(unit_ids)).order_by("pk")

    @staticmethod
    def _ratings(period: Period, params: Mapping[str, Any]) -> QuerySet[Rating]:
        return Rating.objects.filter(
            Q(panel__code=params["panel"]) & Q(panel__campaign_id=period.campaign_id),
            period=period,
        )
