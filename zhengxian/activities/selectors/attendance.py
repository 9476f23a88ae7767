"""Who was expected at a session, who signed in, late and absent (derived as of now)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .. import figures, rules
from ..attendance_version import attendance_version
from ..models import ExpectedAttendee, Session, SessionStatus, SignIn
from ..rules import Attendance


@dataclass(frozen=True)
class RosterRow:
    person_id: int
    name: str
    unit_name: str
    on_roster: bool
    state: Attendance | None  # None for a walk-in
    sign_in: SignIn | None

    @property
    def state_label(self) -> str:
        return str(rules.ATTENDANCE_LABELS[self.state]) if self.state else ""


@dataclass(frozen=True)
class SessionCounts:
    expected: int
    signed: int  # sign-ins of people on the roster
    on_time: int
    late: int
    absent: int
    pending: int
    walk_ins: int
    by_hand: int

    @property
    def rate(self) -> float | None:
        return self.signed / self.expected if self.expected else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def _rows(session: Session, now: dt.datetime, people_q: Q | None = None) -> list[RosterRow]:
    expected = ExpectedAttendee.objects.filter(session=session)
    sign_ins = SignIn.objects.filter(session=session)
    if people_q is not None:
        expected = expected.filter(people_q)
        sign_ins = sign_ins.filter(people_q)
    signed = {row.person_id: row for row in sign_ins.select_related("person", "unit")}
    rows = []
    for row in expected.select_related("person", "unit").order_by("unit__path", "person__name"):
        sign_in = signed.pop(row.person_id, None)
        state = rules.attendance(session, sign_in.signed_at if sign_in else None, now)
        rows.append(RosterRow(row.person_id, row.person.name, row.unit.name, True, state, sign_in))
    for sign_in in sorted(signed.values(), key=lambda s: s.signed_at):
        rows.append(
            RosterRow(
                sign_in.person_id, sign_in.person.name, sign_in.unit.name, False, None, sign_in
            )
        )
    return rows


def counts_of(rows: list[RosterRow]) -> SessionCounts:
    states = Counter(row.state for row in rows if row.on_roster)
    return SessionCounts(
        expected=sum(1 for row in rows if row.on_roster),
        signed=states[Attendance.ON_TIME] + states[Attendance.LATE],
        on_time=states[Attendance.ON_TIME],
        late=states[Attendance.LATE],
        absent=states[Attendance.ABSENT],
        pending=states[Attendance.PENDING],
        walk_ins=sum(1 for row in rows if not row.on_roster),
        by_hand=sum(1 for row in rows if row.sign_in and row.sign_in.method == "manual"),
    )


def session_counts(session: Session, now: dt.datetime) -> SessionCounts:
    """The whole session's figures (shown on the organiser's screen: no names)."""
    return counts_of(_rows(session, now))


def session_roster(user: Any, session: Session, now: dt.datetime) -> list[RosterRow]:
    """The rows the user may see: all of them for whoever sees the organising unit;
    otherwise the people of the user's own units, and the user's own row."""
    scope = scope_for(user)
    if scope.can(Perm.VIEW_ORG, session.activity.organiser):
        return _rows(session, now)
    people_q = scope.unit_q(Perm.VIEW_ORG, via="person__unit") | Q(person__user=user)
    return _rows(session, now, people_q)


@dataclass(frozen=True)
class MySession:
    session: Session
    state: Attendance
    sign_in: SignIn | None

    @property
    def state_label(self) -> str:
        return str(rules.ATTENDANCE_LABELS[self.state])


def my_sessions(
    user: Any, now: dt.datetime, *, limit: int = 30
) -> tuple[list[MySession], list[MySession]]:
    """The user's own sessions: (coming up or open now, the most recent past ones)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return [], []
    rows = (
        ExpectedAttendee.objects.filter(person=person)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__activity__organiser")
    )
    signed = {s.session_id: s for s in SignIn.objects.filter(person=person)}
    upcoming: list[MySession] = []
    past: list[MySession] = []
    for row in rows.order_by("session__starts_at"):
        session = row.session
        sign_in = signed.get(session.pk)
        mine = MySession(
            session, rules.attendance(session, sign_in.signed_at if sign_in else None, now), sign_in
        )
        ended = session.status == SessionStatus.CLOSED or now > session.ends_at
        (past if ended else upcoming).append(mine)
    return upcoming[:limit], list(reversed(past))[:limit]


