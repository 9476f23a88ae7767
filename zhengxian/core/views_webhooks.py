"""The campaign office's webhook endpoints and their delivery log. Thin: the selectors and
services are in `webhook_admin`; the scope comes from orgs through `access`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import webhook_admin as admin
from .forms import add_service_errors
from .forms_webhooks import WebhookEndpointForm
from .models import WebhookEndpoint
from .notification_kinds import kind_label


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    endpoints = list(admin.endpoints_for(request.user))
    rows = [
        {
            "endpoint": endpoint,
            "secret": admin.masked_secret(endpoint.secret),
            "url": admin.masked_url(endpoint.url),
            "kinds": [kind_label(kind) for kind in endpoint.kinds],
        }
        for endpoint in endpoints
    ]
    return render(request, "core/webhook_list.html", {"rows": rows})


def _form(request: HttpRequest, endpoint: WebhookEndpoint | None) -> WebhookEndpointForm:
    initial: dict[str, Any] = {"enabled": True}
    if endpoint is not None:
        initial = {
            "name": endpoint.name,
            "owner_unit": endpoint.owner_unit_id,
            "recipient": getattr(endpoint.recipient, "person", None),
            "msgtype": endpoint.msgtype,
            "kinds": endpoint.kinds,
            "enabled": endpoint.enabled,
        }
    return WebhookEndpointForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=admin.owner_units_for(request.user),
        recipients=admin.recipient_people_for(request.user),
    )


def _edit(request: HttpRequest, endpoint: WebhookEndpoint | None) -> HttpResponse:
    form = _form(request, endpoint)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        secret = "" if data["clear_secret"] else (data["secret"] or None)
        try:
            saved = admin.endpoint_save(
                actor=request.user,
                endpoint=endpoint,
                name=data["name"],
                url=data["url"] or None,
                secret=secret,
                enabled=data["enabled"],
                kinds=data["kinds"],
                msgtype=data["msgtype"],
                owner_unit=data["owner_unit"],
                recipient=data["recipient"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Webhook “%(name)s” saved.") % {"name": saved.name})
            return redirect("core:webhook_list")
    context = {
        "form": form,
        "endpoint": endpoint,
        "secret": admin.masked_secret(endpoint.secret) if endpoint else "",
        "masked_url": admin.masked_url(endpoint.url) if endpoint else "",
    }
    return render(request, "core/webhook_form.html", context)


@login_required
def webhook_create(request: HttpRequest) -> HttpResponse:
    admin.endpoints_for(request.user)  # 403 without the office's permission
    return _edit(request, None)


@login_required
def webhook_edit(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    return _edit(request, admin.endpoint_get_for(request.user, endpoint_id))


@login_required
@require_POST
def webhook_test(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = admin.endpoint_get_for(request.user, endpoint_id)
    admin.endpoint_send_test(actor=request.user, endpoint=endpoint)
    messages.success(request, _("A test message is queued; see the delivery log."))
    return redirect("core:webhook_deliveries")


@login_required
@require_POST
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = admin.endpoint_get_for(request.user, endpoint_id)
    admin.endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, _("Webhook “%(name)s” deleted.") % {"name": endpoint.name})
    return redirect("core:webhook_list")


@login_required
def webhook_deliveries(request: HttpRequest) -> HttpResponse:
    endpoint_id = request.GET.get("endpoint", "")
    chosen = int(endpoint_id) if endpoint_id.isdigit() and len(endpoint_id) < 19 else None
    deliveries = admin.deliveries_for(request.user, endpoint_id=chosen)
    page = Paginator(deliveries, 30).get_page(request.GET.get("page"))
    return render(request, "core/webhook_deliveries.html", {"page": page, "endpoint_id": chosen})
