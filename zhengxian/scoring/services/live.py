"""The live ranking of each running period: marked by writes, refreshed leaf by leaf.

- **Marks.** Every model an indicator source reads (its ``evidence_models``, plus the
  ``reads_models`` it divides by) has save and delete receivers that bump ``wanted`` on
  the live leaves fed by that source, in the writer's transaction (one UPDATE); writes
  that bypass model signals (bulk imports) send ``core.signals.records_written``.
  Adjustments mark the totals, an appeal's override its leaf.
- **Refresh.** ``live_refresh(period)`` re-scores only the leaves whose ``computed`` is
  behind ``wanted``. A source that declares ``record_units`` (which unit a record counts
  under) gets, besides, a mark with the record's unit path, and is re-read for the
  competing units on those paths only (``orgs.subtrees.within_subtrees``); its method runs
  again over the units whose points can move (``_units_to_score``) with the other units'
  stored raw values. Other leaves are re-read whole. Totals move by the changed points;
  the groups whose points moved are re-ranked. The worker runs
  ``live_refresh_all`` every 10 seconds, so the live ranking is current within seconds of
  a write, and a burst of writes costs one refresh.
- **What is live.** Open periods of active campaigns that have started: the month that is
  running and any earlier one not yet scored. Preview and published periods keep their
  sheets; nothing here is ever published (product.md: rankings are published as sheets).

A change the marks cannot see (the campaign tree, group memberships, units or roles) is
caught by the tree digest (leaves and groups) or by the daily ``live_rebuild_all``.
The invariant, tested: after any writes and a refresh, the live totals and ranks equal a
full ``compute_period``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from zhengxian.campaigns.models import CampaignStatus, Period, PeriodStatus
from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
from zhengxian.core import clock
from zhengxian.core.signals import records_written
from zhengxian.engine.compute import exact_raw, score_leaf
from zhengxian.engine.rounding import ZERO, scoring_context
from zhengxian.engine.shared_reads import shared_reads
from zhengxian.engine.sources import registry
from zhengxian.engine.tree import FlatTree, flatten_tree
from zhengxian.engine.types import LeafSpec, RawValue, UnitId
from zhengxian.orgs.paths import path_ids
from zhengxian.orgs.subtrees import FEW_UNITS
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentKind,
    LeafOverride,
    LiveLeaf,
    LiveMark,
    LiveRanking,
    LiveValue,
    ManualAssessment,
)

from .gather import MANUAL_SOURCES, adjustments_of, manual_evidence, overrides_of
from .live_ranks import ranked_rows

# -- what is live ---------------------------------------------------------------------------


def live_periods() -> QuerySet[Period]:
    """The periods that have a live ranking: open, started, of an active campaign."""
    return Period.objects.filter(
        status=PeriodStatus.OPEN,
        start__lte=clock.today(),
        campaign__status=CampaignStatus.ACTIVE,
    )


# -- marks ----------------------------------------------------------------------------------


_SOURCES_BY_MODEL: dict[str, set[str]] = {}
# model label → {source name: the record's unit as an attribute chain}, for the sources
# that can re-read only a few units' subtrees (``record_units``)
_NARROWING: dict[str, dict[str, str]] = {}


def sources_by_model() -> dict[str, set[str]]:
    """{model label: names of the sources that read it}, from the source registry."""
    reading: dict[str, set[str]] = {}
    for name in registry.names():
        source = registry.get(name)
        models = (*getattr(source, "evidence_models", ()), *getattr(source, "reads_models", ()))
        for label in models:
            reading.setdefault(label, set()).add(name)
    return reading


def _narrowing() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name in registry.names():
        for label, chain in getattr(registry.get(name), "record_units", {}).items():
            found.setdefault(label, {})[name] = chain
    return found


def live_mark(sources: Iterable[str], paths: Mapping[str, Iterable[str | None]]) -> int:
    """Marks the live leaves fed by ``sources``; ``paths`` gives, for a source that can
    narrow, the unit paths of the written records (None: every unit). Returns how many
    leaves were marked (0 when no period is live)."""
    names = sorted(set(sources))
    marked = LiveLeaf.objects.filter(
        source__in=names, period__in=live_periods().values("pk")
    ).update(wanted=F("wanted") + 1)
    if marked and paths:
        periods = list(
            LiveLeaf.objects.filter(source__in=list(paths), period__in=live_periods().values("pk"))
            .values_list("period_id", flat=True)
            .distinct()
        )
        LiveMark.objects.bulk_create(
            LiveMark(period_id=period, source=source, path=path or "")
            for period in periods
            for source, unit_paths in paths.items()
            for path in set(unit_paths)
        )
    return marked


def _narrows(name: str) -> bool:
    return any(name in by_source for by_source in _NARROWING.values())


def _unit_path(instance: Any, chain: str) -> str | None:
    """The path of the unit at ``chain`` ("matter.responsible_unit") from ``instance``."""
    target = instance
    for attribute in chain.split("."):
        target = getattr(target, attribute, None)
        if target is None:
            return None
    return str(target.path)


def _before_save(sender: Any, instance: Any, **_: Any) -> None:
    """Keeps the record's units as they were, for a save that moves it to another unit."""
    chains = _NARROWING.get(sender._meta.label_lower)
    if not chains or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._live_paths_before = {
        source: _unit_path(stored, chain) if stored is not None else None
        for source, chain in chains.items()
    }


