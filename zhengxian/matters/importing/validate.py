"""Checks every row of the 走访 sheet before anything is written, collecting every problem.

The rules are those of `services.visits.visit_create` (a date within the last year and not in
the future, at least one active visitor, something said of the visit, a target in the
actor's register area), checked against dicts loaded once (`.known`), not a query per row.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.spreadsheets import RowProblem, Workbook, cells

from ..models import TargetKind
from ..services.registers import name_key
from ..services.visits import OLDEST_VISIT_DAYS
from .columns import (
    DATE,
    HOUSEHOLD,
    KIND,
    KIND_BY_LABEL,
    KIND_LABELS,
    NAME,
    SHEET,
    SUMMARY,
    TARGET,
    UNIT,
    VISITOR_SEPARATORS,
    VISITORS,
)
from .known import Known, VisitKey, saved_visits
from .plan import ImportPlan, VisitRow

SUMMARY_LENGTH = 2000
HOUSEHOLD_LENGTH = 100
_SPLIT = re.compile(VISITOR_SEPARATORS)


class Reporter:
    def __init__(self) -> None:
        self.problems: list[RowProblem] = []

    def __call__(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(SHEET, row, column, message))


def validate(book: Workbook, *, user: Any) -> tuple[ImportPlan, list[RowProblem]]:
    rows = book.sheets.get(SHEET, [])
    codes = {cells.text(v[UNIT]) for _n, v in rows} | {cells.text(v[TARGET]) for _n, v in rows}
    known = Known(user, codes - {""})
    today = clock.today()
    oldest = today - dt.timedelta(days=OLDEST_VISIT_DAYS)
    report = Reporter()
    problems = report.problems
    checked: list[tuple[VisitRow, VisitKey]] = []
    for number, values in rows:
        found = _row(number, values, known, today, oldest, report)
        if found is not None:
            checked.append(found)
    plan = ImportPlan()
    if problems or not checked:
        return plan, problems
    first = min(key[1] for _r, key in checked)
    last = max(key[1] for _r, key in checked)
    seen = saved_visits({row.unit for row, _k in checked}, first, last)
    for row, key in checked:
        if key in seen:
            plan.duplicates += 1
            continue
        seen.add(key)
        plan.rows.append(row)
    return plan, problems


def _row(
    n: int,
    v: dict[str, Any],
    known: Known,
    today: dt.date,
    oldest: dt.date,
    report: Reporter,
) -> tuple[VisitRow, VisitKey] | None:
    before = len(report.problems)
    unit_code = cells.text(v[UNIT])
    unit = known.units.get(unit_code)
    if not unit_code:
        report(n, UNIT, _("Enter %(column)s.") % {"column": UNIT})
    elif unit is None:
        report(n, UNIT, _("Unknown unit code %(code)s.") % {"code": unit_code})
    elif not known.may_record(unit):
        report(
            n,
            UNIT,
            _("You may not record visits for the unit %(code)s.") % {"code": unit_code},
        )
        unit = None
    visited_on = None
    try:
        visited_on = cells.date(v[DATE])
    except ValueError:
        report(n, DATE, _("Enter a date such as 2023-03-01."))
    else:
        if visited_on is None:
            report(n, DATE, _("Enter %(column)s.") % {"column": DATE})
        elif visited_on > today:
            report(n, DATE, _("A visit cannot be in the future."))
        elif visited_on < oldest:
            report(n, DATE, _("A visit must be logged within a year."))
    visitors = _visitors(n, v[VISITORS], unit, known, report)
    kind_label = cells.text(v[KIND])
    kind = KIND_BY_LABEL.get(kind_label, "")
    if not kind:
        report(
            n,
            KIND,
            _("Unknown kind of visit %(value)s; use one of: %(choices)s.")
            % {"value": kind_label or "—", "choices": "、".join(KIND_LABELS.values())},
        )
    target = _target(n, v, unit, known, report)
    enterprise = site = None
    household = ""
    if kind and target is not None:
        name = cells.text(v[NAME])
        if kind in (TargetKind.ENTERPRISE, TargetKind.SITE):
            register = known.enterprises if kind == TargetKind.ENTERPRISE else known.sites
            found = register.get((target.pk, name_key(name))) if name else None
            if found is None:
                report(
                    n,
                    NAME,
                    _("No enterprise or site named %(name)s in the community %(code)s.")
                    % {"name": name or "—", "code": target.code},
                )
            elif kind == TargetKind.ENTERPRISE:
                enterprise = found
            else:
                site = found
        elif kind == TargetKind.HOUSEHOLD:
            household = cells.text(v[HOUSEHOLD])
            if not household:
                report(n, HOUSEHOLD, _("Say which household (a name or an address)."))
            elif len(household) > HOUSEHOLD_LENGTH:
                report(
                    n,
                    HOUSEHOLD,
                    _("The text is longer than %(max)s characters.") % {"max": HOUSEHOLD_LENGTH},
                )
    summary = cells.text(v[SUMMARY])
    if not summary:
        report(n, SUMMARY, _("Enter %(column)s.") % {"column": SUMMARY})
    elif len(summary) > SUMMARY_LENGTH:
        report(
            n, SUMMARY, _("The text is longer than %(max)s characters.") % {"max": SUMMARY_LENGTH}
        )
    if len(report.problems) != before or unit is None or target is None or visited_on is None:
        return None
    people = tuple(sorted(visitors))
    row = VisitRow(
        n,
        unit.pk,
        visited_on.isoformat(),
        kind,
        target.pk,
        enterprise,
        site,
        household,
        summary,
        people,
    )
    key: VisitKey = (
        unit.pk,
        visited_on,
        kind,
        target.pk,
        enterprise,
        site,
        household,
        summary,
        people,
    )
    return row, key


def _visitors(n: int, value: Any, unit: Any, known: Known, report: Reporter) -> set[int]:
    names = [part for part in _SPLIT.split(cells.text(value)) if part]
    if not names:
        report(n, VISITORS, _("Say who went."))
        return set()
    if unit is None:
        return set()
    people: set[int] = set()
    for name in names:
        by_phone = known.by_phone.get((unit.pk, name))
        if by_phone is not None:
            people.add(by_phone)
            continue
        matches = known.by_name.get((unit.pk, name), [])
        if len(matches) == 1:
            people.add(matches[0])
        elif matches:
            report(
                n,
                VISITORS,
                _("%(name)s names several people of the unit: enter the phone number instead.")
                % {"name": name},
            )
        else:
            report(
                n,
                VISITORS,
                _("No active person of the unit %(unit)s is called %(name)s.")
                % {"unit": unit.code, "name": name},
            )
    return people


def _target(n: int, v: dict[str, Any], unit: Any, known: Known, report: Reporter) -> Any:
    code = cells.text(v[TARGET])
    if not code:
        return unit
    target = known.units.get(code)
    if target is None:
        report(n, TARGET, _("Unknown unit code %(code)s.") % {"code": code})
        return None
    if not known.in_register_area(target):
        report(n, TARGET, _("The unit %(code)s is outside your scope.") % {"code": code})
        return None
    return target
