"""Reads for the panel pages: who competes, who may judge whom, the judges × units matrix,
the period a rater link rates now, and the rater panels."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, QuerySet

from zhengxian.campaigns.models import (
    Campaign,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
    PeriodStatus,
)
from zhengxian.core import clock
from zhengxian.orgs import duties
from zhengxian.orgs.models import Person, Unit

from ..indicator_sources import trimmed_mean
from ..models import PanelScore, Rater, RaterPanel, Rating


def is_own_unit(judge: Person, unit: Unit) -> bool:
    """True when ``unit`` is the judge's unit or contains it (an ancestor of it), or a unit
    where the judge's account holds a member role (zhengxian.orgs.duties)."""
    if judge.unit.path.startswith(unit.path):
        return True
    return judge.user_id is not None and duties.is_own_unit(judge.user, unit)


def panel_codes(campaign: Campaign, *, source: str = "panel") -> dict[str, str]:
    """{panel code: name of the leaves reading it} for the campaign's leaves of ``source``
    (``panel`` or ``rating``), sorted by code."""
    rows = IndicatorNode.objects.filter(campaign=campaign, is_leaf=True, source=source).order_by(
        "order", "id"
    )
    names: dict[str, list[str]] = defaultdict(list)
    for params, name in rows.values_list("source_params", "name"):
        if isinstance(params, dict) and params.get("panel"):
            names[str(params["panel"])].append(name)
    return {code: " / ".join(names[code]) for code in sorted(names)}


@dataclass
class UnitRow:
    unit: Unit
    group: CompetitionGroup
    own: bool = False  # the judge may not score it
    score: Decimal | None = None  # the judge's score
    rating: Rating | None = None  # the rater's rating


@dataclass
class MatrixRow:
    unit: Unit
    group: CompetitionGroup
    cells: list[tuple[Decimal | None, bool]] = field(default_factory=list)  # (score, dropped)
    count: int = 0
    mean: Decimal | None = None


def units_by_group(
    campaign: Campaign, *, units: QuerySet[Unit] | None = None
) -> list[tuple[Unit, CompetitionGroup]]:
    """The active units competing in the campaign, by group, each once."""
    rows = GroupMembership.objects.filter(campaign=campaign, unit__is_active=True).select_related(
        "unit", "group"
    )
    if units is not None:
        rows = rows.filter(unit__in=units)
    rows = rows.order_by("group__order", "group__code", "unit__sort_order", "unit__path")
    return [(m.unit, m.group) for m in rows]


def judge_rows(
    *, period: Period, panel: str, judge: Person | None, units: QuerySet[Unit]
) -> list[UnitRow]:
    """The units ``judge`` may see on the panel, their own marked, with the scores given."""
    given: dict[int, Decimal] = {}
    if judge is not None:
        given = dict(
            PanelScore.objects.filter(period=period, panel=panel, judge=judge).values_list(
                "unit_id", "score"
            )
        )
    return [
        UnitRow(
            unit=unit,
            group=group,
            own=judge is None or is_own_unit(judge, unit),
            score=given.get(unit.pk),
        )
        for unit, group in units_by_group(period.campaign, units=units)
    ]


def panel_matrix(*, period: Period, panel: str) -> tuple[list[Person], list[MatrixRow]]:
    """Judges × units of a panel, with each unit's trimmed mean; the dropped scores marked."""
    scores = list(
        PanelScore.objects.filter(period=period, panel=panel)
        .select_related("judge")
        .order_by("judge__name", "judge_id")
    )
    judges: list[Person] = []
    seen: set[int] = set()
    by_unit: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for entry in scores:
        if entry.judge_id not in seen:
            seen.add(entry.judge_id)
            judges.append(entry.judge)
        by_unit[entry.unit_id][entry.judge_id] = entry.score
    rows = []
    for unit, group in units_by_group(period.campaign):
        given = by_unit.get(unit.pk, {})
        dropped = _dropped(given)
        row = MatrixRow(unit=unit, group=group, count=len(given))
        row.cells = [(given.get(j.pk), j.pk in dropped) for j in judges]
        if given:
            row.mean = trimmed_mean(list(given.values())).quantize(Decimal("0.01"))
        rows.append(row)
    return judges, rows


def _dropped(given: dict[int, Decimal]) -> set[int]:
    """The judges whose score the trimmed mean drops: one highest and one lowest."""
    if len(given) < 3:
        return set()
    ordered = sorted(given.items(), key=lambda item: (item[1], item[0]))
    return {ordered[0][0], ordered[-1][0]}


def rating_period(campaign: Campaign) -> Period | None:
    """The period a rater link rates now: the latest not yet published that has begun."""
    return (
        campaign.periods.exclude(status=PeriodStatus.PUBLISHED)
        .filter(start__lte=clock.today())
        .order_by("-index")
        .first()
    )


def rater_rows(*, rater: Rater, period: Period) -> list[UnitRow]:
    """The units a rater rates in ``period``, with the ratings they gave already."""
    given = {r.unit_id: r for r in Rating.objects.filter(period=period, rater=rater)}
    return [
        UnitRow(unit=unit, group=group, rating=given.get(unit.pk))
        for unit, group in units_by_group(rater.panel.campaign)
    ]


def rater_panels_of(campaign: Campaign) -> list[RaterPanel]:
    """The campaign's rater panels with their raters (and how many ratings each gave)."""
    raters = Rater.objects.annotate(rating_count=Count("ratings")).order_by(
        F("revoked_at").asc(nulls_first=True), "name", "pk"
    )
    return list(
        RaterPanel.objects.filter(campaign=campaign)
        .prefetch_related(Prefetch("raters", queryset=raters))
        .order_by("code")
    )
