"""Scoring a period: gather inputs, run the pure engine, store a new sheet version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period, PeriodStatus
from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.workflow import transition
from zhengxian.engine.compute import PeriodResult, score_period
from zhengxian.engine.tree import flatten_tree
from zhengxian.engine.types import LeafSpec
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import ScoreSheet, SheetStatus, UnitScore

from .announce import announce_preview
from .canonical import row_digest, unit_row_content
from .frozen import (
    ChangedRecord,
    changed_records,
    frozen_raw,
    is_record_leaf,
    overlay,
    published_sheet,
)
from .gather import gather_inputs
from .workflows import PERIOD_FLOW, SHEET_FLOW


@dataclass(frozen=True)
class Computed:
    result: PeriodResult
    leaves: list[LeafSpec]
    changed: list[ChangedRecord]  # a correction's records changed since publication


def compute_period(period: Period) -> tuple[PeriodResult, list[LeafSpec]]:
    """The period's result, computed afresh from the records (no writes)."""
    computed = _compute(period)
    return computed.result, computed.leaves


def _compute(
    period: Period, *, published: ScoreSheet | None = None, include_changed: bool = False
) -> Computed:
    """Scores ``period``; with the ``published`` sheet of a correction, its record leaves keep
    the published values unless ``include_changed`` (services/frozen.py)."""
    campaign = period.campaign
    tree = campaign_tree_specs(campaign)
    groups = group_members(campaign)
    unit_ids = sorted(unit for members in groups.values() for unit in members)
    leaves = list(flatten_tree(tree).leaves)
    inputs = gather_inputs(period=period, leaves=leaves, unit_ids=unit_ids)
    raw = inputs.raw
    changed: list[ChangedRecord] = []
    if published is not None:
        frozen = frozen_raw(published, leaves)
        changed = changed_records(published, frozen, inputs.raw)
        if not include_changed:
            raw = overlay(inputs.raw, frozen)
    result = score_period(
        tree=tree,
        groups=groups,
        raw=raw,
        manual=inputs.manual,
        bonus=inputs.bonus,
        penalty=inputs.penalty,
        bonus_cap=campaign.bonus_cap,
        penalty_cap=campaign.penalty_cap,
        overrides=inputs.overrides,
    )
    return Computed(result=result, leaves=leaves, changed=changed)


def record_share(result: PeriodResult, leaves: list[LeafSpec]) -> Decimal | None:
    """Share of all leaf points that came from records rather than entries made for scoring."""
    return result.record_share({leaf.code for leaf in leaves if not is_record_leaf(leaf)})


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
    )
    _store_rows(sheet, result)
    if period.status == PeriodStatus.OPEN:
        transition(PERIOD_FLOW, period, to=PeriodStatus.PREVIEW, actor=actor)
    announce_preview(sheet)
    return sheet


def _store_rows(sheet: ScoreSheet, result: PeriodResult) -> None:
    codes = dict(
        Unit.objects.filter(pk__in=[u.unit for u in result.units]).values_list("pk", "code")
    )
    sizes: dict[str, int] = {}
    for unit in result.units:
        sizes[unit.group] = sizes.get(unit.group, 0) + 1
    rows = []
    for unit in result.units:
        canonical = unit.to_canonical()
        detail = {
            "dimensions": canonical["dimensions"],
            "leaves": canonical["leaves"],
            "bonus_claimed": canonical["bonus_claimed"],
            "penalty_claimed": canonical["penalty_claimed"],
        }
        content = unit_row_content(
            unit_code=codes[unit.unit],
            group_code=unit.group,
            total=canonical["total"],
            rank=unit.rank,
            group_size=sizes[unit.group],
            leaf_sum=canonical["leaf_sum"],
            bonus=canonical["bonus"],
            penalty=canonical["penalty"],
            detail=detail,
        )
        rows.append(
            UnitScore(
                sheet=sheet,
                unit_id=unit.unit,
                group_code=unit.group,
                total=unit.total,
                rank=unit.rank,
                group_size=sizes[unit.group],
                leaf_sum=unit.leaf_sum,
                bonus=unit.bonus,
                penalty=unit.penalty,
                detail=detail,
                row_digest=row_digest(content),
            )
        )
    UnitScore.objects.bulk_create(rows, batch_size=2000)
