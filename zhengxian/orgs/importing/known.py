"""The units of the database that a file refers to, loaded in a few set-based queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from ..models import Unit
from ..roles import Perm
from ..scope import Scope

T = TypeVar("T")
CHUNK = 500  # keeps every IN (...) under the database's parameter limit


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class KnownUnits:
    """Existing units by code, with the parent code of each and of all their ancestors.

    The parent codes let the validation follow a chain of parents through the database
    (to find a loop made by moving a unit under its own sub-unit) without a query per step.
    """

    def __init__(self, *, codes: Iterable[str], scope: Scope) -> None:
        self.scope = scope
        self.by_code: dict[str, Unit] = {}
        for batch in chunks(sorted(set(codes))):
            self.by_code.update((u.code, u) for u in Unit.objects.filter(code__in=batch))
        ancestor_ids = {pk for unit in self.by_code.values() for pk in unit.ancestor_ids()}
        code_of = {unit.pk: code for code, unit in self.by_code.items()}
        parent_id_of = {unit.pk: unit.parent_id for unit in self.by_code.values()}
        for ids in chunks(sorted(ancestor_ids - set(code_of))):
            for pk, code, parent_id in Unit.objects.filter(pk__in=ids).values_list(
                "pk", "code", "parent_id"
            ):
                code_of[pk] = code
                parent_id_of[pk] = parent_id
        self.parent_code: dict[str, str] = {
            code_of[pk]: code_of.get(parent_id, "") if parent_id else ""
            for pk, parent_id in parent_id_of.items()
        }

    def get(self, code: str) -> Unit | None:
        return self.by_code.get(code)

    def in_scope(self, unit: Unit) -> bool:
        return self.scope.can(Perm.IMPORT_ORG, unit)
