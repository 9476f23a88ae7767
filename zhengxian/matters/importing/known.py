"""What a file refers to, loaded once: its units, their active people, the registers' entries,
and the visits already saved in the file's date range (for the duplicate check)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Enterprise, Site, Visit, VisitParticipant
from ..selectors.registers import register_paths

CHUNK = 5000  # SQLite refuses more than 32,766 parameters in one query
T = TypeVar("T")

VisitKey = tuple[int, dt.date, str, int, int | None, int | None, str, str, tuple[int, ...]]


def chunks(values: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


class Known:
    def __init__(self, user: Any, unit_codes: set[str]) -> None:
        self.scope = scope_for(user)
        self.record_paths = tuple(self.scope.paths(Perm.RECORD_WORK))
        self.register_paths = tuple(register_paths(user))
        self.units: dict[str, Unit] = {}
        for batch in chunks(sorted(unit_codes)):
            self.units.update((u.code, u) for u in Unit.objects.filter(code__in=batch))
        self.by_name: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_phone: dict[tuple[int, str], int] = {}
        ids = [u.pk for u in self.units.values()]
        for id_batch in chunks(ids):
            for pk, unit_id, name, phone in Person.objects.filter(
                unit_id__in=id_batch, is_active=True
            ).values_list("pk", "unit_id", "name", "phone"):
                self.by_name[(unit_id, name)].append(pk)
                if phone:
                    self.by_phone[(unit_id, phone)] = pk
        self.enterprises: dict[tuple[int, str], int] = {}
        self.sites: dict[tuple[int, str], int] = {}
        for id_batch in chunks(ids):
            self.enterprises.update(
                ((unit_id, key), pk)
                for pk, unit_id, key in Enterprise.objects.filter(
                    unit_id__in=id_batch, is_active=True
                ).values_list("pk", "unit_id", "name_key")
            )
            self.sites.update(
                ((unit_id, key), pk)
                for pk, unit_id, key in Site.objects.filter(
                    unit_id__in=id_batch, is_active=True
                ).values_list("pk", "unit_id", "name_key")
            )

    def may_record(self, unit: Unit) -> bool:
        return self.scope.is_superuser or unit.path.startswith(self.record_paths)

    def in_register_area(self, unit: Unit) -> bool:
        return unit.path.startswith(self.register_paths)


def saved_visits(unit_ids: set[int], first: dt.date, last: dt.date) -> set[VisitKey]:
    """The keys of the visits saved by ``unit_ids`` between ``first`` and ``last``."""
    rows: dict[int, tuple[Any, ...]] = {}
    for batch in chunks(sorted(unit_ids)):
        for row in Visit.objects.filter(
            unit_id__in=batch, visited_on__range=(first, last)
        ).values_list(
            "pk",
            "unit_id",
            "visited_on",
            "target_kind",
            "target_unit_id",
            "enterprise_id",
            "site_id",
            "household",
            "summary",
        ):
            rows[row[0]] = row[1:]
    people: dict[int, list[int]] = defaultdict(list)
    for batch in chunks(sorted(rows)):
        for visit_id, person_id in VisitParticipant.objects.filter(visit_id__in=batch).values_list(
            "visit_id", "person_id"
        ):
            people[visit_id].append(person_id)
    return {(*row, tuple(sorted(people[pk]))) for pk, row in rows.items()}  # type: ignore[misc]
