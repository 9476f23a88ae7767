"""Evidence describers: the records behind a project or special-action score, one query each.

The links go to the project and action pages, which check the viewer's scope themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.engine.evidence import EvidenceItem, evidence_ref

from .models import ActionTask, Milestone, ProgressReport, Project


def describe_projects(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    return {
        p.pk: EvidenceItem(
            ref=evidence_ref("projects.project", p.pk),
            kind=_("Key project"),
            title=p.name,
            day=p.planned_start,
            url=reverse("projects:project_detail", args=[p.pk]),
            detail=_("Planned %(start)s – %(end)s, progress %(progress)s%%")
            % {"start": p.planned_start, "end": p.planned_end, "progress": p.progress},
        )
        for p in Project.objects.filter(pk__in=pks)
    }


def describe_milestones(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    rows = Milestone.objects.filter(pk__in=pks).select_related("project")
    return {
        m.pk: EvidenceItem(
            ref=evidence_ref("projects.milestone", m.pk),
            kind=_("Milestone"),
            title=f"{m.project.name} · {m.name}",
            day=m.planned_date,
            url=reverse("projects:project_detail", args=[m.project_id]) + f"#milestone-{m.pk}",
            detail=(
                _("Due %(planned)s, done %(actual)s")
                % {"planned": m.planned_date, "actual": m.actual_date}
                if m.actual_date
                else _("Due %(planned)s, not done") % {"planned": m.planned_date}
            ),
        )
        for m in rows
    }


def describe_reports(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    rows = ProgressReport.objects.filter(pk__in=pks).select_related("project")
    return {
        r.pk: EvidenceItem(
            ref=evidence_ref("projects.progressreport", r.pk),
            kind=_("Progress report"),
            title=r.project.name,
            day=r.reported_on,
            url=reverse("projects:project_detail", args=[r.project_id]) + f"#report-{r.pk}",
            detail=_("Progress %(percent)s%%, investment %(investment)s (10,000 yuan)")
            % {"percent": r.percent, "investment": r.investment},
        )
        for r in rows
    }


def describe_tasks(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    rows = ActionTask.objects.filter(pk__in=pks).select_related("action", "unit")
    return {
        t.pk: EvidenceItem(
            ref=evidence_ref("projects.actiontask", t.pk),
            kind=_("Special-action task"),
            title=f"{t.action.name} · {t.name}",
            day=t.deadline,
            url=reverse("projects:action_detail", args=[t.action_id]) + f"#task-{t.pk}",
            detail=(
                _("Deadline %(deadline)s, done %(done)s")
                % {"deadline": t.deadline, "done": t.done_on}
                if t.done_on
                else _("Deadline %(deadline)s, not done") % {"deadline": t.deadline}
            ),
        )
        for t in rows
    }
