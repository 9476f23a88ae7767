"""Special actions (专项行动): the list, an action's tasks, adding tasks, marking them done."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.core import clock
from zhengxian.core.forms import add_service_errors
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for
from zhengxian.orgs.selectors import units_visible_to

from .. import services
from ..forms import ActionTaskForm, DoneForm, SpecialActionForm
from ..selectors import (
    action_get_for,
    actions_visible_to,
    can_manage_action,
    can_work_on_task,
    task_get_for,
    tasks_visibility_q,
    tasks_visible_to,
)
from ..selectors.access import EDIT, REPORT
from ..services.status import task_verdict_of
from .common import managed_units


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    seen = tasks_visibility_q(request.user, prefix="tasks")
    actions = (
        actions_visible_to(request.user)
        .select_related("unit")
        .annotate(
            task_count=Count("tasks", filter=seen),
            done_count=Count("tasks", filter=seen & Q(tasks__done_on__isnull=False)),
            red_count=Count("tasks", filter=seen & Q(tasks__status="red")),
            yellow_count=Count("tasks", filter=seen & Q(tasks__status="yellow")),
        )
        .order_by("code")
    )
    context = {"actions": actions, "can_create": scope_for(request.user).has(Perm.MANAGE_PROJECTS)}
    return render(request, "projects/action_list.html", context)


@login_required
def action_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_PROJECTS)
    form = SpecialActionForm(request.POST or None, units=managed_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.special_action_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Special action %(name)s created.") % {"name": action.name})
            return redirect("projects:action_detail", action_id=action.pk)
    return render(
        request, "projects/simple_form.html", {"form": form, "title": _("New special action")}
    )


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_get_for(request.user, action_id)
    tasks = list(
        tasks_visible_to(request.user)
        .filter(action=action)
        .select_related("unit", "action", "action__unit")
    )
    today = clock.today()
    rows = []
    for task in tasks:  # colours derived live, like the battle chart's
        verdict = task_verdict_of(task, today=today)
        rows.append(
            {
                "task": task,
                "status": verdict.status,
                "reason": verdict.reason,
                "can_work": can_work_on_task(request.user, task),
            }
        )
    counts = Counter(row["status"] for row in rows)
    context = {
        "action": action,
        "rows": rows,
        "total": len(tasks),
        "done": sum(1 for task in tasks if task.done_on),
        "counts": {status: counts.get(status, 0) for status in ("red", "yellow", "green")},
        "can_manage": can_manage_action(request.user, action),
        "done_form": DoneForm(initial={"day": today}),
    }
    return render(request, "projects/action_detail.html", context)


def _task_units(request: HttpRequest):
    return units_visible_to(request.user).filter(is_active=True).order_by("path")


@login_required
def task_create(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_get_for(request.user, action_id, EDIT)
    form = ActionTaskForm(request.POST or None, units=_task_units(request))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "order": form.cleaned_data["order"] or 0}
        try:
            services.action_task_create(actor=request.user, action=action, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task added."))
            return redirect("projects:action_detail", action_id=action.pk)
    context = {"form": form, "title": _("New task"), "action": action}
    return render(request, "projects/simple_form.html", context)


@login_required
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_get_for(request.user, task_id, EDIT)
    initial = {name: getattr(task, name) for name in ActionTaskForm.base_fields if name != "unit"}
    initial["unit"] = task.unit_id
    form = ActionTaskForm(request.POST or None, initial=initial, units=_task_units(request))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "order": form.cleaned_data["order"] or 0}
        try:
            services.action_task_update(actor=request.user, task=task, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("projects:action_detail", action_id=task.action_id)
    context = {"form": form, "title": task.name, "action": task.action}
    return render(request, "projects/simple_form.html", context)


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_get_for(request.user, task_id, REPORT)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.action_task_complete(
                actor=request.user, task=task, done_on=form.cleaned_data["day"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Task %(name)s marked done.") % {"name": task.name})
    else:
        messages.error(request, _("Enter the day it was done."))
    return redirect("projects:action_detail", action_id=task.action_id)