def _mark_for(sender: Any, instance: Any = None, **_: Any) -> None:
    label = sender._meta.label_lower
    names = _SOURCES_BY_MODEL.get(label)
    if not names:
        return
    chains = _NARROWING.get(label, {})
    before = getattr(instance, "_live_paths_before", {}) if instance is not None else {}
    paths: dict[str, list[str | None]] = {}
    for source in names:
        if not _narrows(source):
            continue
        if instance is None or source not in chains:  # a bulk write, or a model it divides by
            paths[source] = [None]
            continue
        paths[source] = [_unit_path(instance, chains[source])]
        if source in before and before[source] != paths[source][0]:
            paths[source].append(before[source])
    live_mark(names, paths)


def _mark_totals(sender: Any, instance: Adjustment, **_: Any) -> None:
    LiveRanking.objects.filter(period_id=instance.period_id).update(wanted=F("wanted") + 1)


def _mark_override(sender: Any, instance: LeafOverride, **_: Any) -> None:
    """An appeal's override: its leaf again, for every unit (the marks are per source, and
    the override's unit need not be among those a record marked)."""
    leaves = LiveLeaf.objects.filter(period_id=instance.period_id, leaf=instance.leaf.code)
    for source in set(leaves.values_list("source", flat=True)):
        LiveMark.objects.create(period_id=instance.period_id, source=source, path="")
    leaves.update(wanted=F("wanted") + 1)


def connect_marks() -> None:
    """Connects the receivers (at start-up, once the sources are registered)."""
    _SOURCES_BY_MODEL.clear()
    _SOURCES_BY_MODEL.update(sources_by_model())
    _NARROWING.clear()
    _NARROWING.update(_narrowing())
    for label in _SOURCES_BY_MODEL:
        model = apps.get_model(label)
        if label in _NARROWING:
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"live:{label}")
        post_save.connect(_mark_for, sender=model, dispatch_uid=f"live:{label}")
        post_delete.connect(_mark_for, sender=model, dispatch_uid=f"live:{label}")
    records_written.connect(_mark_bulk, dispatch_uid="live:records_written")
    for signal in (post_save, post_delete):
        signal.connect(_mark_totals, sender=Adjustment, dispatch_uid="live:adjustment")
        signal.connect(_mark_override, sender=LeafOverride, dispatch_uid="live:override")


def _mark_bulk(sender: Any, **_: Any) -> None:
    _mark_for(sender)


