"""Searching the units and people of the user's scope by name, for the search boxes that stand
in for long select lists (issue 13: a province has 24,000 units and 285,000 people).

Every search starts from the scope, like every selector: a unit or a person outside it is
never a match, whatever the text. A search is bounded: at most ``RESULT_LIMIT`` matches in
two queries (the matches, then the names of their visible parent units), whatever the size
of the tree. Phone numbers are neither searched nor shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Person, RoleAssignment, Unit, UnitKind
from .paths import path_ids
from .roles import Perm, Role
from .scope import Scope, scope_for

RESULT_LIMIT = 20
QUERY_MAX_LENGTH = 50
# How many of a unit's visible ancestors a match names to tell apart units of one name.
ANCESTORS_SHOWN = 2


@dataclass(frozen=True)
class Match:
    """One match: ``label`` and ``detail`` for the list, ``text`` for the box once chosen."""

    id: int
    label: str
    detail: str
    text: str


def clean_query(raw: object) -> str:
    """The search text: printable characters only, spaces collapsed, at most 50 characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw or ""))
    return " ".join(text.split())[:QUERY_MAX_LENGTH]


def parse_perms(values: Iterable[str]) -> tuple[Perm, ...]:
    """The known permissions among ``values`` (unknown ones are ignored)."""
    known = {perm.value: perm for perm in Perm}
    return tuple(dict.fromkeys(known[v] for v in values if v in known))


def parse_kinds(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v in UnitKind.values))


def parse_roles(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v in Role.values))


def _scope_q(scope: Scope, perms: Sequence[Perm], *, via: str = "") -> Q:
    """Units (reached through ``via``) where the user holds any of ``perms`` (VIEW_ORG if none)."""
    if scope.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for perm in perms or (Perm.VIEW_ORG,):
        q |= scope.unit_q(perm, via=via)
    return q


def _rank(**levels: Q) -> Case:
    """0 for rows matching the first condition, 1 for the second …, then the rest."""
    whens = [When(condition, then=Value(i)) for i, condition in enumerate(levels.values())]
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


def _visible_names(scope: Scope, paths: Iterable[str]) -> dict[int, str]:
    """The names of the units above ``paths`` that the user may see (one query)."""
    ids = {unit_id for path in paths for unit_id in path_ids(path)[:-1]}
    if not ids:
        return {}
    rows = Unit.objects.filter(_scope_q(scope, ()), pk__in=ids).values_list("pk", "name")
    return dict(rows)


def _ancestry(path: str, names: dict[int, str], count: int = ANCESTORS_SHOWN) -> str:
    shown = [names[i] for i in path_ids(path)[:-1] if i in names]
    return " / ".join(shown[-count:])


def units_matching(
    user: Any,
    query: object,
    *,
    perms: Sequence[Perm] = (),
    kinds: Sequence[str] = (),
    exclude_kinds: Sequence[str] = (),
    limit: int = RESULT_LIMIT,
) -> list[Match]:
    """Active units of the user's scope (where they hold one of ``perms``) whose name holds
    ``query`` or whose code starts with it: exact and leading matches first, then tree order."""
    text = clean_query(query)
    if not text:
        return []
    scope = scope_for(user)
    units: QuerySet[Unit] = Unit.objects.filter(_scope_q(scope, perms), is_active=True)
    if kinds:
        units = units.filter(kind__in=kinds)
    if exclude_kinds:
        units = units.exclude(kind__in=exclude_kinds)
    rows = list(
        units.filter(Q(name__icontains=text) | Q(code__istartswith=text))
        .annotate(
            rank=_rank(
                exact=Q(name=text) | Q(code__iexact=text),
                leading=Q(name__startswith=text) | Q(code__istartswith=text),
            )
        )
        .order_by("rank", "path")
        .values_list("pk", "name", "code", "path")[: max(1, min(limit, RESULT_LIMIT))]
    )
    names = _visible_names(scope, (path for *_, path in rows))
    return [
        Match(pk, name, " · ".join(part for part in (code, _ancestry(path, names)) if part), name)
        for pk, name, code, path in rows
    ]


def people_matching(
    user: Any,
    query: object,
    *,
    perms: Sequence[Perm] = (),
    roles: Sequence[str] = (),
    limit: int = RESULT_LIMIT,
) -> list[Match]:
    """Active people of the user's scope whose name, position or unit's name holds ``query``:
    names first (exact, leading, anywhere), then positions and units. ``roles`` keeps those
    holding one of the roles (over any unit)."""
    text = clean_query(query)
    if not text:
        return []
    scope = scope_for(user)
    people: QuerySet[Person] = Person.objects.filter(
        _scope_q(scope, perms, via="unit"), is_active=True
    )
    if roles:
        people = people.filter(
            pk__in=RoleAssignment.objects.filter(role__in=roles).values("person_id")
        )
    rows = list(
        people.filter(
            Q(name__icontains=text) | Q(position__icontains=text) | Q(unit__name__icontains=text)
        )
        .annotate(
            rank=_rank(
                exact=Q(name=text),
                leading=Q(name__startswith=text),
                anywhere=Q(name__icontains=text),
            )
        )
        .order_by("rank", "name", "pk")
        .values_list("pk", "name", "position", "unit__name", "unit__path")[
            : max(1, min(limit, RESULT_LIMIT))
        ]
    )
    names = _visible_names(scope, (path for *_, path in rows))
    matches = []
    for pk, name, position, unit_name, path in rows:
        above = _ancestry(path, names, 1)
        unit = f"{unit_name}（{above}）" if above else unit_name
        detail = " · ".join(part for part in (position, unit) if part)
        matches.append(Match(pk, name, detail, f"{name} · {unit_name}"))
    return matches
