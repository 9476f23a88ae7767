"""Small helpers shared by the activity views."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from zhengxian.core import clock
from zhengxian.core.errors import DomainError


def refuse(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


def local_now() -> dt.datetime:
    return timezone.localtime(clock.now())