# -- refresh --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refreshed:
    period_id: int
    leaves: int  # leaves re-scored
    seconds: float
    narrowed: int = 0  # of them, re-read for a few units only
    scored: int = 0  # unit scores computed again, over every leaf


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
    """Brings ``period``'s live ranking up to date; with ``rebuild``, every leaf afresh.

    A marked leaf whose source can narrow and whose marks all name units is re-read for
    those units only (and the competing units above them), then its method runs again over
    their groups with the other units' stored raw values; any other marked leaf is re-read
    whole. Totals move by the changed points; the groups that moved are ranked again."""
    started = time.perf_counter()
    # The rows and sums (thousands of units) are read once, by the refresh, not by the check.
    ranking, created = LiveRanking.objects.defer("rows", "sums").get_or_create(period=period)
    if not (rebuild or created or ranking.computed < ranking.wanted or _stale_leaves(period)):
        return Refreshed(period.pk, 0, time.perf_counter() - started)  # the idle check
    if not _claim(ranking):
        return Refreshed(period.pk, 0, time.perf_counter() - started)  # another one runs
    try:
        ranking.refresh_from_db()
        return _refresh(period, ranking, rebuild=rebuild, started=started)
    finally:
        LiveRanking.objects.filter(pk=ranking.pk).update(busy_until=None)


LEASE = dt.timedelta(minutes=10)


def _claim(ranking: LiveRanking) -> bool:
    """One statement on either database: the refresh that sets it runs, others skip."""
    now = clock.now()
    free = Q(busy_until__isnull=True) | Q(busy_until__lt=now)
    return bool(LiveRanking.objects.filter(free, pk=ranking.pk).update(busy_until=now + LEASE))


def _refresh(period: Period, ranking: LiveRanking, *, rebuild: bool, started: float) -> Refreshed:
    campaign = period.campaign
    flat = flatten_tree(campaign_tree_specs(campaign))
    groups = group_members(campaign)
    digest = tree_digest(flat, groups)
    built = rebuild or ranking.tree_digest != digest
    every_group = built or ranking.computed < ranking.wanted
    if built:
        _reset_leaves(period, flat.leaves)
        ranking.sums, ranking.rows = {}, []
    rows = {
        row.leaf: row for row in LiveLeaf.objects.filter(period=period, computed__lt=F("wanted"))
    }
    stale = [leaf for leaf in flat.leaves if leaf.code in rows]
    last_mark = LiveMark.objects.filter(period=period).order_by("-pk").values_list("pk", flat=True)
    upto = last_mark.first() or 0
    marks = _marks_by_source(period, upto)
    unit_group = {unit: code for code, members in groups.items() for unit in members}
    unit_ids = sorted(unit_group)
    sums = {int(unit): Decimal(total) for unit, total in ranking.sums.items()}
    now = clock.now()
    narrowed = scored = 0
    overrides = overrides_of(period, unit_ids)
    writes: list[Callable[[], None]] = []
    moved: set[str] = set()  # the groups whose units' points moved: re-ranked
    moved_units: set[UnitId] = set()
    # The stale leaves of one source (a new visit marks the three visit leaves) share a read.
    with scoring_context(), shared_reads():
        for leaf in stale:
            row = rows[leaf.code]
            few = _few_units(leaf, row, marks, unit_group)
            if few is not None:
                narrowed += 1
            change = _rescore_leaf(
                leaf,
                period,
                row=row,
                params=flat.params[leaf.code],
                groups=groups,
                unit_group=unit_group,
                few=few,
                overrides=overrides.get(leaf.code, {}),
            )
            for unit, delta in change.deltas.items():
                sums[unit] = sums.get(unit, ZERO) + delta
                moved.add(unit_group[unit])
                moved_units.add(unit)
            writes.append(change.write)
            scored += change.scored
            row.computed, row.computed_at = row.wanted, now
        ranked = ranked_rows(
            sums,
            groups=groups,
            bonus=adjustments_of(period, AdjustmentKind.BONUS, unit_ids),
            penalty=adjustments_of(period, AdjustmentKind.PENALTY, unit_ids),
            caps=(campaign.bonus_cap, campaign.penalty_cap),
            only=None if every_group or not ranking.rows else moved,
            previous=ranking.rows,
            moved=moved_units,
        )
    with transaction.atomic():
        for write in writes:
            write()
        # Only these fields: a write that bumped `wanted` meanwhile stays ahead.
        LiveLeaf.objects.bulk_update(
            [rows[leaf.code] for leaf in stale], ["computed", "computed_at", "bounds"]
        )
        LiveMark.objects.filter(period=period, pk__lte=upto).delete()
        seconds = time.perf_counter() - started
        LiveRanking.objects.filter(pk=ranking.pk).update(
            rows=ranked,
            sums={str(unit): str(total) for unit, total in sums.items()},
            tree_digest=digest,
            computed=ranking.wanted,
            computed_at=now,
            leaves_refreshed=len(stale),
            seconds=seconds,
        )
    if built:
        _analyze_live_tables()
    return Refreshed(period.pk, len(stale), seconds, narrowed, scored)


