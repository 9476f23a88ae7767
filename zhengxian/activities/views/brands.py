"""Brands (活动品牌) and their season totals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengxian.core.forms import add_service_errors
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from ..forms import BrandForm, SeasonForm
from ..selectors.access import organiser_units
from ..selectors.brands import brand_get_for, brand_sessions, brands_for, season_totals


@login_required
def brand_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    brands = [(brand, season_totals(brand)[:1]) for brand in brands_for(request.user)]
    context = {
        "brands": brands,
        "can_create": scope_for(request.user).has(Perm.ORGANISE_ACTIVITIES),
    }
    return render(request, "activities/brand_list.html", context)


@login_required
def brand_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.ORGANISE_ACTIVITIES)
    form = BrandForm(request.POST or None, owners=organiser_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            brand = services.brand_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Brand %(name)s created.") % {"name": brand.name})
            return redirect("activities:brand_detail", brand_id=brand.pk)
    return render(request, "activities/brand_form.html", {"form": form, "brand": None})


@login_required
def brand_detail(request: HttpRequest, brand_id: int) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    brand = brand_get_for(request.user, brand_id)
    totals = season_totals(brand)
    chosen = next((t for t in totals if str(t.season.pk) == request.GET.get("season")), None)
    chosen = chosen or (totals[0] if totals else None)
    can_manage = scope_for(request.user).can(Perm.ORGANISE_ACTIVITIES, brand.owner)
    context = {
        "brand": brand,
        "totals": totals,
        "chosen": chosen,
        "sessions": brand_sessions(request.user, brand, chosen.season if chosen else None)[:200],
        "can_manage": can_manage,
    }
    return render(request, "activities/brand_detail.html", context)


@login_required
def season_create(request: HttpRequest, brand_id: int) -> HttpResponse:
    brand = brand_get_for(request.user, brand_id)
    require(request.user, Perm.ORGANISE_ACTIVITIES, brand.owner)
    form = SeasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.season_create(actor=request.user, brand=brand, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Season added."))
            return redirect("activities:brand_detail", brand_id=brand.pk)
    return render(request, "activities/brand_form.html", {"form": form, "brand": brand})
