"""The attendance figures of the pages, counted by the database, and the filters the
campaign sources share (`indicator_sources.py`, which count their records the same way).

Each reader takes a month range (``yyyymm`` keys, stored and indexed on every record)
and a few filters and runs one query. A record counts for its unit and for every unit above
it (a grid's cadre counts for the grid, its community and the sub-district), read from the
unit's materialised path.

- Attendance: roster rows (`ExpectedAttendee`) of *held* sessions are the denominator;
  those whose person signed in to that same session are the numerator. Walk-ins (sign-ins
  of people not on the roster) are shown but never counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhengxian.orgs.models import Unit
from zhengxian.orgs.paths import path_ids

from .models import ExpectedAttendee, SignIn
from .models.activities import HELD_STATUSES


@dataclass
class Tally:
    """Present (``numerator``) of expected (``denominator``): a unit's or a person's."""

    numerator: int = 0
    denominator: int = 0


# -- filters -------------------------------------------------------------------------------


def activity_q(params: Mapping[str, Any], prefix: str = "") -> Q:
    """The activities a leaf selects: ``activity_kind`` and ``series`` when given."""
    q = Q()
    if params.get("activity_kind"):
        q &= Q(**{f"{prefix}kind": params["activity_kind"]})
    if params.get("series"):
        q &= Q(**{f"{prefix}series": params["series"]})
    return q


def months_q(first_month: int, last_month: int, field_name: str = "month") -> Q:
    return Q(**{f"{field_name}__gte": first_month, f"{field_name}__lte": last_month})


# -- attendance ----------------------------------------------------------------------------


def signed_in() -> QuerySet[SignIn]:
    """The sign-in of a roster row's person at its session (the outer query's row): what
    makes the row present. Walk-ins have no roster row and so never count."""
    return SignIn.objects.filter(session_id=OuterRef("session_id"), person_id=OuterRef("person_id"))


def attendance_count_rows(
    first_month: int,
    last_month: int,
    params: Mapping[str, Any],
    *,
    by: str,
    within: Q | None = None,
) -> QuerySet[ExpectedAttendee, tuple[int, int, int]]:
    """(unit or person id, expected, present) per unit or person (``by``) with roster rows
    of held sessions in the months, ``within`` narrowing the roster rows; one query, unordered."""
    return (
        held_roster(first_month, last_month, params)
        .filter(within or Q())
        .order_by()
        .values(f"{by}_id")
        .annotate(expected=Count("pk"), present=Count("pk", filter=Q(Exists(signed_in()))))
        .values_list(f"{by}_id", "expected", "present")
    )


def held_roster(
    first_month: int, last_month: int, params: Mapping[str, Any]
) -> QuerySet[ExpectedAttendee]:
    """The roster rows of held sessions in the months (of the activities ``params`` select)."""
    held = activity_q(params, "session__activity__") & Q(session__status__in=HELD_STATUSES)
    return ExpectedAttendee.objects.filter(months_q(first_month, last_month), held)


def attendance_counts(
    first_month: int, last_month: int, params: Mapping[str, Any], *, by: str
) -> dict[int, Tally]:
    """Present ÷ expected per unit (``by="unit"``, rolled up through the paths: the values
    of the ``attendance_rate`` source) or per person (``by="person"``: a person's sign-ins ÷
    the held sessions they were expected at), counted by the database. At province scale a
    year has about a million roster rows; this reads one row per unit or person instead."""
    rows = attendance_count_rows(first_month, last_month, params, by=by)
    counts = {key: (expected, present) for key, expected, present in rows}
    if by == "person":
        return {key: Tally(present, expected) for key, (expected, present) in counts.items()}
    return roll_up(counts)


def roll_up(counts: Mapping[int, tuple[int, int]]) -> dict[int, Tally]:
    """{unit id: (expected, present)} counted for each unit and every unit above it."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    for unit_id, path in _paths(list(counts)):
        expected, present = counts[unit_id]
        for key in path_ids(path):
            tallies[key].denominator += expected
            tallies[key].numerator += present
    return dict(tallies)


def _paths(unit_ids: list[int], slice_size: int = 10_000) -> Iterable[tuple[int, str]]:
    """(id, path) of the units, in slices: a province's ids in one IN list would pass
    SQLite's bound-parameter limit."""
    for start in range(0, len(unit_ids), slice_size):
        chunk = unit_ids[start : start + slice_size]
        yield from Unit.objects.filter(pk__in=chunk).values_list("pk", "path")


# -- events --------------------------------------------------------------------------------


def brand_q(brand: str, prefix: str = "activity__") -> Q:
    """A brand named by its name (寻梦城河) or its code."""
    return Q(**{f"{prefix}brand__name": brand}) | Q(**{f"{prefix}brand__code": brand})