# Methods whose points for a unit depend on the other units of its group.
GROUP_METHODS = frozenset({"relative", "rank"})


@dataclass
class LeafChange:
    deltas: dict[UnitId, Decimal]  # how each unit's leaf points moved
    write: Callable[[], None]  # stores the change (run in the refresh's transaction)
    scored: int  # units scored again


def _rescore_leaf(
    leaf: LeafSpec,
    period: Period,
    *,
    row: LiveLeaf,
    params: Any,
    groups: Mapping[str, list[UnitId]],
    unit_group: Mapping[UnitId, str],
    few: set[UnitId] | None,
    overrides: Mapping[UnitId, Decimal],
) -> LeafChange:
    """Re-reads ``leaf`` for the units ``few`` (None: every unit) and scores again the units
    whose points may have moved: with a method that compares units, every unit of their
    groups (for ``relative``, only the touched units and the two holding the group's lowest
    and highest value, when the touched values stay strictly between those); otherwise the
    touched units alone."""
    stored = LiveValue.objects.filter(period=period, leaf=leaf.code)
    if few is None:
        fresh = _read(leaf, period, sorted(unit_group), sorted(unit_group))
        scored_groups = dict(groups)
        old = {v.unit_id: v for v in _stored_rows(stored)}
    else:
        fresh = _read(leaf, period, sorted(few), sorted(unit_group))
        scored_groups, old = _units_to_score(leaf, row, stored, few, fresh, groups, unit_group)
    raw = {unit: _stored_raw(value) for unit, value in old.items()}
    for unit in few if few is not None else unit_group:
        if unit in fresh:
            raw[unit] = fresh[unit]
        else:
            raw.pop(unit, None)
    if leaf.method.name == "relative":
        for code, members in scored_groups.items():
            if members is groups[code]:  # the whole group: its bounds afresh
                row.bounds[code] = _bounds(members, raw)
    manual = _manual(period, leaf) if leaf.method.name == "manual" else {}
    scores = score_leaf(
        leaf, params=params, groups=scored_groups, raw=raw, manual=manual, overrides=overrides
    )
    deltas: dict[UnitId, Decimal] = {}
    changed: list[LiveValue] = []
    added: list[LiveValue] = []
    for unit, score in scores.items():
        text = _raw_text(raw.get(unit))
        before = old.get(unit)
        if before is None:
            added.append(
                LiveValue(period=period, leaf=leaf.code, unit_id=unit, points=score.points, **text)
            )
            deltas[unit] = score.points
            continue
        if before.points != score.points or before.text != text:
            deltas[unit] = score.points - before.points
            changed.append(LiveValue(pk=before.pk, points=score.points, **text))

    def write() -> None:
        LiveValue.objects.bulk_update(
            changed, ["value", "numerator", "denominator", "points"], batch_size=2000
        )
        LiveValue.objects.bulk_create(added, batch_size=2000)

    return LeafChange({unit: d for unit, d in deltas.items() if d}, write, len(scores))


