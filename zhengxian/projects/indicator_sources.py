"""Sources of the campaign engine computed from key projects and special actions.

Each computes one period for every unit at once, in a constant number of queries, filtering
records by their stored month keys; the unit a project's numbers count for is its
responsible unit, a task's its owner unit. Evidence references are sorted by model, then id.
The exact definitions are in docs/projects.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import evidence_ref, evidence_refs
from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue, UnitId, rate_value

from . import status as rules
from .models import ActionTask, Category, Milestone, ProgressReport, Project, ProjectTag

PROJECT_PARAMS: Mapping[str, ParamSpec] = {
    "category": ParamSpec(
        "str", choices=tuple(Category.values), help="Only projects of this competition"
    ),
    "tags": ParamSpec("list", help="Only projects carrying at least one of these tags"),
    "public_only": ParamSpec("bool", help="Only public (livelihood) projects"),
}


def project_q(params: Mapping[str, Any], prefix: str = "") -> Q:
    """The projects a leaf's parameters select (``prefix`` reaches Project from a record)."""
    q = Q()
    if params.get("category"):
        q &= Q(**{f"{prefix}category": params["category"]})
    tags = [str(tag) for tag in params.get("tags") or ()]
    if tags:
        tagged = ProjectTag.objects.filter(tag__in=tags).values("project_id")
        q &= Q(**{f"{prefix}pk__in": tagged})
    if params.get("public_only"):
        q &= Q(**{f"{prefix}is_public": True})
    return q


class MilestonesOnTimeSource:
    """Milestones due in the period (planned date in it) done on or before their planned
    date ÷ milestones due in the period."""

    name = "milestones_on_time"
    label = gettext_noop("Key-project milestones done on time ÷ due")
    kind = "rate"
    evidence_models = ("projects.milestone",)
    reads_models = ("projects.project", "projects.projecttag")  # which projects, whose
    params = PROJECT_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        rows = (
            Milestone.objects.filter(
                project_q(params, "project__"),
                due_month__gte=period.first_month,
                due_month__lte=period.last_month,
            )
            .order_by()
            .values_list("pk", "project__unit_id", "planned_date", "actual_date")
        )
        due: dict[UnitId, list[int]] = defaultdict(list)
        on_time: dict[UnitId, int] = defaultdict(int)
        for pk, unit_id, planned, actual in rows:
            due[unit_id].append(pk)
            if actual is not None and actual <= planned:
                on_time[unit_id] += 1
        return {
            unit: rate_value(
                Decimal(on_time[unit]), Decimal(len(pks)), evidence_refs("projects.milestone", pks)
            )
            for unit, pks in due.items()
        }


def _plan_curves(project_ids: Iterable[int]) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Each project's milestone checkpoints (planned date, planned percent), one query."""
    curves: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    rows = (
        Milestone.objects.filter(project_id__in=list(project_ids), planned_percent__isnull=False)
        .order_by()
        .values_list("project_id", "planned_date", "planned_percent")
    )
    for project_id, day, percent in rows:
        if percent is not None:
            curves[project_id].append((day, percent))
    return curves


class InvestmentCompletionSource:
    """Investment completed in the year up to the period's end (the investment of the
    progress reports of those months) ÷ investment planned for the same span (each project's
    planned investment × the share of its plan curve that falls between the end of the
    previous year and the period's end)."""

    name = "investment_completion"
    label = gettext_noop("Key-project investment completed ÷ planned, year to date")
    kind = "rate"
    evidence_models = ("projects.project", "projects.progressreport")
    reads_models = ("projects.projecttag",)
    params = PROJECT_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        year = period.last_month // 100
        year_end = dt.date(year - 1, 12, 31)
        projects = list(
            Project.objects.filter(project_q(params), planned_investment__gt=0)
            .order_by()
            .values_list("pk", "unit_id", "planned_start", "planned_end", "planned_investment")
        )
        curves = _plan_curves(pk for pk, *_ in projects)
        planned: dict[UnitId, Decimal] = defaultdict(Decimal)
        evidence: dict[UnitId, list[str]] = defaultdict(list)
        for pk, unit_id, start, end, amount in projects:
            curve = curves.get(pk, [])
            share = rules.planned_progress(period.end, start, end, curve) - rules.planned_progress(
                year_end, start, end, curve
            )
            if share <= 0:
                continue
            planned[unit_id] += amount * share / rules.HUNDRED
            evidence[unit_id].append(evidence_ref("projects.project", pk))
        done: dict[UnitId, Decimal] = defaultdict(Decimal)
        reports = (
            ProgressReport.objects.filter(
                project_q(params, "project__"),
                month__gte=year * 100 + 1,
                month__lte=period.last_month,
                investment__gt=0,
            )
            .order_by()
            .values_list("pk", "project__unit_id", "investment")
        )
        for pk, unit_id, amount in reports:
            done[unit_id] += amount
            evidence[unit_id].append(evidence_ref("projects.progressreport", pk))
        return {
            unit: rate_value(done[unit], planned[unit], _sorted_refs(evidence[unit]))
            for unit in set(planned) | set(done)
        }