@dataclass(frozen=True)
class RateRow:
    label: str
    detail: str
    tally: figures.Tally

    @property
    def rate(self) -> float | None:
        return self.tally.numerator / self.tally.denominator if self.tally.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def attendance_by_unit_for(
    user: Any, first_month: int, last_month: int, *, limit: int
) -> list[RateRow]:
    """The first ``limit`` units of the user's scope with roster rows in the months, in tree
    order, with their attendance (the report's unit rows, counted by the database)."""
    by_unit = figures.attendance_counts(first_month, last_month, {}, by="unit")
    units = (
        Unit.objects.filter(scope_for(user).unit_q(Perm.VIEW_ORG))
        .order_by("path")
        .only("pk", "name", "kind", "path")
    )
    rows: list[RateRow] = []
    for unit in units.iterator(chunk_size=200):
        if unit.pk in by_unit:
            rows.append(RateRow(unit.name, unit.get_kind_display(), by_unit[unit.pk]))
            if len(rows) == limit:
                break
    return rows


REPORT_PAGE_SIZE = 50
KEEP_SECONDS = 3600  # a safety net for a write that bypasses the model signals


@dataclass(frozen=True)
class AttendanceReport:
    units: Page[Any]  # of RateRow, the units in tree order
    people: Page[Any]  # of RateRow, the people by unit, then name


def _unit_counts(
    first_month: int, last_month: int, params: dict[str, Any]
) -> dict[int, figures.Tally]:
    """`figures.attendance_counts` by unit (rolled up through the current paths), the
    per-unit counts kept in the cache until the next sign-in, roster row or session is
    written (`attendance_version`): they read every roster row of the months (about a
    million a year at province scale), the rest of the report only a page."""
    key = "activities:attendance-units:" + ":".join(
        map(str, (first_month, last_month, sorted(params.items()), attendance_version()))
    )
    counts = cache.get(key)
    if counts is None:
        rows = figures.attendance_count_rows(first_month, last_month, params, by="unit")
        counts = {unit_id: (expected, present) for unit_id, expected, present in rows}
        cache.set(key, counts, KEEP_SECONDS)
    return figures.roll_up(counts)


def attendance_report(
    user: Any,
    first_month: int,
    last_month: int,
    params: dict[str, Any],
    *,
    unit_page: Any = 1,
    person_page: Any = 1,
) -> AttendanceReport:
    """Attendance per unit (with its sub-units) and per cadre, for the units and people in
    the user's scope, a page of each. The units' rates are rolled up from one count per unit
    (kept, see `_unit_counts`); the people are paged in SQL (those with roster rows in the
    months, found through the roster's person index) and only the page's are counted."""
    scope = scope_for(user)
    by_unit = _unit_counts(first_month, last_month, params)
    units = [
        unit
        for unit in Unit.objects.filter(scope.unit_q(Perm.VIEW_ORG))
        .order_by("path")
        .only("pk", "name", "kind", "path")
        .iterator(chunk_size=2000)
        if unit.pk in by_unit
    ]
    unit_rows = Paginator(units, REPORT_PAGE_SIZE).get_page(unit_page)
    held = figures.held_roster(first_month, last_month, params)
    people_ids = (
        scope.filter(Person.objects.all())
        .filter(Exists(held.filter(person_id=OuterRef("pk"))))
        .order_by("unit__path", "name", "pk")
        .values_list("pk", flat=True)
    )
    people_rows = Paginator(people_ids, REPORT_PAGE_SIZE).get_page(person_page)
    shown = list(people_rows.object_list)
    counts = {
        pk: (expected, present)
        for pk, expected, present in figures.attendance_count_rows(
            first_month, last_month, params, by="person", within=Q(person_id__in=shown)
        )
    }
    people = Person.objects.select_related("unit").in_bulk(shown)
    return AttendanceReport(
        units=Page(
            [RateRow(u.name, u.get_kind_display(), by_unit[u.pk]) for u in unit_rows],
            unit_rows.number,
            unit_rows.paginator,
        ),
        people=Page(
            [
                RateRow(
                    people[pk].name,
                    people[pk].unit.name,
                    figures.Tally(counts[pk][1], counts[pk][0]),
                )
                for pk in shown
            ],
            people_rows.number,
            people_rows.paginator,
        ),
    )
