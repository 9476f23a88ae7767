"""Evaluator pages: manual points on `manual` leaves, and bonus and penalty items (加分/扣分)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.campaigns.models import IndicatorNode, Period, PeriodStatus
from zhengxian.campaigns.selectors import period_get_for
from zhengxian.core.errors import DomainError
from zhengxian.core.forms import add_service_errors
from zhengxian.core.htmx import HtmxHttpRequest
from zhengxian.core.pagination import query_without_page
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import access_unit, require, scope_for

from ..forms.inputs import (
    AdjustmentDecisionForm,
    AdjustmentFilterForm,
    AdjustmentRequestForm,
    AssessmentForm,
)
from ..models import AdjustmentStatus, ManualAssessment
from ..selectors.inputs import (
    adjustment_get_for,
    adjustments_in,
    assessment_cells,
    cap_summary,
    competing_units,
    groups_of,
    manual_leaves,
)
from ..services.assessments import adjustment_decide, adjustment_request, manual_assess

UNITS_PER_PAGE = 40


def _cell_prefix(leaf: IndicatorNode, unit: Unit) -> str:
    return f"c{leaf.pk}-{unit.pk}"


def _cell(
    period: Period,
    leaf: IndicatorNode,
    unit: Unit,
    assessment: ManualAssessment | None,
    form: AssessmentForm | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    if form is None:
        initial = {"points": assessment.points, "comment": assessment.comment} if assessment else {}
        form = AssessmentForm(maximum=leaf.weight, prefix=_cell_prefix(leaf, unit), initial=initial)
    return {
        "period": period,
        "leaf": leaf,
        "unit": unit,
        "assessment": assessment,
        "form": form,
        "saved": saved,
        "editable": period.status != PeriodStatus.PUBLISHED,
    }


@login_required
def assessments(request: HttpRequest, period_id: int) -> HttpResponse:
    """A grid of the campaign's manual leaves × the units of one group, one form per cell."""
    period = period_get_for(request.user, period_id)
    require(request.user, Perm.ASSESS)
    campaign = period.campaign
    groups = groups_of(campaign)
    group = next(
        (g for g in groups if g.code == request.GET.get("group")), groups[0] if groups else None
    )
    leaves = manual_leaves(campaign)
    leaf_code = request.GET.get("leaf", "")
    shown_leaves = [leaf for leaf in leaves if leaf.code == leaf_code] or leaves
    units = (
        competing_units(request.user, campaign, Perm.ASSESS, group=group, exclude_own=True)
        if group
        else Unit.objects.none()
    )
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    page_units = list(page.object_list)
    found = assessment_cells(period, shown_leaves, page_units)
    rows: list[dict[str, Any]] = [
        {
            "unit": unit,
            "cells": [
                _cell(period, leaf, unit, found.get((leaf.pk, unit.pk))) for leaf in shown_leaves
            ],
        }
        for unit in page_units
    ]
    query = {"group": group.code if group else "", "leaf": leaf_code}
    context = {
        "period": period,
        "campaign": campaign,
        "groups": groups,
        "group": group,
        "leaves": leaves,
        "shown_leaves": shown_leaves,
        "leaf_code": leaf_code,
        "rows": rows,
        "page": page,
        "querystring": urlencode({k: v for k, v in query.items() if v}),
        "assessed": sum(1 for row in rows for cell in row["cells"] if cell["assessment"]),
        "cell_count": len(rows) * len(shown_leaves),
    }
    return render(request, "scoring/assessments.html", context)


