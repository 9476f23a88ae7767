"""The JSON API, version 1: one NinjaAPI, a router per resource (`routers/`), the same
services and selectors as the pages. docs/api.md is the guide; /api/v1/docs the reference."""

from __future__ import annotations

from ninja import NinjaAPI

from .auth import api_auth
from .errors import install_error_handlers
from .routers import signins, visits

api = NinjaAPI(
    title="Zhengxian API",
    version="1",
    description=(
        "Every endpoint applies the scope rules of the pages: a unit or record outside the "
        "caller's scope answers 404. Errors share one body: `code`, `message` (in the "
        "caller's language, from Accept-Language), and `fields` for wrong input."
    ),
    auth=api_auth(),
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("", visits.router)
api.add_router("", signins.router)
