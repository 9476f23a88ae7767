"""Pages of the judging panel (擂台比武) and the rater panels (居民考官团, 两代表一委员).

- ``panel_entry``: a judge (anyone who may assess) scores the competing units in their scope,
  their own unit disabled; the campaign office also sees the judges × units matrix with each
  unit's trimmed mean.
- ``rater_panels``: the campaign office names rater panels, adds raters, hands out each
  rater's personal link or QR code (``rater_qr``) and revokes links.
- ``rate``: public, no login: a rater rates the competing units for the current period
  through their personal link. The page shows only the rater's own name, the campaign, the
  period and the units' names.
"""

from __future__ import annotations

import io
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.campaigns.selectors import campaigns_visible_to, period_get_for
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.forms import add_service_errors
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for
from zhengxian.scoring.models import Rater

from .. import selectors
from ..forms.panels import PanelScoresForm, RaterForm, RaterPanelForm
from ..selectors import UnitRow
from ..services import panels as services
from ..services.panels import REVOKED_LINK, UNKNOWN_LINK, RatingEntry

STARS = (5, 4, 3, 2, 1)  # drawn right to left, so that CSS can light the lower stars


# ---------------------------------------------------------------------------------------
# Judging panel
# ---------------------------------------------------------------------------------------


@login_required
def panel_entry(request: HttpRequest, period_id: int, panel: str) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    campaign = period.campaign
    panel_name = selectors.panel_codes(campaign).get(panel)
    if panel_name is None:
        raise Http404
    scope = scope_for(request.user)
    is_office = scope.can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    is_judge = scope.has(Perm.ASSESS)
    if not (is_office or is_judge):
        raise NotAllowed
    judge = getattr(request.user, "person", None)
    frozen = period.status == PeriodStatus.PUBLISHED
    form = None
    if is_judge and judge is not None:
        units = Unit.objects.filter(scope.unit_q(Perm.ASSESS))
        rows = selectors.judge_rows(period=period, panel=panel, judge=judge, units=units)
        form = PanelScoresForm(
            request.POST if request.method == "POST" else None, rows=rows, frozen=frozen
        )
        if request.method == "POST" and form.is_valid():
            changed = form.changed_scores()
            try:
                services.panel_scores_enter(
                    period=period, panel=panel, judge=judge, scores=changed, actor=request.user
                )
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if changed:
                    messages.success(
                        request,
                        ngettext("%(count)s score saved.", "%(count)s scores saved.", len(changed))
                        % {"count": len(changed)},
                    )
                else:
                    messages.info(request, _("No score changed."))
                return redirect("scoring:panel_entry", period_id=period.pk, panel=panel)
    elif request.method == "POST":
        raise NotAllowed
    context: dict[str, Any] = {
        "period": period,
        "campaign": campaign,
        "panel": panel,
        "panel_name": panel_name,
        "form": form,
        "frozen": frozen,
        "is_office": is_office,
        "no_person": is_judge and judge is None,
    }
    if is_office:
        context["judges"], context["matrix"] = selectors.panel_matrix(period=period, panel=panel)
    return render(request, "scoring/panel_entry.html", context)


# ---------------------------------------------------------------------------------------
# Rater panels (office)
# ---------------------------------------------------------------------------------------


