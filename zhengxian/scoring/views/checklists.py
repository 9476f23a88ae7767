"""Checklists (创建清单): the office sets items per unit; units mark them done with evidence."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from zhengxian.campaigns.selectors import campaign_get_for
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.forms import add_service_errors
from zhengxian.core.htmx import HtmxHttpRequest
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for
from zhengxian.scoring.models import ChecklistItem

from ..forms.inputs import ChecklistCreateForm, ChecklistDoneForm
from ..selectors.inputs import (
    campaigns_with_checklists,
    checklist_board,
    checklist_codes,
    checklist_item_get_for,
    checklist_progress,
    competing_units,
    groups_of,
)
from ..services.checklists import (
    checklist_item_confirm,
    checklist_item_mark_done,
    checklist_items_create,
)

UNITS_PER_PAGE = 30


@login_required
def checklist_home(request: HttpRequest) -> HttpResponse:
    """The campaigns with checklists; straight to the checklists when there is one."""
    require(request.user, Perm.VIEW_SCORES)
    campaigns = campaigns_with_checklists(request.user)
    if len(campaigns) == 1:
        return redirect("scoring:checklists", campaign_id=campaigns[0].pk)
    return render(request, "scoring/checklists.html", {"campaigns": campaigns, "campaign": None})


def _done_form(item: ChecklistItem) -> ChecklistDoneForm:
    initial = {"done_on": item.done_on or clock.today(), "note": item.evidence_note}
    return ChecklistDoneForm(prefix=f"i{item.pk}", initial=initial)


@login_required
def checklists(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Per checklist code the items of each unit in scope; the office adds items in bulk (POST)."""
    campaign = campaign_get_for(request.user, campaign_id)
    require(request.user, Perm.VIEW_SCORES)
    scope = scope_for(request.user)
    codes = checklist_codes(campaign)
    code = request.GET.get("checklist") or request.POST.get("checklist") or next(iter(codes), "")
    if code not in codes:
        code = next(iter(codes), "")
    can_create = scope.can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    groups = groups_of(campaign)
    create_form = None
    if can_create:
        create_form = ChecklistCreateForm(
            request.POST or None,
            codes=codes,
            groups=campaign.groups.order_by("order", "code"),
            units=competing_units(request.user, campaign, Perm.MANAGE_CAMPAIGN),
            initial={"checklist": code},
        )
    if request.method == "POST" and create_form is None:
        require(request.user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    if create_form is not None and request.method == "POST" and create_form.is_valid():
        data = create_form.cleaned_data
        chosen_units = set(data["units"] or [])
        if data["group"] is not None:
            chosen_units.update(
                competing_units(request.user, campaign, Perm.MANAGE_CAMPAIGN, group=data["group"])
            )
        try:
            created = checklist_items_create(
                campaign=campaign,
                checklist=data["checklist"],
                name=data["name"],
                units=chosen_units,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(create_form, error)
        except DomainError as error:
            create_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(n)s item added.", "%(n)s items added.", len(created))
                % {"n": len(created)},
            )
            url = reverse("scoring:checklists", args=[campaign.pk])
            return redirect(f"{url}?{urlencode({'checklist': data['checklist']})}")
    group = next((g for g in groups if g.code == request.GET.get("group")), None)
    units = competing_units(request.user, campaign, Perm.VIEW_SCORES, group=group)
    page = Paginator(units if code else units.none(), UNITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    board = checklist_board(campaign, code, list(page.object_list)) if code else []
    for entry in board:
        for item in entry.items:
            # The template reads these two per item.
            marked = cast(Any, item)
            marked.can_mark = scope.can(Perm.RECORD_WORK, entry.unit)
            marked.form = _done_form(item) if marked.can_mark else None
            marked.can_confirm = (
                item.awaiting_confirmation
                and scope.can(Perm.ASSESS, entry.unit)
                and not is_own_unit(request.user, entry.unit)
            )
    context = {
        "campaign": campaign,
        "codes": codes,
        "code": code,
        "groups": groups,
        "group": group,
        "board": board,
        "create_form": create_form,
        "page": page,
        "querystring": urlencode(
            {k: v for k, v in (("checklist", code), ("group", group.code if group else "")) if v}
        ),
        "progress": checklist_progress(campaign, code, units) if code else (0, 0),
    }
    return render(request, "scoring/checklists.html", context)


@login_required
@require_POST
def checklist_item_done(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    """A unit leader or cadre (Perm.RECORD_WORK over the unit) marks an item done; with
    ``confirm``, an evaluator outside the unit confirms the unit's own tick."""
    item = checklist_item_get_for(request.user, item_id)
    if "confirm" in request.POST:
        return _confirm(request, item)
    form = ChecklistDoneForm(request.POST, request.FILES, prefix=f"i{item.pk}")
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = checklist_item_mark_done(
                item=item,
                done_on=data["done_on"],
                note=data["note"],
                actor=request.user,
                attachment=data["attachment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            saved = True
    if request.htmx:
        marked = cast(Any, item)  # the template reads these two
        marked.can_mark = True
        marked.can_confirm = False
        marked.form = _done_form(item) if saved else form
        return render(request, "scoring/checklists.html#item", {"item": item, "saved": saved})
    if saved:
        messages.success(request, _("“%(item)s” marked done.") % {"item": item.name})
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    url = reverse("scoring:checklists", args=[item.campaign_id])
    return redirect(f"{url}?{urlencode({'checklist': item.checklist})}")


def _confirm(request: HtmxHttpRequest, item: ChecklistItem) -> HttpResponse:
    try:
        item = checklist_item_confirm(item=item, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(item)s” confirmed: it counts now.") % {"item": item.name})
    url = reverse("scoring:checklists", args=[item.campaign_id])
    return redirect(f"{url}?{urlencode({'checklist': item.checklist})}")
