"""Personal access tokens: made and revoked by their owner; looked up by their hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed

from .models import ApiToken

TOKEN_PREFIX = "zx_"
MAX_DAYS = 366
LAST_USED_EVERY = dt.timedelta(minutes=5)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def token_create(*, actor: Any, name: str, days: int, read_only: bool) -> tuple[ApiToken, str]:
    """Makes a token for ``actor`` itself; returns it with the raw value, which is not kept."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "pk", None) is None:
        raise NotAllowed(_("Only a signed-in person can make an API token."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says what uses it.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:80],
        prefix=raw[:10],
        key_hash=token_hash(raw),
        read_only=read_only,
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    """Revokes one of ``actor``'s own tokens; another person's token is not found."""
    token = tokens_of(actor).select_for_update().filter(pk=token_id).first()
    if token is None:
        raise NotAllowed(_("That token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_find(raw: str) -> ApiToken | None:
    """The live token whose value is ``raw``: not revoked, not expired, its owner active."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
    now = clock.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
