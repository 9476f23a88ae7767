"""Matter pages: list, filing (with duplicate check), detail with the allowed actions,
attachments and the deadline board. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.core import clock
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.forms import add_service_errors
from zhengxian.core.input_limits import parse_id
from zhengxian.core.pagination import paginate
from zhengxian.core.stored_files import open_stored
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from ..deadlines import DUE_SOON_DAYS, deadline_status
from ..forms import AttachmentForm, MatterFilterForm, MatterForm, TransitionForm, default_deadline
from ..models import MatterAttachment, MatterOrigin
from ..personal import phone_for
from ..selectors.matters import (
    MatterFilters,
    deadline_board_page,
    duplicates_for,
    matter_get_for,
    matter_history,
    matter_list,
    matters_visible_to,
)
from ..selectors.registers import target_communities_for
from ..services.confirmations import may_send, needs_confirmation
from ..workflow import ACTION_LABELS, MATTER_FLOW, OPEN_STATES, WAITING_STATES, Action, Actor
from .common import PAGE_SIZE, HtmxRequest, working_units

FIELD_PATTERN = re.compile(r"^[a-z0-9_-]{1,40}$")


@login_required
def matter_list_view(request: HtmxRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    units = working_units(request.user, Perm.VIEW_ORG)
    form = MatterFilterForm(request.GET or None, units=units, initial={"state": "open"})
    filters = MatterFilters(open_only=True)
    if form.is_valid():
        data = form.cleaned_data
        state = data["state"]
        filters = MatterFilters(
            search=data["q"].strip(),
            state="" if state == "open" else state,
            open_only=state == "open",
            origin=data["origin"],
            unit=data["unit"],
            deadline=data["deadline"],
            closed_by=data["closed_by"],
        )
    today = clock.today()
    matters = matter_list(request.user, filters, today=today)
    page, querystring = paginate(request, matters, PAGE_SIZE)
    for matter in page.object_list:
        matter.deadline_status = deadline_status(matter, today)
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page": page,
        "querystring": querystring,
        "today": today,
        "can_create": scope.has(Perm.RECORD_WORK) or scope.has(Perm.HANDLE_MATTERS),
    }
    template = "matters/matter_list.html#results" if request.htmx else "matters/matter_list.html"
    return render(request, template, context)


@login_required
def matter_create_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.has(Perm.RECORD_WORK) or scope.has(Perm.HANDLE_MATTERS)):
        raise NotAllowed
    units = working_units(request.user, Perm.RECORD_WORK, Perm.HANDLE_MATTERS)
    communities = target_communities_for(request.user)
    form = MatterForm(
        request.POST or None, request.FILES or None, units=units, communities=communities
    )
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link_to = parse_id(request.POST.get("link_to"))
        if link_to is not None:
            return _link_instead(request, link_to, data)
        duplicates = duplicates_for(request.user, text=f"{data['title']} {data['description']}")
        if duplicates and not data["file_anyway"]:
            messages.warning(
                request,
                _(
                    "This looks like a matter already open. "
                    "Link your report to it, or confirm that it is new."
                ),
            )
        else:
            try:
                matter = services.matter_create(
                    actor=request.user,
                    title=data["title"],
                    description=data["description"],
                    category=data["category"],
                    origin=data["origin"],
                    rectification_kind=data["rectification_kind"],
                    action_code=data["action_code"],
                    reporting_unit=data["reporting_unit"],
                    requester_name=data["requester_name"],
                    requester_phone=data["requester_phone"],
                    place=data["place"],
                    target_unit=data["target_unit"],
                    attachments=[data["attachment"]] if data["attachment"] else [],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Matter filed."))
                return redirect("matters:matter_detail", matter_id=matter.pk)
    context = {"form": form, "duplicates": duplicates, "link_name": "link_to"}
    return render(request, "matters/matter_form.html", context)


def _link_instead(request: HttpRequest, matter_id: int, data: dict[str, Any]) -> HttpResponse:
    matter = matter_get_for(request.user, matter_id)
    try:
        services.matter_link_report(
            matter=matter,
            actor=request.user,
            text=f"{data['title']} {data['description']}".strip(),
            requester_name=data["requester_name"],
            visible=matters_visible_to(request.user),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("matters:matter_create")
    messages.success(request, _("Your report was added to this matter."))
    return redirect("matters:matter_detail", matter_id=matter.pk)


@login_required
def duplicate_check(request: HttpRequest) -> HttpResponse:
    """htmx: the likely duplicates of the text in the named fields, as a choice to link."""
    fields = [f for f in request.GET.get("fields", "").split(",") if FIELD_PATTERN.match(f)]
    link_name = request.GET.get("link", "link_to")
    if not FIELD_PATTERN.match(link_name):
        link_name = "link_to"
    text = " ".join(request.POST.get(f, "") for f in fields).strip()[:2000]
    duplicates = duplicates_for(request.user, text=text) if len(text) >= 4 else []
    return render(
        request, "matters/_duplicates.html", {"duplicates": duplicates, "link_name": link_name}
    )


@login_required
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = matter_get_for(request.user, matter_id)
    actor = Actor.of(request.user)
    actions = MATTER_FLOW.allowed(matter, actor)
    today = clock.today()
    assign_units = None
    if Action.ASSIGN in actions:
        perms = [Perm.HANDLE_MATTERS] + (
            [Perm.SUPERVISE] if matter.origin == MatterOrigin.SUPERVISION else []
        )
        assign_units = working_units(request.user, *perms)
    initial = {
        "deadline": matter.deadline or default_deadline(today),
        "responsible_unit": matter.responsible_unit_id,
    }
    context = {
        "matter": matter,
        "history": matter_history(matter),
        "waiting": matter.state in WAITING_STATES,
        "attachments": matter.attachments.all(),
        "links": matter.links.select_related("visit").all(),
        "action_forms": [
            (a, TransitionForm(units=assign_units, initial=initial, auto_id=f"id_{a}_%s"))
            for a in actions
            if a not in {Action.CLOSE, Action.REOPEN}
        ],
        "confirm_form": TransitionForm(auto_id="id_confirm_%s")
        if Action.CLOSE in actions
        else None,
        "attachment_form": AttachmentForm() if matter.state in OPEN_STATES else None,
        "deadline_status": deadline_status(matter, today),
        "today": today,
        "mediation": getattr(matter, "mediation", None)
        if matter.origin == MatterOrigin.MEDIATION
        else None,
        "requester_phone": phone_for(request.user, matter, matter.requester_phone),
        "waiting_confirmation": needs_confirmation(matter),
        "can_send_link": bool(matter.requester_phone) and may_send(request.user, matter),
        "repeats": matters_visible_to(request.user)
        .filter(repeat_of=matter)
        .order_by("-reported_on")[:10],
    }
    return render(request, "matters/matter_detail.html", context)


@login_required
@require_POST
def matter_act(request: HttpRequest, matter_id: int, action: str) -> HttpResponse:
    matter = matter_get_for(request.user, matter_id)
    units = working_units(request.user, Perm.HANDLE_MATTERS, Perm.SUPERVISE)
    form = TransitionForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("matters:matter_detail", matter_id=matter.pk)
    data = form.cleaned_data
    try:
        if action == "confirm":
            services.matter_confirm(
                matter=matter, actor=request.user, resolution=data["resolution"], note=data["note"]
            )
        else:
            services.matter_transition(
                matter=matter,
                action=action,
                actor=request.user,
                note=data["note"],
                responsible_unit=data["responsible_unit"],
                deadline=data["deadline"],
                satisfaction=data["satisfaction"],
            )
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Done: %(action)s.") % {"action": ACTION_LABELS.get(action, _("Requester's word"))},
        )
        if not matters_visible_to(request.user).filter(pk=matter.pk).exists():
            # Returned by a grid's cadre, say: it left their scope; their list, not a 404.
            return redirect("matters:matter_list")
    return redirect("matters:matter_detail", matter_id=matter.pk)


@login_required
@require_POST
def matter_attach(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = matter_get_for(request.user, matter_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.matter_attach(
                matter=matter, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("matters:matter_detail", matter_id=matter.pk)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = get_object_or_404(
        MatterAttachment.objects.select_related("matter"), pk=attachment_id
    )
    matter_get_for(request.user, attachment.matter_id)  # 404 outside the scope
    response = FileResponse(open_stored(attachment.file), content_type=attachment.content_type)
    disposition = "inline" if attachment.content_type in services.ATTACHMENT_TYPES else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(attachment.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    today = clock.today()
    board = deadline_board_page(request.user, today=today, page=request.GET.get("page"))
    context = {
        "board": board.groups,
        "page": board.page,
        "today": today,
        "due_soon_days": DUE_SOON_DAYS,
        "overdue_total": board.overdue_total,
        "due_soon_total": board.due_soon_total,
    }
    return render(request, "matters/deadlines.html", context)
