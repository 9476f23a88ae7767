"""The numbers behind the campaign sources and the attendance pages, computed set-wise.

Each reader takes a month range (``yyyymm`` keys, stored and indexed on every record)
and a few filters, runs a constant number of queries, and tallies in Python. A record
counts for its unit and for every unit above it (a grid's cadre counts for the grid, its
community and the sub-district), read from the unit's materialised path.

- Attendance: roster rows (`ExpectedAttendee`) of *held* sessions are the denominator;
  sign-ins of those same people at those same sessions are the numerator. Walk-ins (sign-
  ins of people not on the roster) are shown but never counted.
- Sessions held: sessions in the months, not cancelled, are *planned*; those opened or
  recorded as held are *held*.
- Event participants: the head counts (人次) of held sessions of events.
- Alliance events: held sessions of party-alliance events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhengxian.engine.evidence import evidence_ref
from zhengxian.engine.types import RawValue, rate_value
from zhengxian.orgs.models import Unit
from zhengxian.orgs.paths import path_ids

from .models import ActivityKind, ExpectedAttendee, Session, SessionStatus, SignIn
from .models.activities import EVENT_KINDS, HELD_STATUSES

K = TypeVar("K", bound=Hashable)


@dataclass
class Tally:
    numerator: int = 0
    denominator: int = 0
    sessions: set[int] = field(default_factory=set)
    sign_ins: set[int] = field(default_factory=set)

    def evidence(self) -> tuple[str, ...]:
        return tuple(
            [evidence_ref("activities.session", pk) for pk in sorted(self.sessions)]
            + [evidence_ref("activities.signin", pk) for pk in sorted(self.sign_ins)]
        )

    def rate(self) -> RawValue:
        return rate_value(self.numerator, self.denominator, self.evidence())


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

ExpectedRow = tuple[int, int, int, str]  # (session id, person id, unit id, unit path)


def attendance_rows(
    first_month: int, last_month: int, params: Mapping[str, Any]
) -> tuple[list[ExpectedRow], dict[tuple[int, int], int]]:
    """The roster rows of held sessions in the months, and the sign-ins that match them
    as {(session id, person id): sign-in id}. Two queries."""
    sessions = activity_q(params, "session__activity__") & Q(session__status__in=HELD_STATUSES)
    expected = list(
        ExpectedAttendee.objects.filter(months_q(first_month, last_month), sessions)
        .order_by()
        .values_list("session_id", "person_id", "unit_id", "unit__path")
    )
    signed = {
        (session_id, person_id): pk
        for pk, session_id, person_id in SignIn.objects.filter(
            months_q(first_month, last_month), sessions
        )
        .order_by()
        .values_list("pk", "session_id", "person_id")
    }
    return expected, signed


def tally_attendance(
    expected: Iterable[ExpectedRow],
    signed: Mapping[tuple[int, int], int],
    keys: Callable[[ExpectedRow], Iterable[K]],
) -> dict[K, Tally]:
    tallies: dict[K, Tally] = defaultdict(Tally)
    for row in expected:
        session_id, person_id = row[0], row[1]
        sign_in = signed.get((session_id, person_id))
        for key in keys(row):
            tally = tallies[key]
            tally.denominator += 1
            tally.sessions.add(session_id)
            if sign_in is not None:
                tally.numerator += 1
                tally.sign_ins.add(sign_in)
    return dict(tallies)


def attendance_by_unit(
    first_month: int, last_month: int, params: Mapping[str, Any]
) -> dict[int, Tally]:
    expected, signed = attendance_rows(first_month, last_month, params)
    return tally_attendance(expected, signed, lambda row: path_ids(row[3]))


def attendance_by_person(
    first_month: int, last_month: int, params: Mapping[str, Any]
) -> dict[int, Tally]:
    """The per-cadre variant: each person's sign-ins ÷ the sessions they were expected at."""
    expected, signed = attendance_rows(first_month, last_month, params)
    return tally_attendance(expected, signed, lambda row: [row[1]])


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
    on_roster = SignIn.objects.filter(
        session_id=OuterRef("session_id"), person_id=OuterRef("person_id")
    )
    return (
        held_roster(first_month, last_month, params)
        .filter(within or Q())
        .order_by()
        .values(f"{by}_id")
        .annotate(expected=Count("pk"), present=Count("pk", filter=Q(Exists(on_roster))))
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
    """The same rates as `attendance_by_unit` (``by="unit"``, rolled up through the paths)
    or `attendance_by_person` (``by="person"``), counted by the database: for pages, which
    show the rates without their evidence (the tallies' session and sign-in sets stay
    empty). At province scale a year has about a million roster rows; this reads one row per
    unit or person instead."""
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


# -- sessions held -------------------------------------------------------------------------


def sessions_held_by_unit(
    first_month: int, last_month: int, params: Mapping[str, Any]
) -> dict[int, Tally]:
    """Planned = sessions in the months that were not cancelled; held = opened or recorded
    as held. One query."""
    rows = (
        Session.objects.filter(months_q(first_month, last_month), activity_q(params, "activity__"))
        .exclude(status=SessionStatus.CANCELLED)
        .order_by()
        .values_list("pk", "status", "activity__organiser__path")
    )
    tallies: dict[int, Tally] = defaultdict(Tally)
    for pk, status, path in rows:
        for unit_id in path_ids(path):
            tally = tallies[unit_id]
            tally.denominator += 1
            tally.sessions.add(pk)
            if status in HELD_STATUSES:
                tally.numerator += 1
    return dict(tallies)


# -- events --------------------------------------------------------------------------------


def brand_q(brand: str, prefix: str = "activity__") -> Q:
    """A brand named by its name (寻梦城河) or its code."""
    return Q(**{f"{prefix}brand__name": brand}) | Q(**{f"{prefix}brand__code": brand})


def held_event_sessions(
    first_month: int, last_month: int, q: Q
) -> list[tuple[int, int | None, str]]:
    """(session id, participants, organiser path) of held event sessions. One query."""
    return list(
        Session.objects.filter(
            q,
            months_q(first_month, last_month),
            status__in=HELD_STATUSES,
            activity__kind__in=EVENT_KINDS,
        )
        .order_by()
        .values_list("pk", "participants", "activity__organiser__path")
    )


def count_by_unit(
    rows: Iterable[tuple[int, int | None, str]], *, weight: Callable[[int | None], int]
) -> dict[int, Tally]:
    tallies: dict[int, Tally] = defaultdict(Tally)
    for pk, participants, path in rows:
        for unit_id in path_ids(path):
            tallies[unit_id].numerator += weight(participants)
            tallies[unit_id].sessions.add(pk)
    return dict(tallies)


def participants_by_unit(first_month: int, last_month: int, brand: str = "") -> dict[int, Tally]:
    q = brand_q(brand) if brand else Q()
    rows = held_event_sessions(first_month, last_month, q)
    return count_by_unit(rows, weight=lambda participants: participants or 0)


def alliance_events_by_unit(
    first_month: int, last_month: int, alliance: str = ""
) -> dict[int, Tally]:
    q = Q(activity__kind=ActivityKind.ALLIANCE)
    if alliance:
        q &= Q(activity__alliance=alliance)
    rows = held_event_sessions(first_month, last_month, q)
    return count_by_unit(rows, weight=lambda _participants: 1)
