"""Campaign pages: the list, loading a campaign file, export, the campaign and its settings.

Thin: parse, call one selector or service, render. Visibility comes from
``campaigns_visible_to`` (404 outside it); changes need ``Perm.MANAGE_CAMPAIGN`` over the
campaign's organising unit (403 without it).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengxian.audit.services import record_export
from zhengxian.core.forms import add_service_errors
from zhengxian.engine.sources import registry
from zhengxian.orgs.models import UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for
from zhengxian.orgs.selectors import units_visible_to

from . import services
from .campaign_file import CampaignFileError, dump_campaign_file
from .forms import CampaignForm, CampaignLoadForm, tiers_text
from .models import PeriodStatus
from .sections import campaign_sections
from .selectors import (
    campaign_can_manage,
    campaign_get_for,
    campaign_has_published_period,
    campaign_nodes,
    campaign_to_spec,
    campaigns_visible_to,
    groups_with_counts,
)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SCORES)
    campaigns = (
        campaigns_visible_to(request.user)
        .select_related("owner_unit")
        .annotate(
            published=Count("periods", filter=Q(periods__status=PeriodStatus.PUBLISHED)),
            period_count=Count("periods"),
        )
        .order_by("-year", "code")
    )
    context = {
        "campaigns": campaigns,
        "can_load": scope_for(request.user).has(Perm.MANAGE_CAMPAIGN),
    }
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_load(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_CAMPAIGN)
    owner_units = (
        units_visible_to(request.user, Perm.MANAGE_CAMPAIGN)
        .filter(is_active=True)
        .exclude(kind=UnitKind.GRID)
        .order_by("path")
    )
    form = CampaignLoadForm(request.POST or None, request.FILES or None, owner_units=owner_units)
    problems: tuple[object, ...] = ()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_load_file(
                text=data["text"],
                owner_unit=data["owner_unit"],
                actor=request.user,
                year=data["year"],
            )
        except CampaignFileError as error:
            problems = error.problems
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Campaign %(name)s loaded from %(file)s.")
                % {"name": campaign.name, "file": data["source_name"]},
            )
            return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)
    context = {"form": form, "problems": problems}
    return render(request, "campaigns/campaign_load.html", context)


@login_required
def campaign_export(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    text = dump_campaign_file(campaign_to_spec(campaign))
    record_export(request, what="campaigns.campaign_file.yaml", obj=campaign)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.code}.yaml"'
    return response


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    manage = campaign_can_manage(request.user, campaign)
    frozen_by = campaign_has_published_period(campaign)
    tree = campaign_nodes(campaign)
    labels = {source.name: _(source.label) for source in registry.all()}
    for root in tree:
        for item in root.walk():
            item.source_label = labels.get(item.node.source, item.node.source)
    context = {
        "campaign": campaign,
        "groups": groups_with_counts(campaign),
        "tree": tree,
        "sections": campaign_sections(request, campaign),
        "can_manage": manage,
        "can_edit_tree": manage and frozen_by is None,
        "frozen_by": frozen_by,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    require(request.user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    initial = {
        key: getattr(campaign, key)
        for key in (
            "name",
            "preview_days",
            "bonus_cap",
            "penalty_cap",
            "status",
            "publication_mode",
            "list_size",
        )
    }
    initial["tiers"] = tiers_text(campaign.tiers)
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)
    context = {"form": form, "campaign": campaign}
    return render(request, "campaigns/campaign_form.html", context)
