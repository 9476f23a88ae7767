"""Scoring a period: gather inputs, run the pure engine, store a new sheet version."""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Campaign, Period, PeriodStatus
from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.workflow import transition
from zhengxian.engine.compute import PeriodResult, score_period
from zhengxian.engine.rounding import exact, round_exact, scoring_context
from zhengxian.engine.tree import flatten_tree
from zhengxian.engine.types import DimensionSpec, LeafSpec, RawValue, UnitId
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import ScoreSheet, SheetStatus

from .announce import announce_preview
from .frozen import (
    ChangedRecord,
    changed_records,
    frozen_raw,
    is_record_leaf,
    overlay,
    published_sheet,
)
from .gather import PeriodInputs, gather_inputs
from .store_rows import store_unit_rows
from .workflows import PERIOD_FLOW, SHEET_FLOW


@dataclass(frozen=True)
class Computed:
    result: PeriodResult
    leaves: list[LeafSpec]
    changed: list[ChangedRecord]  # a correction's records changed since publication


@contextmanager
def collector_paused() -> Iterator[None]:
    """Scoring builds millions of small objects that live until it ends; the cyclic garbage
    collector's passes over them cost more than they free (the run creates no cycles to
    collect), so it is paused for the run and resumed, as it was, afterwards. Its first pass
    after resuming walks every object still alive that was made while paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute_period(period: Period) -> tuple[PeriodResult, list[LeafSpec]]:
    """The period's result, computed afresh from the records (no writes)."""
    with collector_paused():
        computed = _compute(period)
    return computed.result, computed.leaves


def _compute(
    period: Period, *, published: ScoreSheet | None = None, include_changed: bool = False
) -> Computed:
    """Scores ``period``; with the ``published`` sheet of a correction, its record leaves keep
    the published values unless ``include_changed`` (services/frozen.py)."""
    gathered = gather_period(period)
    raw = gathered.inputs.raw
    changed: list[ChangedRecord] = []
    if published is not None:
        frozen = frozen_raw(published, gathered.leaves)
        changed = changed_records(published, frozen, gathered.inputs.raw)
        if not include_changed:
            raw = overlay(gathered.inputs.raw, frozen)
    result = engine_result(period.campaign, gathered, raw=raw)
    return Computed(result=result, leaves=gathered.leaves, changed=changed)


@dataclass(frozen=True)
class Gathered:
    """What the engine scores a period from: the campaign's tree and groups, and the inputs
    its leaves' sources gathered."""

    tree: Sequence[DimensionSpec | LeafSpec]
    groups: Mapping[str, Sequence[UnitId]]
    leaves: list[LeafSpec]
    inputs: PeriodInputs


def gather_period(period: Period) -> Gathered:
    """Every read of a compute (the engine makes none)."""
    campaign = period.campaign
    tree = campaign_tree_specs(campaign)
    groups = group_members(campaign)
    unit_ids = sorted(unit for members in groups.values() for unit in members)
    leaves = list(flatten_tree(tree).leaves)
    inputs = gather_inputs(period=period, leaves=leaves, unit_ids=unit_ids)
    return Gathered(tree=tree, groups=groups, leaves=leaves, inputs=inputs)


def engine_result(
    campaign: Campaign,
    gathered: Gathered,
    *,
    raw: Mapping[str, Mapping[UnitId, RawValue]] | None = None,
) -> PeriodResult:
    """The pure engine over what ``gather_period`` read; ``raw`` stands for the gathered raw
    values when given (a correction's published ones, kept)."""
    inputs = gathered.inputs
    return score_period(
        tree=gathered.tree,
        groups=gathered.groups,
        raw=inputs.raw if raw is None else raw,
        manual=inputs.manual,
        bonus=inputs.bonus,
        penalty=inputs.penalty,
        bonus_cap=campaign.bonus_cap,
        penalty_cap=campaign.penalty_cap,
        overrides=inputs.overrides,
    )


