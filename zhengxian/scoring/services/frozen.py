"""Records dated inside a published period are frozen for its corrections.

A correction exists to fix a mistake (an accepted appeal, a wrong entry by an evaluator),
not to let a unit improve a published result by recording or editing work afterwards. So a
correction scores the record sources with the values the published version used; the
office may include the records changed since publication on purpose, and every correction
lists them either way, so nobody changes a ranking unseen.

What counts as changed, for each leaf fed by records and each unit:
- *added*: a record the source finds now that the published version did not use;
- *removed*: a record the published version used that the source no longer finds;
- *edited*: a record used by both, with an audit entry written after the publication.
A leaf whose records are named by their query, not listed (``RecordSet``), is compared by
its count and sum of ids per unit, and its changed records are found among those created,
edited or deleted since the publication (``changed_in_sets``).
Entries made for scoring (manual points, panels, raters) are not frozen: correcting them is
what a correction is for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from zhengxian.audit.models import Action, AuditEntry
from zhengxian.engine.evidence import evidence_ref, parse_ref
from zhengxian.engine.sources import registry
from zhengxian.engine.types import LeafSpec, RawValue, RecordSet, UnitId
from zhengxian.orgs.rollup import Owners
from zhengxian.scoring.models import ScoreSheet, SheetStatus, UnitScore

from .gather import ENTERED_SOURCES

FEW_TOUCHED = 10_000  # records edited since publication looked up by id; more, by scanning
ADDED = "added"
REMOVED = "removed"
EDITED = "edited"


@dataclass(frozen=True)
class ChangedRecord:
    ref: str  # "app_label.model:pk"
    change: str  # ADDED, REMOVED or EDITED
    leaves: tuple[str, ...]
    units: tuple[UnitId, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "change": self.change,
            "leaves": list(self.leaves),
            "units": list(self.units),
        }


def is_record_leaf(leaf: LeafSpec) -> bool:
    return leaf.source not in ENTERED_SOURCES and leaf.method.name != "manual"


def published_sheet(period: Any) -> ScoreSheet | None:
    return period.sheets.filter(status=SheetStatus.PUBLISHED).order_by("-version").first()


def frozen_raw(sheet: ScoreSheet, leaves: Iterable[LeafSpec]) -> dict[str, dict[UnitId, RawValue]]:
    """The raw values the published ``sheet`` used, for the record leaves it scored."""
    codes = {leaf.code for leaf in leaves if is_record_leaf(leaf)}
    frozen: dict[str, dict[UnitId, RawValue]] = defaultdict(dict)
    for unit_id, detail in UnitScore.objects.filter(sheet=sheet).values_list("unit_id", "detail"):
        for code, leaf in detail.get("leaves", {}).items():
            if code in codes:
                frozen[code][unit_id] = RawValue(
                    value=_decimal(leaf.get("raw")),
                    numerator=_decimal(leaf.get("numerator")),
                    denominator=_decimal(leaf.get("denominator")),
                    evidence=tuple(leaf.get("evidence", ())),
                    records=RecordSet.from_canonical(leaf["records"])
                    if leaf.get("records")
                    else None,
                )
    return dict(frozen)


def changed_records(
    sheet: ScoreSheet,
    frozen: Mapping[str, Mapping[UnitId, RawValue]],
    fresh: Mapping[str, Mapping[UnitId, RawValue]],
) -> list[ChangedRecord]:
    """The records behind ``frozen`` (the publication) and ``fresh`` (now) that differ."""
    found: dict[tuple[str, str], tuple[set[str], set[UnitId]]] = {}
    kept: dict[str, tuple[set[str], set[UnitId]]] = {}

    def note(ref: str, change: str, leaf: str, unit: UnitId) -> None:
        leaves, units = found.setdefault((ref, change), (set(), set()))
        leaves.add(leaf)
        units.add(unit)

    for code, before_by_unit in frozen.items():
        now_by_unit = fresh.get(code, {})
        if _named_by_query(before_by_unit, now_by_unit):
            for ref, change, owners in changed_in_sets(sheet, before_by_unit, now_by_unit):
                for owner in owners:
                    note(ref, change, code, owner)
            continue
        for unit in set(before_by_unit) | set(now_by_unit):
            before = set(_evidence(before_by_unit.get(unit)))
            now = set(_evidence(now_by_unit.get(unit)))
            for ref in now - before:
                note(ref, ADDED, code, unit)
            for ref in before - now:
                note(ref, REMOVED, code, unit)
            for ref in before & now:
                leaves, units = kept.setdefault(ref, (set(), set()))
                leaves.add(code)
                units.add(unit)
    for ref in edited_since(sheet, kept):
        for code in kept[ref][0]:
            for unit in kept[ref][1]:
                note(ref, EDITED, code, unit)
    return [
        ChangedRecord(
            ref=ref, change=change, leaves=tuple(sorted(leaves)), units=tuple(sorted(units))
        )
        for (ref, change), (leaves, units) in sorted(found.items())
    ]


def _named_by_query(*by_unit: Mapping[UnitId, RawValue]) -> bool:
    return any(value.records is not None for values in by_unit for value in values.values())


def changed_in_sets(
    sheet: ScoreSheet,
    before: Mapping[UnitId, RawValue],
    now: Mapping[UnitId, RawValue],
) -> list[tuple[str, str, Sequence[UnitId]]]:
    """The changed records of a leaf whose records are named by their query (a
    ``RecordSet``), as (reference, change, units).

    The published set is not listed, only counted, so the candidates are the records of its
    model created, edited or deleted after the publication (its creation time, the audit
    log): one found by the query now counts as added (created since) or edited; one no
    longer found (deleted, or edited away) as removed, for the units whose set of records
    did change (its count, its sum of ids, or the value made of them). A source whose
    records count through other records too names, with ``record_changes_since(moment)``
    (a ``Q`` on its records), those whose standing such writes may have moved since: they
    count as edited (the attendance rate: a roster row whose person was recorded as
    present, or whose session as held, after the publication).
    """
    first = next(value.records for value in (*before.values(), *now.values()) if value.records)
    source = registry.get(first.source)
    model = apps.get_model(first.model)
    unit_chain = source.record_units[first.model].replace(".", "__")  # type: ignore[attr-defined]
    units = sorted(set(before) | set(now))
    changed_units = {unit for unit in units if _set_of(before.get(unit)) != _set_of(now.get(unit))}
    if not changed_units:
        return []

    touched: dict[int, tuple[set[str], str]] = {}  # pk → (audit actions, unit path)
    for object_id, action, path in AuditEntry.objects.filter(
        _after_publication(sheet),
        model=first.model,
        action__in=[Action.CREATE, Action.UPDATE, Action.DELETE],
    ).values_list("object_id", "action", "unit_path"):
        if object_id.isdigit():
            actions, _path = touched.get(int(object_id), (set(), path))
            actions.add(action)
            touched[int(object_id)] = (actions, path or _path)
    query = source.record_query(  # type: ignore[attr-defined]
        period=sheet.period, unit_ids=units, params=first.params
    )
    # Imports write their rows without an audit entry each; their time is on the row.
    stamped = any(field.name == "created_at" for field in model._meta.get_fields())
    # Records whose standing moved through writes to other records (a sign-in recorded
    # since moves its roster row's presence), as the source knows them.
    changes_since = getattr(source, "record_changes_since", None)
    moved = changes_since(sheet.published_at) if changes_since is not None else None
    query = query.annotate(
        created_since=_flag(Q(created_at__gt=sheet.published_at) if stamped else None),
        moved_since=_flag(moved),
    )
    if len(touched) <= FEW_TOUCHED:
        query = query.filter(Q(pk__in=list(touched)) | Q(created_since=True) | Q(moved_since=True))
    # else every record the leaf counts now, narrowed here: an id list that long would pass
    # SQLite's limit of bound parameters.
    found_now = {
        pk: (created, path, elsewhere)
        for pk, created, elsewhere, path in query.values_list(
            "pk", "created_since", "moved_since", f"{unit_chain}__path"
        )
        if created or elsewhere or pk in touched
    }
    owners, all_owners = Owners(changed_units), Owners(units)
    changes: list[tuple[str, str, Sequence[UnitId]]] = []
    added: dict[UnitId, list[int]] = defaultdict(list)
    for pk, (created, path, elsewhere) in found_now.items():
        actions = touched.get(pk, (set(), ""))[0]
        if created or Action.CREATE in actions:
            for unit in owners(path):
                added[unit].append(pk)
            change, affected = ADDED, owners(path)
        elif Action.UPDATE in actions or elsewhere:
            change, affected = EDITED, all_owners(path)
        else:
            continue
        if affected:
            changes.append((evidence_ref(first.model, pk), change, affected))
    gone: dict[UnitId, list[int]] = defaultdict(list)  # records edited away or deleted
    for pk, (actions, path) in touched.items():
        if pk not in found_now and actions & {Action.UPDATE, Action.DELETE}:
            for unit in owners(path):
                gone[unit].append(pk)
    removed: dict[int, list[UnitId]] = defaultdict(list)
    for unit, candidates in gone.items():
        for pk in _removed_from(candidates, before.get(unit), now.get(unit), added[unit]):
            removed[pk].append(unit)
    changes.extend(
        (evidence_ref(first.model, pk), REMOVED, affected) for pk, affected in removed.items()
    )
    return changes


def _removed_from(
    candidates: list[int],
    before: RawValue | None,
    now: RawValue | None,
    added: list[int],
) -> list[int]:
    """Which of the records of a unit deleted or edited since publication, and not counted
    now, were counted then. The published set is known by its count and sum of ids only:
    what left it numbers before − now + added records (taking an edited record still counted
    as counted then too), so when that is none and so is its sum of ids, none of them was
    counted, such as a record of another month deleted. Otherwise every candidate is listed:
    a record too many rather than one missed."""
    (count_before, sum_before), (count_now, sum_now) = _counted(before), _counted(now)
    count = count_before - count_now + len(added)
    total = sum_before - sum_now + sum(added)
    if count == 0 and total == 0:
        return []
    return candidates


def _counted(value: RawValue | None) -> tuple[int, int]:
    records = value.records if value is not None else None
    return (records.count, records.id_sum) if records is not None else (0, 0)


def _flag(condition: Q | None) -> Any:
    """``condition`` as a boolean column (false for every row when there is none)."""
    if condition is None:
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def _set_of(value: RawValue | None) -> tuple[Any, ...]:
    """What a unit's records were: their set (count, sum of ids) and what the source made of
    them (a rate's numerator changes when a matter in the set is closed, the set does not)."""
    if value is None:
        return ()
    return (*_counted(value), value.value, value.numerator, value.denominator)


def edited_since(sheet: ScoreSheet, refs: Iterable[str]) -> set[str]:
    """Those of ``refs`` whose record has an audit entry written after ``sheet``'s publication."""
    by_model: dict[str, dict[str, str]] = defaultdict(dict)
    for ref in refs:
        parsed = parse_ref(ref)
        if parsed:
            by_model[parsed[0]][str(parsed[1])] = ref
    if not by_model:
        return set()
    after = _after_publication(sheet)
    edited: set[str] = set()
    for model, refs_by_pk in by_model.items():
        ids = AuditEntry.objects.filter(
            after,
            model=model,
            object_id__in=list(refs_by_pk),
            action__in=[Action.UPDATE, Action.DELETE],
        ).values_list("object_id", flat=True)
        edited.update(refs_by_pk[pk] for pk in ids)
    return edited


def _after_publication(sheet: ScoreSheet) -> Q:
    # The audit entry of the publication orders edits exactly, even within one clock tick.
    for seq, changes in (
        AuditEntry.objects.filter(
            model="scoring.scoresheet", object_id=str(sheet.pk), action=Action.UPDATE
        )
        .order_by("seq")
        .values_list("seq", "changes")
    ):
        status = changes.get("status")
        if isinstance(status, list) and status[-1] == SheetStatus.PUBLISHED:
            return Q(seq__gt=seq)
    return Q(at__gt=sheet.published_at)


def overlay(
    fresh: Mapping[str, Mapping[UnitId, RawValue]], frozen: Mapping[str, Mapping[UnitId, RawValue]]
) -> dict[str, Mapping[UnitId, RawValue]]:
    """``fresh`` with each frozen leaf's values replaced by the published ones."""
    return {**fresh, **frozen}


def _evidence(value: RawValue | None) -> Sequence[str]:
    return value.evidence if value is not None else ()


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
