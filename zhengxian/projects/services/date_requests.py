"""Requests to move the planned date of an overdue milestone, and the lead leader's word.

Who changes a milestone's dates directly: the project's lead leader, anyone who does not
belong to the project's unit (the office, a leader of a unit above) and commands. A member
of the project's unit (`orgs.duties.is_own_unit`) changing the planned date of a milestone
that is overdue (planned date past, not done) files a request instead; only the lead
leader's approval applies it, and the one who asked never decides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.actors import is_system
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import notify
from zhengxian.orgs.duties import is_own_unit, require_not_own_unit, require_second_person
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Milestone, MilestoneDateRequest, RequestState
from ..selectors.access import is_lead
from .status import project_refresh_status


def is_overdue(milestone: Milestone, *, today: dt.date) -> bool:
    return milestone.actual_date is None and milestone.planned_date < today


def needs_approval(actor: Any, milestone: Milestone, *, today: dt.date) -> bool:
    """True when ``actor`` may not move this milestone's planned date by themselves."""
    project = milestone.project
    if is_system(actor) or is_lead(actor, project):
        return False
    return is_overdue(milestone, today=today) and is_own_unit(actor, project.unit)


def may_decide(actor: Any, request: MilestoneDateRequest) -> bool:
    """The lead leader; for a project without one, the office outside the unit."""
    project = request.milestone.project
    if project.lead_id is not None:
        return is_lead(actor, project)
    return scope_for(actor).can(Perm.MANAGE_CAMPAIGN, project.unit) and not is_own_unit(
        actor, project.unit
    )


def _project_url(milestone: Milestone) -> str:
    return reverse("projects:project_detail", args=[milestone.project_id])


@transaction.atomic
def date_request_file(
    *, actor: Any, milestone: Milestone, planned_date: dt.date, reason: str
) -> MilestoneDateRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "This milestone is overdue: say why its date should move; the lead leader "
                    "approves the change."
                )
            }
        )
    pending = MilestoneDateRequest.objects.filter(milestone=milestone, state=RequestState.PENDING)
    if pending.exists():
        raise ValidationError(
            {"planned_date": _("A change of this milestone's date already waits for approval.")}
        )
    request = MilestoneDateRequest(
        milestone=milestone,
        requested_by=actor,
        old_planned_date=milestone.planned_date,
        new_planned_date=planned_date,
        reason=reason,
    )
    request.full_clean()
    request.save()
    lead_user = getattr(milestone.project.lead, "user", None) if milestone.project.lead else None
    if lead_user is not None:
        text = _("%(project)s asks to move “%(milestone)s” from %(old)s to %(new)s") % {
            "project": milestone.project.name,
            "milestone": milestone.name,
            "old": request.old_planned_date.isoformat(),
            "new": planned_date.isoformat(),
        }
        url = _project_url(milestone)
        project = milestone.project
        transaction.on_commit(
            lambda: notify(
                recipients=[lead_user],
                text=text,
                url=url,
                kind=Kind.DATE_REQUEST,
                group=f"project:{project.pk}",
                group_label=project.name,
            )
        )
    return request


@transaction.atomic
def date_request_decide(
    *, actor: Any, request: MilestoneDateRequest, approve: bool, note: str = ""
) -> MilestoneDateRequest:
    """The lead leader approves (the planned date moves) or rejects (it stays)."""
    request = (
        MilestoneDateRequest.objects.select_for_update(of=("self",))
        .select_related("milestone__project__unit", "milestone__project__lead")
        .get(pk=request.pk)
    )
    if not may_decide(actor, request):
        raise NotAllowed(_("Only the project's lead leader decides on this change."))
    require_second_person(request.requested_by, actor)
    if request.milestone.project.lead_id is None:
        require_not_own_unit(actor, request.milestone.project.unit)
    if request.state != RequestState.PENDING:
        raise DomainError(_("This request was decided already."))
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.decided_by = actor
    request.decided_at = clock.now()
    request.decision_note = note.strip()[:500]
    request.full_clean()
    request.save()
    milestone = request.milestone
    if approve:
        milestone.planned_date = request.new_planned_date
        milestone.due_month = month_key(milestone.planned_date)
        milestone.full_clean()
        milestone.save()
        project_refresh_status(project=milestone.project)
    text = (
        _("Approved: “%(milestone)s” now falls due on %(day)s")
        if approve
        else _("Rejected: “%(milestone)s” stays due on %(day)s")
    ) % {"milestone": milestone.name, "day": milestone.planned_date.isoformat()}
    requester = request.requested_by
    url = _project_url(milestone)
    project = milestone.project
    transaction.on_commit(
        lambda: notify(
            recipients=[requester],
            text=text,
            url=url,
            kind=Kind.DATE_REQUEST,
            group=f"project:{project.pk}",
            group_label=project.name,
        )
    )
    return request
