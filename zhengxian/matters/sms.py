"""Text messages to residents, through a pluggable backend.

``ZHENGXIAN_SMS_BACKEND`` names a class with ``send(*, phone, text)``; the default writes
each message to the `OutgoingSms` outbox (shown to the office on the outbox page), because
no SMS gateway is reachable from the demo. A deployment with a gateway (e.g. an operator's
HTTP API) plugs in its own class; the caller never knows which one runs.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "zhengxian.matters.sms.OutboxBackend"


class SmsBackend(Protocol):
    # True when ``send`` only writes to the database: it then runs inside the caller's
    # transaction (rolled back with it); a gateway is called once the transaction commits.
    in_transaction: bool

    def send(self, *, phone: str, text: str) -> None: ...


class OutboxBackend:
    """Keeps the message in the outbox table instead of sending it."""

    in_transaction = True

    def send(self, *, phone: str, text: str) -> None:
        from .models import OutgoingSms

        OutgoingSms.objects.create(phone=phone, text=text[:500], backend=type(self).__name__)


def get_backend() -> SmsBackend:
    path = getattr(settings, "ZHENGXIAN_SMS_BACKEND", DEFAULT_BACKEND)
    backend: SmsBackend = import_string(path)()
    return backend


def send_sms(*, phone: str, text: str) -> None:
    backend = get_backend()
    if getattr(backend, "in_transaction", False):
        backend.send(phone=phone, text=text)
    else:
        transaction.on_commit(lambda: backend.send(phone=phone, text=text))
