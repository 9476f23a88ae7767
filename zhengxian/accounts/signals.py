"""Logins, failed logins and logouts go to the audit log, with the client's address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from zhengxian.audit.models import Action, Outcome
from zhengxian.audit.services import record_event
from zhengxian.core.client_ip import client_ip

from .sessions import mark_started


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else ""


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        mark_started(request)
    record_event(kind=Action.LOGIN, outcome=Outcome.SUCCESS, actor=user, ip=_ip(request), obj=user)


def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:  # nobody was logged in
        return
    reason = getattr(request, "zhengxian_logout_reason", "")  # set when a session expires
    record_event(
        kind=Action.LOGOUT,
        outcome=Outcome.SUCCESS,
        actor=user,
        ip=_ip(request),
        obj=user,
        details={"expired": reason} if reason else None,
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The account tried, if it exists, is the object: its unit's office then sees the attempts.
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD, credentials.get("username", "")))
    account = user_model._default_manager.filter(username__iexact=username).first()
    record_event(
        kind=Action.LOGIN_FAILED,
        outcome=Outcome.FAILED,
        actor=f"anonymous:{username}"[:150],
        ip=_ip(request),
        obj=account,
        model="" if account is not None else "accounts.user",
        object_repr="" if account is not None else username[:200],
        unit_path=None if account is not None else "",
        details={"username": username[:150]},
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="zhengxian-audit-login")
    user_logged_out.connect(on_logout, dispatch_uid="zhengxian-audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="zhengxian-audit-login-failed")
