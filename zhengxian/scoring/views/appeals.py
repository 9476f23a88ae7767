"""Appeals (申诉): a unit leader appeals a leaf score in preview; an evaluator decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengxian.campaigns.selectors import campaign_leaves, period_get_for
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.forms import add_service_errors
from zhengxian.core.htmx import HtmxHttpRequest
from zhengxian.core.pagination import query_without_page
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import access_unit, require, scope_for

from ..forms.inputs import AppealDecisionForm, AppealFilterForm, AppealForm
from ..models import AppealStatus, UnitScore
from ..selectors.access import preview_sheet
from ..selectors.inputs import (
    appeal_get_for,
    appealable_rows,
    appeals_visible_to,
    current_sheet,
    leaf_score,
)
from ..selectors.publication_modes import sees_ranks
from ..services.appeals import appeal_decide, appeal_file
from ..wording import score_explanation


@login_required
def appeal_create(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    """File an appeal on one leaf of the unit's result in preview (``?leaf=code`` preselects)."""
    unit = access_unit(request.user, unit_id, Perm.APPEAL)
    period = period_get_for(request.user, period_id)
    sheet = preview_sheet(period)
    row = UnitScore.objects.filter(sheet=sheet, unit=unit).first() if sheet else None
    if sheet is not None and row is None:
        raise Http404
    leaves = campaign_leaves(period.campaign)
    by_code = {leaf.code: leaf for leaf in leaves}
    chosen = request.POST.get("leaf") or request.GET.get("leaf", "")
    form = AppealForm(
        request.POST or None,
        request.FILES or None,
        leaves=leaves,
        initial={"leaf": chosen if chosen in by_code else ""},
    )
    # Choosing another indicator swaps in its points (htmx; the page works without it).
    form.fields["leaf"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-target": "#leaf-score",
            "hx-select": "#leaf-score",
            "hx-swap": "outerHTML",
        }
    )
    if sheet is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = appeal_file(
                sheet=sheet,
                unit=unit,
                leaf=by_code[data["leaf"]],
                text=data["text"],
                actor=request.user,
                attachments=data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Appeal filed. The evaluators have been notified."))
            return redirect("scoring:appeal_detail", appeal_id=appeal.pk)
    leaf = by_code.get(chosen)
    context = {
        "period": period,
        "unit": unit,
        "sheet": sheet,
        "form": form,
        "leaf": leaf,
        "score": score_explanation((row.detail.get("leaves") or {}).get(leaf.code))
        if row and leaf
        else None,
        "row": row,
        "show_rank": sees_ranks(request.user, period.campaign),
    }
    return render(request, "scoring/appeal_form.html", context)


@login_required
def appeal_list(request: HtmxHttpRequest) -> HttpResponse:
    """Evaluators see the appeals of the units they assess; a unit sees its own."""
    scope = scope_for(request.user)
    if not (scope.has(Perm.ASSESS) or scope.has(Perm.APPEAL)):
        raise NotAllowed
    form = AppealFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    period = None
    if request.GET.get("period", "").isdigit():
        period = period_get_for(request.user, int(request.GET["period"]))
    appeals = appeals_visible_to(request.user, status=status, period=period)
    page = Paginator(appeals, 30).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "period": period,
        "querystring": query_without_page(request),
        "appealable": appealable_rows(request.user)
        if scope.has(Perm.APPEAL) and not scope.has(Perm.ASSESS)
        else [],
    }
    template = "scoring/appeal_list.html#results" if request.htmx else "scoring/appeal_list.html"
    return render(request, template, context)


@login_required
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """The appeal, the leaf's points and explanation now and when filed, the files, and for
    evaluators of the unit the decision form (POST)."""
    appeal = appeal_get_for(request.user, appeal_id)
    scope = scope_for(request.user)
    own_unit = is_own_unit(request.user, appeal.unit)
    can_decide = (
        appeal.status == AppealStatus.OPEN and scope.can(Perm.ASSESS, appeal.unit) and not own_unit
    )
    form = None
    if appeal.status == AppealStatus.OPEN:
        form = AppealDecisionForm(request.POST or None, maximum=appeal.leaf.weight)
    if request.method == "POST":
        require(request.user, Perm.ASSESS, appeal.unit)
        if appeal.status != AppealStatus.OPEN or form is None:
            messages.error(request, _("This appeal has been decided already."))
            return redirect("scoring:appeal_detail", appeal_id=appeal.pk)
        if form.is_valid():
            data = form.cleaned_data
            accept = data["decision"] == "accept"
            try:
                appeal_decide(
                    appeal=appeal,
                    accept=accept,
                    reason=data["reason"],
                    actor=request.user,
                    corrected_points=data["corrected_points"] if accept else None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if accept:
                    messages.success(
                        request,
                        _("Appeal accepted: the result was corrected and the unit notified."),
                    )
                else:
                    messages.success(request, _("Appeal rejected; the unit has been notified."))
                return redirect("scoring:appeal_detail", appeal_id=appeal.pk)
    now_sheet = current_sheet(appeal.period)
    context = {
        "appeal": appeal,
        "attachments": list(appeal.attachments.order_by("pk")),
        "filed_score": score_explanation(leaf_score(appeal.sheet, appeal.unit, appeal.leaf.code)),
        "current": score_explanation(
            leaf_score(now_sheet, appeal.unit, appeal.leaf.code),
            of=(appeal.period, appeal.unit.pk),
        ),
        "current_sheet": now_sheet,
        "form": form if can_decide else None,
        "own_unit": own_unit
        and appeal.status == AppealStatus.OPEN
        and scope.can(Perm.ASSESS, appeal.unit),
    }
    return render(request, "scoring/appeal_detail.html", context)
