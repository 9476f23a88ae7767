"""Periods of a campaign and their workflow: score → preview (公示) → publish (晾晒), and a
correction with a reason after publication. Anyone who sees the campaign sees its periods;
the actions need ``Perm.MANAGE_CAMPAIGN`` over the organising unit. The pages stay under
/campaigns/<id>/periods/ (``urls_periods``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.campaigns.models import Period, PeriodStatus
from zhengxian.campaigns.selectors import (
    campaign_can_manage,
    campaign_get_for,
    period_get_for,
)
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.jobs.services import own_job_card
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..forms.periods import CorrectionForm, PublishForm, ScoreForm
from ..jobs import KIND, period_score_start
from ..models import Adjustment
from ..selectors.corrections import correction_changes
from ..selectors.periods import period_overview, period_rows
from ..services.publication import PendingAdjustments
from ..services.publication import period_publish as publish_period
from ..services.workflows import period_actions


@login_required
def period_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    context = {
        "campaign": campaign,
        "periods": period_rows(campaign),
        "can_manage": campaign_can_manage(request.user, campaign),
    }
    return render(request, "scoring/period_list.html", context)


def _detail(
    request: HttpRequest,
    period: Period,
    publish_form: PublishForm | None = None,
    correction_form: CorrectionForm | None = None,
    pending: list[Adjustment] | None = None,
    job: dict[str, Any] | None = None,
) -> HttpResponse:
    overview = period_overview(period)
    scope = scope_for(request.user)
    context = {
        "campaign": period.campaign,
        "period": period,
        "overview": overview,
        "actions": period_actions(period, overview.preview_sheet),
        "can_manage": campaign_can_manage(request.user, period.campaign),
        "started": period.start <= clock.today(),
        "running": _running(period),
        "publish_form": publish_form or PublishForm(),
        "correction_form": correction_form or CorrectionForm(),
        "changes": correction_changes(overview.preview_sheet),
        "pending_refusal": pending or [],
        "scoring_job": job,
        # The alerts link to the pages that list what they count, for those who may open them.
        "links_appeals": scope.has(Perm.ASSESS) or scope.has(Perm.APPEAL),
        "links_adjustments": scope.has(Perm.ASSESS),
        # The circular is the office's and the leadership's (cockpit's rule: MANAGE_CAMPAIGN
        # or VIEW_COCKPIT over the organising unit).
        "can_circular": scope.can(Perm.MANAGE_CAMPAIGN, period.campaign.owner_unit)
        or scope.can(Perm.VIEW_COCKPIT, period.campaign.owner_unit),
    }
    return render(request, "scoring/period_detail.html", context)


@login_required
def period_detail(request: HttpRequest, campaign_id: int, period_id: int) -> HttpResponse:
    period = period_get_for(request.user, period_id, campaign_id=campaign_id)
    job = own_job_card(request.user, request.GET.get("job", ""), kind=KIND, period_id=period.pk)
    return _detail(request, period, job=job)


def _period_for_action(request: HttpRequest, campaign_id: int, period_id: int) -> Period:
    # The services check MANAGE_CAMPAIGN themselves; asking here too keeps a refused
    # correction (which the view may answer before calling a service) a 403.
    period = period_get_for(request.user, period_id, campaign_id=campaign_id)
    require(request.user, Perm.MANAGE_CAMPAIGN, period.campaign.owner_unit)
    return period


def _running(period: Period) -> bool:
    """The period's last day is after today: records may still come in, so a result scored
    now may change (the office may go on, after a warning)."""
    return period.start <= clock.today() < period.end


def _back(period: Period) -> HttpResponse:
    return redirect("scoring:period_detail", campaign_id=period.campaign_id, period_id=period.pk)


@login_required
@require_POST
def period_score(request: HttpRequest, campaign_id: int, period_id: int) -> HttpResponse:
    period = _period_for_action(request, campaign_id, period_id)
    form = ScoreForm(request.POST)
    if _running(period) and not (form.is_valid() and form.cleaned_data["running"]):
        messages.warning(
            request,
            _(
                "%(period)s runs until %(day)s: records entered later will not count. "
                "Tick the box to score it anyway."
            )
            % {"period": period.label, "day": period.end.isoformat()},
        )
        return _back(period)
    job = period_score_start(period=period, actor=request.user)
    return redirect(
        f"{reverse('scoring:period_detail', args=[period.campaign_id, period.pk])}?job={job.pk}"
    )


@login_required
@require_POST
def period_publish(request: HttpRequest, campaign_id: int, period_id: int) -> HttpResponse:
    period = _period_for_action(request, campaign_id, period_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _detail(request, period, publish_form=form)
    try:
        sheet = publish_period(
            period=period,
            actor=request.user,
            force=form.cleaned_data["force"],
        )
    except PendingAdjustments as error:
        # The page names each pending item with a link to decide it.
        messages.error(request, _("Not published: bonus or penalty items await a decision."))
        return _detail(request, period, publish_form=form, pending=error.items)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(period)s published (version %(version)s).")
            % {"period": period.label, "version": sheet.version},
        )
    return _back(period)


@login_required
@require_POST
def period_correct(request: HttpRequest, campaign_id: int, period_id: int) -> HttpResponse:
    period = _period_for_action(request, campaign_id, period_id)
    if period.status != PeriodStatus.PUBLISHED:
        messages.error(
            request, _("Only a published period is corrected; score this one again instead.")
        )
        return _back(period)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _detail(request, period, correction_form=form)
    job = period_score_start(
        period=period,
        actor=request.user,
        reason=form.cleaned_data["reason"].strip(),
        include_changed_records=form.cleaned_data["include_changed_records"],
    )
    return redirect(
        f"{reverse('scoring:period_detail', args=[period.campaign_id, period.pk])}?job={job.pk}"
    )
