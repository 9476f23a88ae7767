"""The address of the client behind the request, used by the login lockout and the audit log.

``X-Forwarded-For`` is believed only when the deployment says how many reverse proxies stand
in front of the application (``ZHENGXIAN_TRUSTED_PROXY_COUNT``). Each proxy appends the
address it received the request from, so with N trusted proxies the client is the N-th entry
from the right; whatever the client itself put further left is ignored. Without a proxy the
header is ignored entirely: anyone can send it, and trusting it would let an attacker pick a
fresh address for every guess and never be locked out.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "ZHENGXIAN_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(chain) < proxies:  # the request did not come through the proxies: trust nothing
        return remote
    return _valid(chain[-proxies]) or remote