def _units_to_score(
    leaf: LeafSpec,
    row: LiveLeaf,
    stored: Any,
    few: set[UnitId],
    fresh: Mapping[UnitId, RawValue],
    groups: Mapping[str, list[UnitId]],
    unit_group: Mapping[UnitId, str],
) -> tuple[dict[str, list[UnitId]], dict[UnitId, Stored]]:
    """The units of each touched group to score again, and their stored rows."""
    method = leaf.method
    comparing = method.name in GROUP_METHODS or method.when_empty == "group_mean"
    touched = sorted({unit_group[unit] for unit in few})
    if not comparing:
        alone = {code: [u for u in groups[code] if u in few] for code in touched}
        return alone, {v.unit_id: v for v in _values_of(stored, sorted(few))}
    anchors = {
        code: [int(u) for u in row.bounds.get(code) or []]
        for code in touched
        if method.name == "relative" and method.when_empty != "group_mean"
    }
    near = sorted(few | {unit for pair in anchors.values() for unit in pair})
    old = {v.unit_id: v for v in _values_of(stored, near)}
    scored: dict[str, list[UnitId]] = {}
    whole: list[str] = []
    for code in touched:
        pair = anchors.get(code) or []
        members = [u for u in groups[code] if u in few]
        if len(pair) == 2 and _strictly_inside(members, pair, old, fresh):
            scored[code] = sorted(set(members) | set(pair))
        else:
            scored[code] = groups[code]
            whole.append(code)
    if whole:
        rest = [u for code in whole for u in groups[code] if u not in old]
        old.update({v.unit_id: v for v in _values_of(stored, rest)})
    return scored, old


def _strictly_inside(
    members: list[UnitId],
    pair: list[UnitId],
    old: Mapping[UnitId, Stored],
    fresh: Mapping[UnitId, RawValue],
) -> bool:
    """Whether every old and new value of ``members`` lies strictly between the values of
    the two ``pair`` units (neither of them touched), compared exactly as the engine
    compares them: then the group's lowest and highest values stay theirs."""
    if set(pair) & set(members) or any(unit not in old for unit in pair):
        return False
    low, high = (_exact(_stored_raw(old[unit])) for unit in pair)
    if low is None or high is None or not low < high:
        return False
    for unit in members:
        before = _exact(_stored_raw(old[unit])) if unit in old else None
        after = _exact(fresh[unit]) if unit in fresh else None
        for value in (before, after):
            if value is not None and not low < value < high:
                return False
    return True


def _exact(found: RawValue) -> Fraction | None:
    return None if found.value is None else exact_raw(found.value, found)


def _bounds(members: list[UnitId], raw: Mapping[UnitId, RawValue]) -> list[UnitId]:
    """The units holding the lowest and the highest value among ``members`` with data."""
    valued = [(value, u) for u in members if u in raw and (value := _exact(raw[u])) is not None]
    if not valued:
        return []
    return [min(valued)[1], max(valued)[1]]


@dataclass(frozen=True)
class Stored:
    """A LiveValue row as read for a re-score (tuples: a group's rows are thousands)."""

    pk: int
    unit_id: UnitId
    text: dict[str, str]  # value, numerator, denominator
    points: Decimal


def _stored_rows(stored: Any) -> list[Stored]:
    return [
        Stored(pk, unit, {"value": v, "numerator": n, "denominator": d}, points)
        for pk, unit, v, n, d, points in stored.values_list(
            "pk", "unit_id", "value", "numerator", "denominator", "points"
        )
    ]


def _values_of(stored: Any, units: list[UnitId]) -> list[Stored]:
    """The stored rows of ``units`` (in slices: SQLite binds at most 32,766 parameters)."""
    found: list[Stored] = []
    for start in range(0, len(units), 10_000):
        found.extend(_stored_rows(stored.filter(unit_id__in=units[start : start + 10_000])))
    return found


def _raw_text(value: RawValue | None) -> dict[str, str]:
    parts = (
        (None, None, None) if value is None else (value.value, value.numerator, value.denominator)
    )
    return {
        name: "" if part is None else str(part)
        for name, part in zip(("value", "numerator", "denominator"), parts, strict=True)
    }


def _stored_raw(row: Stored) -> RawValue:
    def number(name: str) -> Decimal | None:
        return Decimal(row.text[name]) if row.text[name] else None

    return RawValue(
        value=number("value"), numerator=number("numerator"), denominator=number("denominator")
    )