def record_share(result: PeriodResult, leaves: list[LeafSpec]) -> Decimal | None:
    """Share of all leaf points that came from records rather than entries made for scoring."""
    return result.record_share({leaf.code for leaf in leaves if not is_record_leaf(leaf)})


def group_means_of(result: PeriodResult) -> dict[str, dict[str, str]]:
    """Each group's mean points per dimension and leaf, exact, then rounded half-up."""
    # Points have two places: their Decimal sums are exact (far inside the context's 28
    # digits), so only the division needs a Fraction — one per group and code, not per unit.
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    sizes: dict[str, int] = defaultdict(int)
    with scoring_context():
        for unit in result.units:
            sizes[unit.group] += 1
            totals = sums[unit.group]
            for code, points in unit.dimensions.items():
                totals[code] += points
            for code, score in unit.leaves.items():
                totals[code] += score.points
    return {
        group: {
            code: f"{round_exact(exact(total) / sizes[group])}" for code, total in totals.items()
        }
        for group, totals in sums.items()
    }


def next_version(period: Period) -> int:
    return (period.sheets.aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def period_score(
    *, period: Period, actor: Any, reason: str = "", include_changed_records: bool = False
) -> ScoreSheet:
    """Scores ``period`` and stores the result as a new sheet version in preview (公示).

    Needs ``Perm.MANAGE_CAMPAIGN`` over the organising unit. A period already published is
    re-scored only as a correction, with a reason; the published version stays untouched
    until the correction is itself published. A correction keeps the published values of
    the records dated in the period unless ``include_changed_records``; it lists the
    records changed since publication either way.
    """
    period = (
        Period.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=period.pk)
    )
    require(actor, Perm.MANAGE_CAMPAIGN, period.campaign.owner_unit)
    return _score(
        period=period, actor=actor, reason=reason, include_changed=include_changed_records
    )


@transaction.atomic
def period_rescore_after_appeal(*, period: Period, actor: Any, reason: str = "") -> ScoreSheet:
    """Re-scores ``period`` after an accepted appeal, as the deciding evaluator.

    The evaluator holds no campaign management; the appeal decision was checked already.
    """
    period = (
        Period.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=period.pk)
    )
    return _score(period=period, actor=actor, reason=reason)


def _score(*, period: Period, actor: Any, reason: str, include_changed: bool = False) -> ScoreSheet:
    # Around a call, so that the run's objects are gone when the collector resumes (0.7 s
    # at province scale otherwise).
    with collector_paused():
        return _score_and_store(
            period=period, actor=actor, reason=reason, include_changed=include_changed
        )


def _score_and_store(
    *, period: Period, actor: Any, reason: str, include_changed: bool
) -> ScoreSheet:
    published = None
    if period.status == PeriodStatus.PUBLISHED:
        if not reason.strip():
            raise DomainError(
                _("This period is published: give a reason to compute a corrected version.")
            )
        published = published_sheet(period)
    computed = _compute(period, published=published, include_changed=include_changed)
    result, leaves = computed.result, computed.leaves
    now = clock.now()
    version = next_version(period)
    for previous in period.sheets.filter(status=SheetStatus.PREVIEW).order_by("version"):
        transition(SHEET_FLOW, previous, to=SheetStatus.SUPERSEDED, actor=actor)
    sheet = ScoreSheet.objects.create(
        period=period,
        version=version,
        status=SheetStatus.PREVIEW,
        computed_at=now,
        computed_by=actor.get_username()[:150],
        reason=reason,
        preview_until=clock.today() + dt.timedelta(days=period.campaign.preview_days),
        record_share=record_share(result, leaves),
        changed_records=[record.to_json() for record in computed.changed],
        includes_changed_records=published is not None and include_changed,
        group_means=group_means_of(result),
    )
    store_unit_rows(sheet, result)
    if period.status == PeriodStatus.OPEN:
        transition(PERIOD_FLOW, period, to=PeriodStatus.PREVIEW, actor=actor)
    announce_preview(sheet)
    return sheet
