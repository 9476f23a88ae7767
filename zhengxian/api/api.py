"""The JSON API, version 1: one API object, a router per resource (`routers/`), calling the
same services and selectors as the pages. docs/api.md is the guide; /api/v1/docs the
reference."""

from __future__ import annotations

from .auth import api_auth
from .errors import install_error_handlers
from .openapi import Utf8JSONRenderer, ZhengxianAPI
from .routers import (
    activities,
    campaigns,
    matters,
    notifications,
    orgs,
    projects,
    scoring,
    signins,
    visits,
)

api = ZhengxianAPI(
    title="Zhengxian API",
    version="1",
    description=(
        "Every endpoint applies the scope rules of the pages: a unit or record outside the "
        "caller's scope answers 404. Errors share one body: `code`, `message` (in the "
        "caller's language, from Accept-Language), and `fields` for wrong input. Lists are "
        "cursor pages (`items`, `next_cursor`); reads carry an ETag; creates take an "
        "`Idempotency-Key`. Guide: docs/api.md."
    ),
    auth=api_auth(),
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
)
install_error_handlers(api)

for module in (
    orgs,
    campaigns,
    scoring,
    visits,
    matters,
    projects,
    activities,
    signins,
    notifications,
):
    api.add_router("", module.router)