def _marks_by_source(period: Period, upto: int) -> dict[str, set[str | None]]:
    marks: dict[str, set[str | None]] = {}
    for source, path in LiveMark.objects.filter(period=period, pk__lte=upto).values_list(
        "source", "path"
    ):
        marks.setdefault(source, set()).add(path or None)
    return marks


def _few_units(
    leaf: LeafSpec,
    row: LiveLeaf,
    marks: Mapping[str, set[str | None]],
    unit_group: Mapping[UnitId, str],
) -> set[UnitId] | None:
    """The competing units to re-read for ``leaf``, or None to re-read it whole: when it was
    never computed, its source cannot narrow, or a mark names no unit (or none was left)."""
    paths = marks.get(leaf.source)
    if row.computed == 0 or not paths or None in paths or not _narrows(leaf.source):
        return None
    if leaf.method.name == "manual":
        return None
    units = {unit for path in paths for unit in path_ids(path or "") if unit in unit_group}
    return units if len(units) <= FEW_UNITS else None


def _read(
    leaf: LeafSpec, period: Period, asked: list[UnitId], unit_ids: list[UnitId]
) -> dict[UnitId, RawValue]:
    """The leaf's raw values for the units ``asked`` (all competing ones: ``unit_ids``)."""
    if leaf.source in MANUAL_SOURCES:
        return dict(manual_evidence(period, [leaf.code]).get(leaf.code, {}))
    wanted = set(asked)
    values = registry.get(leaf.source).compute(
        period=period, unit_ids=asked, params=dict(leaf.source_params)
    )
    return {unit: value for unit, value in values.items() if unit in wanted}


def _manual(period: Period, leaf: LeafSpec) -> dict[UnitId, Decimal]:
    return dict(
        ManualAssessment.objects.filter(
            period=period, leaf__code=leaf.code, leaf__campaign=period.campaign_id
        ).values_list("unit_id", "points")
    )


def _stale_leaves(period: Period) -> bool:
    return LiveLeaf.objects.filter(period=period, computed__lt=F("wanted")).exists()


def _reset_leaves(period: Period, leaves: Iterable[LeafSpec]) -> None:
    """One row per leaf of the tree, each to be computed afresh."""
    with transaction.atomic():
        LiveValue.objects.filter(period=period).delete()
        LiveLeaf.objects.filter(period=period).delete()
        LiveLeaf.objects.bulk_create(
            [LiveLeaf(period=period, leaf=leaf.code, source=leaf.source) for leaf in leaves]
        )


def _analyze_live_tables() -> None:
    """The planner's statistics of the live state a build just wrote (PostgreSQL; about a
    tenth of a second). Until autovacuum came by, a minute later, PostgreSQL planned on the
    tables as they were before the build (empty, at first) and read a unit's live values by
    scanning all of a province's 250,000 (25 ms a leaf instead of a tenth of one).
    SQLite's planner does well on the indexes without statistics."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (LiveValue, LiveLeaf, LiveRanking):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def live_refresh_all() -> int:
    """Refreshes every live period (the worker's every-few-seconds task) and forgets the
    state of periods no longer live; returns how many leaves it re-scored, so an idle run
    logs nothing."""
    forget_ended()
    periods = live_periods().select_related("campaign").order_by("pk")
    return sum(live_refresh(period).leaves for period in periods)


def forget_ended() -> None:
    """Deletes the live state of periods that were scored (their sheet is the ranking now)
    or whose campaign closed: a province's period holds a quarter of a million rows."""
    ended = list(
        LiveRanking.objects.exclude(period__in=live_periods().values("pk")).values_list(
            "period_id", flat=True
        )
    )
    if ended:
        with transaction.atomic():
            for model in (LiveValue, LiveMark, LiveLeaf, LiveRanking):
                model.objects.filter(period_id__in=ended).delete()


def live_rebuild_all() -> int:
    """Re-scores every leaf of every live period (daily: catches changes no mark sees)."""
    periods = live_periods().select_related("campaign").order_by("pk")
    return sum(live_refresh(period, rebuild=True).leaves for period in periods)