def _sorted_refs(refs: Iterable[str]) -> tuple[str, ...]:
    def key(ref: str) -> tuple[str, int]:
        label, _, pk = ref.partition(":")
        return label, int(pk)

    return tuple(sorted(set(refs), key=key))


class ProjectProgressSource:
    """Σ reported progress ÷ Σ planned progress at the period's end, over the unit's projects
    whose plan has started by then and that had not already reported 100 % before the period.
    Reported progress is the latest report of a month up to the period's last month (0 without
    one); planned progress is read off the plan curve on the period's last day."""

    name = "project_progress"
    label = gettext_noop("Key-project progress against plan")
    kind = "rate"
    evidence_models = ("projects.project", "projects.progressreport")
    reads_models = ("projects.projecttag",)
    params = PROJECT_PARAMS

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        projects = list(
            Project.objects.filter(project_q(params), planned_start__lte=period.end)
            .order_by()
            .values_list("pk", "unit_id", "planned_start", "planned_end")
        )
        curves = _plan_curves(pk for pk, *_ in projects)
        latest: dict[int, tuple[dt.date, int, Decimal]] = {}
        finished_before: set[int] = set()
        reports = (
            ProgressReport.objects.filter(
                project_q(params, "project__"), month__lte=period.last_month
            )
            .order_by()
            .values_list("pk", "project_id", "reported_on", "month", "percent")
        )
        for pk, project_id, day, month, percent in reports:
            if month < period.first_month and percent >= rules.HUNDRED:
                finished_before.add(project_id)
            if project_id not in latest or (day, pk) > latest[project_id][:2]:
                latest[project_id] = (day, pk, percent)
        reported: dict[UnitId, Decimal] = defaultdict(Decimal)
        planned: dict[UnitId, Decimal] = defaultdict(Decimal)
        evidence: dict[UnitId, list[str]] = defaultdict(list)
        for pk, unit_id, start, end in projects:
            if pk in finished_before:
                continue
            planned[unit_id] += rules.planned_progress(period.end, start, end, curves.get(pk, []))
            if pk in latest:
                reported[unit_id] += latest[pk][2]
                evidence[unit_id].append(evidence_ref("projects.progressreport", latest[pk][1]))
            else:
                evidence[unit_id].append(evidence_ref("projects.project", pk))
        return {
            unit: rate_value(reported[unit], planned[unit], _sorted_refs(evidence[unit]))
            for unit in planned
        }


class SpecialActionCompletionSource:
    """Tasks of the special action whose deadline falls in the period and that were done by
    the period's end ÷ tasks whose deadline falls in the period, per owner unit."""

    name = "special_action_completion"
    label = gettext_noop("Special-action tasks done ÷ due")
    kind = "rate"
    evidence_models = ("projects.actiontask",)
    reads_models = ("projects.specialaction",)
    params: Mapping[str, ParamSpec] = {
        "action": ParamSpec("str", required=True, help="Special action code"),
    }

    def compute(
        self, *, period: Period, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]:
        rows = (
            ActionTask.objects.filter(
                action__code=params["action"],
                due_month__gte=period.first_month,
                due_month__lte=period.last_month,
            )
            .order_by()
            .values_list("pk", "unit_id", "done_month")
        )
        due: dict[UnitId, list[int]] = defaultdict(list)
        done: dict[UnitId, int] = defaultdict(int)
        for pk, unit_id, done_month in rows:
            due[unit_id].append(pk)
            if done_month is not None and done_month <= period.last_month:
                done[unit_id] += 1
        return {
            unit: rate_value(
                Decimal(done[unit]), Decimal(len(pks)), evidence_refs("projects.actiontask", pks)
            )
            for unit, pks in due.items()
        }
