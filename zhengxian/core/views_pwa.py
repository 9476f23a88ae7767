"""The installable web app: the service worker and the manifest, served from the site root.

Both files are our own static files (``core/pwa/``). They are served by a view rather than
from ``/static/`` because a service worker controls only the pages under the path it is
served from, and the visit form and the sign-in page live outside ``/static/``. The view
adds what only the server knows: where the static files are, and a cache version that
changes with the worker's code, so a new release empties the old caches.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

PWA_DIR = Path(__file__).resolve().parent / "static" / "core" / "pwa"
# Pages the worker may keep for offline use: the visit form and the sign-in pages, nothing
# else (no lists, no other user's data, never the API).
OFFLINE_PAGES = ("matters:visit_create", "core:offline_sign_in")
SIGN_IN_PREFIX = "/activities/s/"


def _read(name: str) -> str:
    return (PWA_DIR / name).read_text(encoding="utf-8")


def _worker_config() -> dict[str, Any]:
    code = _read("sw.js") + _read("offline-queue.js")
    return {
        "version": hashlib.sha256(code.encode()).hexdigest()[:12],
        "staticPrefix": static(""),
        "pages": [reverse(name) for name in OFFLINE_PAGES],
        "pagePrefixes": [SIGN_IN_PREFIX],
        "signInShell": reverse("core:offline_sign_in"),
        "never": ["/api/", reverse("core:healthz")],
        "logout": reverse("accounts:logout"),
        "login": reverse("accounts:login"),
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    config = json.dumps(_worker_config())
    body = f"self.ZX_PWA = {config};\n{_read('sw.js')}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    data = json.loads(_read("manifest.webmanifest"))
    data["start_url"] = reverse("matters:visit_create")
    data["scope"] = "/"
    for icon in data["icons"]:
        icon["src"] = static(icon["src"])
    body = json.dumps(data, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_safe
def offline_sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page for a QR code scanned without a network, before its own page was
    ever opened: the worker shows it at the QR code's address, the script reads the token
    from there. It shows nothing of the session (the phone does not know it yet)."""
    return render(request, "core/offline_sign_in.html")
