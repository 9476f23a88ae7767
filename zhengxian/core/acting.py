"""Who is acting and from where: set per request by the audit middleware
(`zhengxian.audit.middleware`), or by a command with `acting_as`; the audit log writes it on
every entry. It lives in core so that any layer may say who acts without importing audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any] = ContextVar("zhengxian_audit_actor", default=None)
_ip: ContextVar[str] = ContextVar("zhengxian_audit_ip", default="")


def current_actor() -> Any:
    """A user, a plain label such as "system:load_demo", or None."""
    return _actor.get()


def current_ip() -> str:
    """The client address of the request being served, "" outside a request."""
    return _ip.get()


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def from_address(ip: str) -> Iterator[None]:
    token = _ip.set(ip)
    try:
        yield
    finally:
        _ip.reset(token)