@login_required
@require_POST
def assessment_cell(
    request: HtmxHttpRequest, period_id: int, leaf_id: int, unit_id: int
) -> HttpResponse:
    """Saves one cell (htmx swaps the cell; without htmx the grid is shown again)."""
    period = period_get_for(request.user, period_id)
    require(request.user, Perm.ASSESS)
    leaf = IndicatorNode.objects.filter(
        pk=leaf_id, campaign=period.campaign, is_leaf=True, method="manual"
    ).first()
    if leaf is None:
        raise Http404
    unit = access_unit(request.user, unit_id, Perm.ASSESS)
    form = AssessmentForm(
        request.POST, request.FILES, maximum=leaf.weight, prefix=_cell_prefix(leaf, unit)
    )
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            manual_assess(
                period=period,
                leaf=leaf,
                unit=unit,
                points=data["points"],
                comment=data["comment"],
                actor=request.user,
                attachment=data["attachment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            saved = True
    assessment = (
        ManualAssessment.objects.filter(period=period, leaf=leaf, unit=unit)
        .select_related("assessed_by__person")
        .first()
    )
    if request.htmx:
        cell = _cell(period, leaf, unit, assessment, form=None if saved else form, saved=saved)
        return render(request, "scoring/assessments.html#cell", {"cell": cell})
    if saved:
        messages.success(request, _("Points for %(unit)s saved.") % {"unit": unit.name})
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    group = (
        period.campaign.memberships.filter(unit=unit).values_list("group__code", flat=True).first()
        or ""
    )
    return redirect(
        f"{reverse('scoring:assessments', args=[period.pk])}?{urlencode({'group': group})}"
    )


def _adjustment_filters(
    request: HttpRequest, units: Any
) -> tuple[AdjustmentFilterForm, dict[str, Any]]:
    form = AdjustmentFilterForm(request.GET or None, units=units)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {"status": data["status"], "kind": data["kind"], "unit": data["unit"]}
    return form, {}


@login_required
def adjustments(request: HtmxHttpRequest, period_id: int) -> HttpResponse:
    """Bonus and penalty items of a period: the list with filters, the sums against the caps,
    and the request form (POST)."""
    period = period_get_for(request.user, period_id)
    require(request.user, Perm.ASSESS)
    campaign = period.campaign
    scope = scope_for(request.user)
    units = competing_units(request.user, campaign, Perm.ASSESS)
    request_form = AdjustmentRequestForm(
        request.POST or None,
        request.FILES or None,
        units=competing_units(request.user, campaign, Perm.ASSESS, exclude_own=True),
        prefix="new",
        initial={"unit": request.GET.get("unit")},
    )
    if request.method == "POST" and request_form.is_valid():
        data = request_form.cleaned_data
        try:
            item = adjustment_request(
                period=period,
                unit=data["unit"],
                kind=data["kind"],
                points=data["points"],
                reason=data["reason"],
                actor=request.user,
                evidence=data["evidence"],
            )
        except ValidationError as error:
            add_service_errors(request_form, error)
        except DomainError as error:
            request_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(kind)s of %(points)s for %(unit)s requested; "
                    "it counts once the campaign office approves it."
                )
                % {"kind": item.get_kind_display(), "points": item.points, "unit": item.unit.name},
            )
            return redirect("scoring:adjustments", period_id=period.pk)
    filter_form, filters = _adjustment_filters(request, units)
    items = adjustments_in(request.user, period, **filters)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for item in page.object_list:
        decides = (
            item.status == AdjustmentStatus.PENDING
            and scope.can(Perm.MANAGE_CAMPAIGN, item.unit)
            and not is_own_unit(request.user, item.unit)
            and item.requested_by_id != request.user.pk
        )
        # Read by the template next to each pending item.
        cast(Any, item).decision_form = (
            AdjustmentDecisionForm(prefix=f"d{item.pk}") if decides else None
        )
    context = {
        "period": period,
        "campaign": campaign,
        "form": request_form,
        "filter_form": filter_form,
        "page": page,
        "caps": cap_summary(request.user, period),
        "querystring": query_without_page(request),
        "editable": period.status != PeriodStatus.PUBLISHED,
    }
    template = (
        "scoring/adjustments.html#results"
        if request.htmx and request.method == "GET"
        else "scoring/adjustments.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def adjustment_decision(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    """The campaign office approves or rejects an item (Perm.MANAGE_CAMPAIGN over its unit)."""
    item = adjustment_get_for(request.user, adjustment_id)
    form = AdjustmentDecisionForm(request.POST, prefix=f"d{item.pk}")
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            adjustment_decide(
                adjustment=item, approve=approve, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            text = (
                _("Item approved: it now counts in the score.") if approve else _("Item rejected.")
            )
            messages.success(request, text)
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("scoring:adjustments", period_id=item.period_id)
