"""Reads of mediation cases: the case register and its figures per month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import MediationCase, MediationOutcome


def cases_visible_to(user: Any) -> QuerySet[MediationCase]:
    seen = scope_for(user).visible_q(
        MediationCase,
        "matter__responsible_unit",
        "matter__reporting_unit",
        "matter__dispatch_unit",
        perm=Perm.VIEW_ORG,
    )
    return MediationCase.objects.filter(seen)


def case_get_for(user: Any, case_id: int) -> MediationCase:
    case = (
        cases_visible_to(user)
        .select_related("matter__responsible_unit", "matter__reporting_unit")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


@dataclass
class MonthFigures:
    month: int
    received: int = 0
    concluded: int = 0
    agreement: int = 0
    referred: int = 0
    withdrawn: int = 0

    @property
    def label(self) -> str:
        return f"{self.month // 100}-{self.month % 100:02d}"

    @property
    def success_rate(self) -> Decimal | None:
        """Agreement ÷ concluded, as the `mediation_success` source computes it."""
        if not self.concluded:
            return None
        return Decimal(self.agreement) / Decimal(self.concluded)


def mediation_figures(user: Any, *, year: int) -> list[MonthFigures]:
    """Cases received and concluded per month of ``year``, by outcome (two queries)."""
    cases = cases_visible_to(user).order_by()
    first, last = year * 100 + 1, year * 100 + 12
    figures = {m: MonthFigures(month=m) for m in range(first, last + 1)}
    received = (
        cases.filter(matter__reported_month__gte=first, matter__reported_month__lte=last)
        .values("matter__reported_month")
        .annotate(n=Count("id"))
    )
    for row in received:
        figures[row["matter__reported_month"]].received = row["n"]
    concluded = (
        cases.filter(concluded_month__gte=first, concluded_month__lte=last)
        .values("concluded_month", "outcome")
        .annotate(n=Count("id"))
    )
    by_outcome: dict[int, dict[str, int]] = defaultdict(dict)
    for month, outcome, n in concluded.values_list("concluded_month", "outcome", "n"):
        if month is not None:
            by_outcome[month][outcome] = n
    for month, outcomes in by_outcome.items():
        f = figures[month]
        f.agreement = outcomes.get(MediationOutcome.AGREEMENT, 0)
        f.referred = outcomes.get(MediationOutcome.REFERRED, 0)
        f.withdrawn = outcomes.get(MediationOutcome.WITHDRAWN, 0)
        f.concluded = f.agreement + f.referred + f.withdrawn
    return list(figures.values())