@login_required
def rater_panels(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_managed_by(request.user, campaign_id)
    action = request.POST.get("action") if request.method == "POST" else None
    panel_form = RaterPanelForm(request.POST if action == "panel" else None, prefix="panel")
    rater_form = RaterForm(
        request.POST if action == "rater" else None, campaign=campaign, prefix="rater"
    )
    if action == "panel" and panel_form.is_valid():
        try:
            panel = services.rater_panel_create(
                campaign=campaign, actor=request.user, **panel_form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(panel_form, error)
        else:
            messages.success(request, _("Rater panel %(name)s created.") % {"name": panel.name})
            return redirect("scoring:rater_panels", campaign_id=campaign.pk)
    elif action == "rater" and rater_form.is_valid():
        try:
            rater = services.rater_add(actor=request.user, **rater_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(rater_form, error)
        else:
            messages.success(
                request,
                _("%(name)s added: hand them their link or QR code.") % {"name": rater.name},
            )
            return redirect("scoring:rater_panels", campaign_id=campaign.pk)
    elif action == "revoke":
        revoked = Rater.objects.filter(
            panel__campaign=campaign, pk=request.POST.get("rater") or 0
        ).first()
        if revoked is None:
            raise Http404
        try:
            services.rater_revoke(rater=revoked, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The link of %(name)s is revoked.") % {"name": revoked.name}
            )
        return redirect("scoring:rater_panels", campaign_id=campaign.pk)
    panels = selectors.rater_panels_of(campaign)
    for panel in panels:
        for rater in panel.raters.all():
            # Read by the template next to each rater.
            cast(Any, rater).link = request.build_absolute_uri(
                reverse("scoring:rate", args=[rater.token])
            )
    existing = {panel.code for panel in panels}
    context = {
        "campaign": campaign,
        "panels": panels,
        "panel_form": panel_form,
        "rater_form": rater_form,
        "failed_panel_id": str(rater_form["panel"].value() or "") if rater_form.is_bound else "",
        "missing_codes": [
            c for c in selectors.panel_codes(campaign, source="rating") if c not in existing
        ],
        "period": selectors.rating_period(campaign),
    }
    return render(request, "scoring/rater_panels.html", context)


@login_required
def rater_qr(request: HttpRequest, rater_id: int) -> HttpResponse:
    rater = (
        Rater.objects.select_related("panel__campaign__owner_unit")
        .filter(pk=rater_id, panel__campaign__in=campaigns_visible_to(request.user).values("pk"))
        .first()
    )
    if rater is None:
        raise Http404
    require(request.user, Perm.MANAGE_CAMPAIGN, rater.panel.campaign.owner_unit)
    if rater.revoked_at is not None:
        raise Http404
    link = request.build_absolute_uri(reverse("scoring:rate", args=[rater.token]))
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=4, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="rater-{rater.pk}.svg"'
    return response


# ---------------------------------------------------------------------------------------
# Rating (public, through a rater's personal link)
# ---------------------------------------------------------------------------------------


def _closed(request: HttpRequest, error: DomainError | None) -> HttpResponse:
    if error is None:
        status, reason = 200, "nothing"
    elif error.code == REVOKED_LINK:
        status, reason = 410, "revoked"
    elif error.code == UNKNOWN_LINK:
        status, reason = 404, "unknown"
    else:
        status, reason = 200, "nothing"
    return _private(render(request, "scoring/rate_closed.html", {"reason": reason}, status=status))


def _private(response: HttpResponse) -> HttpResponse:
    """The page's address holds the rater's token: keep it out of caches, other sites and search."""
    response["Cache-Control"] = "private, no-store"
    # Not "no-referrer": browsers then send "Origin: null" with the form, which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _parse_ratings(
    post: Any, rows: list[UnitRow], only: str | None
) -> tuple[list[RatingEntry], list[str]]:
    """The ratings the form carries (one unit's, or every unit's with stars chosen)."""
    entries: list[RatingEntry] = []
    errors: list[str] = []
    for row in rows:
        pk = str(row.unit.pk)
        if only is not None and pk != only:
            continue
        raw = post.get(f"score-{pk}", "").strip()
        comment = post.get(f"comment-{pk}", "").strip()
        if not raw:
            if only is not None or (comment and row.rating is None):
                errors.append(_("Choose the stars for %(unit)s.") % {"unit": row.unit.name})
            continue
        if raw not in {"1", "2", "3", "4", "5"}:
            errors.append(_("%(unit)s: choose 1 to 5 stars.") % {"unit": row.unit.name})
            continue
        entries.append(RatingEntry(unit=row.unit, score=int(raw), comment=comment))
    if only is not None and not any(str(row.unit.pk) == only for row in rows):
        errors.append(_("This unit is not rated here."))
    if not entries and not errors:
        errors.append(_("Choose stars for at least one unit."))
    return entries, errors


@never_cache
def rate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        rater = services.rater_by_token(token)
    except DomainError as error:
        return _closed(request, error)
    period = selectors.rating_period(rater.panel.campaign)
    if period is None:
        return _closed(request, None)
    rows = selectors.rater_rows(rater=rater, period=period)
    errors: list[str] = []
    if request.method == "POST":
        only = request.POST.get("only") or None
        entries, errors = _parse_ratings(request.POST, rows, only)
        if not errors:
            try:
                saved = services.ratings_submit(token=token, period=period, entries=entries)
            except DomainError as error:
                if error.code in (REVOKED_LINK, UNKNOWN_LINK):
                    return _closed(request, error)
                errors.append(error.message)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Thank you: %(count)s rating saved.",
                        "Thank you: %(count)s ratings saved.",
                        len(saved),
                    )
                    % {"count": len(saved)},
                )
                return redirect("scoring:rate", token=token)
    posted = request.POST if errors else {}
    items = [
        {
            "row": row,
            "score": str(posted.get(f"score-{row.unit.pk}", "")),
            "comment": posted.get(f"comment-{row.unit.pk}", ""),
        }
        for row in rows
    ]
    context = {
        "rater_name": rater.name,
        "campaign_name": rater.panel.campaign.name,
        "period": period,
        "items": items,
        "errors": errors,
        "stars": STARS,
        "to_rate": sum(1 for row in rows if row.rating is None),
    }
    return _private(render(request, "scoring/rate.html", context))
