"""The live ranking of each running period: marked by writes, refreshed leaf by leaf.

- **Marks.** Every model an indicator source reads (its ``evidence_models``, plus the
  ``reads_models`` it divides by) has save and delete receivers that bump ``wanted`` on
  the live leaves fed by that source, in the writer's transaction (one UPDATE); writes
  that bypass model signals (bulk imports) send ``core.signals.records_written``.
  Adjustments mark the totals, an appeal's override its leaf.
- **Refresh.** ``live_refresh(period)`` re-scores only the leaves whose ``computed`` is
  behind ``wanted`` (each leaf over all its groups: a relative method moves the whole
  group), then re-totals and re-ranks every unit from the stored leaf points. The worker
  runs ``live_refresh_all`` every few seconds; so the live ranking is current within
  seconds of a write, and a burst of writes costs one refresh.
- **What is live.** Open periods of active campaigns that have started: the month that is
  running and any earlier one not yet scored. Preview and published periods keep their
  sheets; nothing here is ever published (product.md: rankings are published as sheets).

A change the marks cannot see (the campaign tree, group memberships, units or roles) is
caught by the tree digest (leaves and groups) or by the daily ``live_rebuild_all``.
The invariant, tested: after any writes and a refresh, the live totals and ranks equal a
full ``compute_period``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save

from zhengxian.campaigns.models import CampaignStatus, Period, PeriodStatus
from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
from zhengxian.core import clock
from zhengxian.core.signals import records_written
from zhengxian.engine.compute import score_leaf, unit_total
from zhengxian.engine.ranking import competition_ranks
from zhengxian.engine.rounding import ZERO, scoring_context
from zhengxian.engine.sources import registry
from zhengxian.engine.tree import FlatTree, flatten_tree
from zhengxian.engine.types import LeafSpec, UnitId
from zhengxian.scoring.models import Adjustment, LeafOverride, LiveLeaf, LiveRanking

from .gather import gather_inputs

# -- what is live ---------------------------------------------------------------------------


def live_periods() -> QuerySet[Period]:
    """The periods that have a live ranking: open, started, of an active campaign."""
    return Period.objects.filter(
        status=PeriodStatus.OPEN,
        start__lte=clock.today(),
        campaign__status=CampaignStatus.ACTIVE,
    )


# -- marks ----------------------------------------------------------------------------------


def live_mark_sources(names: Iterable[str]) -> int:
    """Marks the live leaves fed by the sources ``names``; returns how many."""
    return LiveLeaf.objects.filter(
        source__in=sorted(set(names)), period__in=live_periods().values("pk")
    ).update(wanted=F("wanted") + 1)


def sources_by_model() -> dict[str, set[str]]:
    """{model label: names of the sources that read it}, from the source registry."""
    reading: dict[str, set[str]] = {}
    for name in registry.names():
        source = registry.get(name)
        models = (*getattr(source, "evidence_models", ()), *getattr(source, "reads_models", ()))
        for label in models:
            reading.setdefault(label, set()).add(name)
    return reading


def _mark_for(sender: Any, **_: Any) -> None:
    names = _SOURCES_BY_MODEL.get(sender._meta.label_lower)
    if names:
        live_mark_sources(names)


def _mark_totals(sender: Any, instance: Adjustment, **_: Any) -> None:
    LiveRanking.objects.filter(period_id=instance.period_id).update(wanted=F("wanted") + 1)


def _mark_override(sender: Any, instance: LeafOverride, **_: Any) -> None:
    LiveLeaf.objects.filter(period_id=instance.period_id, leaf=instance.leaf.code).update(
        wanted=F("wanted") + 1
    )


_SOURCES_BY_MODEL: dict[str, set[str]] = {}


def connect_marks() -> None:
    """Connects the receivers (at start-up, once the sources are registered)."""
    _SOURCES_BY_MODEL.clear()
    _SOURCES_BY_MODEL.update(sources_by_model())
    for label in _SOURCES_BY_MODEL:
        model = apps.get_model(label)
        post_save.connect(_mark_for, sender=model, dispatch_uid=f"live:{label}")
        post_delete.connect(_mark_for, sender=model, dispatch_uid=f"live:{label}")
    records_written.connect(_mark_for, dispatch_uid="live:records_written")
    for signal in (post_save, post_delete):
        signal.connect(_mark_totals, sender=Adjustment, dispatch_uid="live:adjustment")
        signal.connect(_mark_override, sender=LeafOverride, dispatch_uid="live:override")


# -- refresh --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refreshed:
    period_id: int
    leaves: int  # leaves re-scored
    seconds: float


def tree_digest(flat: FlatTree, groups: Mapping[str, list[UnitId]]) -> str:
    """What a refresh assumes unchanged: each leaf (code, source, parameters, method,
    weight) and each group's units."""
    text = json.dumps(
        {
            "leaves": [
                [leaf.code, leaf.source, leaf.source_params, repr(leaf.method), str(leaf.weight)]
                for leaf in flat.leaves
            ],
            "groups": groups,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def live_refresh(period: Period, *, rebuild: bool = False) -> Refreshed:
    """Brings ``period``'s live ranking up to date; with ``rebuild``, every leaf afresh."""
    started = time.perf_counter()
    ranking, created = LiveRanking.objects.get_or_create(period=period)
    if not (rebuild or created or ranking.computed < ranking.wanted or _stale_leaves(period)):
        return Refreshed(period.pk, 0, time.perf_counter() - started)  # the idle check
    campaign = period.campaign
    flat = flatten_tree(campaign_tree_specs(campaign))
    groups = group_members(campaign)
    digest = tree_digest(flat, groups)
    if rebuild or ranking.tree_digest != digest:
        _reset_leaves(period, flat.leaves)
    rows = {row.leaf: row for row in LiveLeaf.objects.filter(period=period)}
    wanted_totals = ranking.wanted
    stale = [leaf for leaf in flat.leaves if rows[leaf.code].computed < rows[leaf.code].wanted]

    unit_ids = sorted(unit for members in groups.values() for unit in members)
    inputs = gather_inputs(period=period, leaves=stale, unit_ids=unit_ids)
    now = clock.now()
    with scoring_context():
        for leaf in stale:
            row = rows[leaf.code]
            scores = score_leaf(
                leaf,
                params=flat.params[leaf.code],
                groups=groups,
                raw=inputs.raw.get(leaf.code, {}),
                manual=inputs.manual.get(leaf.code, {}),
                overrides=inputs.overrides.get(leaf.code, {}),
            )
            row.points = {str(unit): str(score.points) for unit, score in scores.items()}
            row.computed, row.computed_at = row.wanted, now
        ranked = _ranked_rows(
            rows.values(),
            groups=groups,
            bonus=inputs.bonus,
            penalty=inputs.penalty,
            caps=(campaign.bonus_cap, campaign.penalty_cap),
        )
    seconds = time.perf_counter() - started
    with transaction.atomic():
        # Only these fields: a write that bumped `wanted` meanwhile stays ahead.
        LiveLeaf.objects.bulk_update(
            [rows[leaf.code] for leaf in stale], ["points", "computed", "computed_at"]
        )
        LiveRanking.objects.filter(pk=ranking.pk).update(
            rows=ranked,
            tree_digest=digest,
            computed=wanted_totals,
            computed_at=now,
            leaves_refreshed=len(stale),
            seconds=seconds,
        )
    return Refreshed(period.pk, len(stale), seconds)


def _stale_leaves(period: Period) -> bool:
    return LiveLeaf.objects.filter(period=period, computed__lt=F("wanted")).exists()


def _reset_leaves(period: Period, leaves: Iterable[LeafSpec]) -> None:
    """One row per leaf of the tree, each to be computed afresh."""
    with transaction.atomic():
        LiveLeaf.objects.filter(period=period).delete()
        LiveLeaf.objects.bulk_create(
            [LiveLeaf(period=period, leaf=leaf.code, source=leaf.source) for leaf in leaves]
        )


def _ranked_rows(
    leaves: Iterable[LiveLeaf],
    *,
    groups: Mapping[str, list[UnitId]],
    bonus: Mapping[UnitId, Decimal],
    penalty: Mapping[UnitId, Decimal],
    caps: tuple[Decimal, Decimal],
) -> list[list[Any]]:
    """[[unit, group, total, rank], …]: totals as a full score computes them (the same
    engine function), ranked within each group."""
    sums: dict[str, Decimal] = {}
    for row in leaves:
        for unit, points in row.points.items():
            sums[unit] = sums.get(unit, ZERO) + Decimal(points)
    ranked: list[list[Any]] = []
    for group in sorted(groups):
        totals = {
            unit: unit_total(
                sums.get(str(unit), ZERO),
                bonus_claimed=bonus.get(unit, ZERO),
                penalty_claimed=penalty.get(unit, ZERO),
                bonus_cap=caps[0],
                penalty_cap=caps[1],
            )
            for unit in groups[group]
        }
        ranks = competition_ranks(totals)
        ranked.extend(
            [unit, group, str(totals[unit]), ranks[unit]]
            for unit in sorted(totals, key=lambda unit: (ranks[unit], unit))
        )
    return ranked


def live_refresh_all() -> int:
    """Refreshes every live period (the worker's every-few-seconds task); returns how many
    leaves it re-scored, so an idle run logs nothing."""
    periods = live_periods().select_related("campaign").order_by("pk")
    return sum(live_refresh(period).leaves for period in periods)


def live_rebuild_all() -> int:
    """Re-scores every leaf of every live period (daily: catches changes no mark sees)."""
    periods = live_periods().select_related("campaign").order_by("pk")
    return sum(live_refresh(period, rebuild=True).leaves for period in periods)
