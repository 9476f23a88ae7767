"""The campaign office's webhook endpoints: what a user may see and change (selectors) and
saving them (services). The scope comes from orgs through `zhengxian.core.access`."""

from __future__ import annotations

import urllib.parse
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .access import require_perm, scope_of
from .acting import acting_as
from .models import MessageType, WebhookDelivery, WebhookEndpoint
from .notification_kinds import Kind
from .webhooks import enqueue_test

MANAGE = "manage_campaign"  # zhengxian.orgs.roles.Perm.MANAGE_CAMPAIGN: the campaign office


def masked_secret(secret: str) -> str:
    """Enough of a secret to recognise it, never enough to use it: "SEC…9f2a"."""
    if not secret:
        return ""
    if len(secret) <= 12:
        return "•" * 6
    return f"{secret[:3]}…{secret[-4:]}"


def masked_url(url: str) -> str:
    """The address with its query values (DingTalk's access_token) masked like a secret."""
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = "&".join(f"{key}={_mask_value(value)}" for key, value in pairs)
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _mask_value(value: str) -> str:
    return value if len(value) <= 8 else f"{value[:4]}…{value[-4:]}"


def endpoints_for(user: Any) -> QuerySet[WebhookEndpoint]:
    require_perm(user, MANAGE)
    queryset = WebhookEndpoint.objects.select_related("owner_unit", "recipient")
    return scope_of(user).filter(queryset, MANAGE, via="owner_unit")


def endpoint_get_for(user: Any, endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints_for(user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


def deliveries_for(user: Any, *, endpoint_id: int | None = None) -> QuerySet[WebhookDelivery]:
    require_perm(user, MANAGE)
    queryset = WebhookDelivery.objects.select_related("endpoint__owner_unit")
    if endpoint_id is not None:
        queryset = queryset.filter(endpoint_id=endpoint_id)
    return scope_of(user).filter(queryset, MANAGE, via="endpoint__owner_unit")


def owner_units_for(user: Any) -> QuerySet[Any]:
    """The units whose endpoints ``user`` may manage."""
    unit_model = WebhookEndpoint._meta.get_field("owner_unit").related_model
    units = unit_model._default_manager.filter(is_active=True)  # type: ignore[union-attr]
    return scope_of(user).filter(units, MANAGE, via="")


def recipients_for(user: Any) -> QuerySet[Any]:
    """Accounts that may get a personal channel: people of units in ``user``'s scope."""
    accounts = get_user_model().objects.filter(is_active=True, person__isnull=False)
    return scope_of(user).filter(accounts, MANAGE, via="person__unit").order_by("username")


def recipient_people_for(user: Any) -> QuerySet[Any]:
    """The people behind `recipients_for`, with their accounts: the page chooses a recipient
    by person (what orgs' person search finds) and saves the account."""
    person_model = get_user_model()._meta.get_field("person").related_model
    people = person_model._default_manager.filter(  # type: ignore[union-attr]
        user__is_active=True
    ).select_related("user")
    return scope_of(user).filter(people, MANAGE, via="unit").order_by("user__username")


@transaction.atomic
def endpoint_save(
    *,
    actor: Any,
    endpoint: WebhookEndpoint | None,
    name: str,
    url: str | None,
    secret: str | None,
    enabled: bool,
    kinds: list[str],
    msgtype: str,
    owner_unit: Any,
    recipient: Any = None,
) -> WebhookEndpoint:
    """Creates or changes an endpoint; ``url`` or ``secret`` None keeps the stored one
    (pages never show them back in full), a ``secret`` of "" removes it."""
    require_perm(actor, MANAGE, owner_unit)
    if endpoint is not None:
        require_perm(actor, MANAGE, endpoint.owner_unit)
    if url is None and endpoint is None:
        raise ValidationError({"url": _("Give the webhook address.")})
    if url is not None and not url.strip().startswith(("https://", "http://")):
        raise ValidationError({"url": _("Give an http or https address.")})
    if recipient is not None and not recipients_for(actor).filter(pk=recipient.pk).exists():
        raise ValidationError({"recipient": _("Choose a person in your scope.")})
    unknown = set(kinds) - set(Kind.values)
    if unknown or msgtype not in MessageType.values:
        raise ValidationError(_("Choose kinds and a message type from the lists."))
    row = endpoint or WebhookEndpoint()
    row.name = name.strip()
    if url is not None:
        row.url = url.strip()
    if secret is not None:
        row.secret = secret.strip()
    row.enabled = enabled
    row.kinds = sorted(set(kinds))
    row.msgtype = msgtype
    row.owner_unit = owner_unit
    row.recipient = recipient
    row.full_clean()
    with acting_as(actor):
        row.save()
    return row


def endpoint_send_test(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queues a test message; `deliver_webhooks` sends it like any other."""
    require_perm(actor, MANAGE, endpoint.owner_unit)
    return enqueue_test(
        endpoint, text=_("Test message from Zhengxian: %(name)s") % {"name": endpoint.name}
    )


@transaction.atomic
def endpoint_delete(*, actor: Any, endpoint: WebhookEndpoint) -> None:
    require_perm(actor, MANAGE, endpoint.owner_unit)
    with acting_as(actor):
        endpoint.delete()
