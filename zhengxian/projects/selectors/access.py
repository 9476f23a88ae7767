"""Who may see and change which project, action and task; fetch-and-authorise helpers.

A project is visible to users whose scope covers its responsible unit, and to its lead
leader. Editing a project needs MANAGE_PROJECTS over the unit; reporting progress (and
marking a milestone done) also suits the unit's cadres (RECORD_WORK) and the lead leader.
A special action is visible where its organising unit or one of its tasks' units is; a
task where its owner unit or its action's organising unit is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import ActionTask, Project, SpecialAction

EDIT, REPORT, VIEW = "edit", "report", "view"


def _lead_q(user: Any) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(lead__user=user, lead__is_active=True)


def projects_visible_to(user: Any) -> QuerySet[Project]:
    seen = scope_for(user).visible_q(Project, "unit", perm=Perm.VIEW_ORG, also=_lead_q(user))
    return Project.objects.filter(seen)


def is_lead(user: Any, project: Project) -> bool:
    lead = project.lead
    return bool(lead and lead.is_active and lead.user_id and lead.user_id == user.pk)


def can_edit(user: Any, project: Project) -> bool:
    return scope_for(user).can(Perm.MANAGE_PROJECTS, project.unit)


def can_report(user: Any, project: Project) -> bool:
    scope = scope_for(user)
    return (
        scope.can(Perm.MANAGE_PROJECTS, project.unit)
        or scope.can(Perm.RECORD_WORK, project.unit)
        or is_lead(user, project)
    )


def project_get_for(user: Any, project_id: int, need: str = VIEW) -> Project:
    """The project, or 404 outside what the user sees; 403 when seen but not ``need``."""
    project = (
        projects_visible_to(user)
        .select_related("unit", "lead", "lead__user")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404
    if need == EDIT and not can_edit(user, project):
        raise NotAllowed
    if need == REPORT and not can_report(user, project):
        raise NotAllowed
    return project


def tasks_visible_to(user: Any) -> QuerySet[ActionTask]:
    return ActionTask.objects.filter(tasks_visibility_q(user))


def tasks_visibility_q(user: Any, *, prefix: str = "") -> Q:
    """The tasks ``user`` sees: their unit or their action's organising unit in scope.
    ``prefix`` names the tasks from another model (``"tasks"`` from an action)."""
    return scope_for(user).visible_q(
        ActionTask, "unit", "action__unit", perm=Perm.VIEW_ORG, prefix=prefix
    )


def actions_visible_to(user: Any) -> QuerySet[SpecialAction]:
    scope = scope_for(user)
    with_tasks = Q(pk__in=scope.filter(ActionTask.objects.all()).values("action_id"))
    seen = scope.visible_q(SpecialAction, "unit", perm=Perm.VIEW_ORG, also=with_tasks)
    return SpecialAction.objects.filter(seen)


def can_manage_action(user: Any, action: SpecialAction) -> bool:
    return scope_for(user).can(Perm.MANAGE_PROJECTS, action.unit)


def can_work_on_task(user: Any, task: ActionTask) -> bool:
    scope = scope_for(user)
    return (
        scope.can(Perm.MANAGE_PROJECTS, task.action.unit)
        or scope.can(Perm.RECORD_WORK, task.unit)
        or scope.can(Perm.MANAGE_PROJECTS, task.unit)
    )


def action_get_for(user: Any, action_id: int, need: str = VIEW) -> SpecialAction:
    action = actions_visible_to(user).select_related("unit").filter(pk=action_id).first()
    if action is None:
        raise Http404
    if need == EDIT and not can_manage_action(user, action):
        raise NotAllowed
    return action


def task_get_for(user: Any, task_id: int, need: str = VIEW) -> ActionTask:
    task = (
        tasks_visible_to(user)
        .select_related("action", "action__unit", "unit")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    if need == EDIT and not can_manage_action(user, task.action):
        raise NotAllowed
    if need == REPORT and not can_work_on_task(user, task):
        raise NotAllowed
    return task
