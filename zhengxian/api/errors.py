"""One error body for every refusal: a machine code and a message in the user's language.

    {"code": "not_found", "message": "找不到……", "fields": {"visited_on": ["……"]}}

``fields`` is there only when input was wrong, keyed by the field names of the request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from zhengxian.core.errors import DomainError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ApiRefusal(Exception):
    """A refusal the API raises itself (a read-only token writing, a reused key …)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, body, status=status)


def _validation_fields(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("_all" if name == "__all__" else name): [str(m) for e in errs for m in e.messages]
            for name, errs in error.error_dict.items()
        }
    return {"_all": [str(m) for m in error.messages]}


def _schema_fields(error: SchemaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        name = ".".join(location[1:] if location[:1] in (["query"], ["path"]) else location)
        fields.setdefault(name or "_all", []).append(str(item.get("msg", "")))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = _validation_fields(error)
        first = next(iter(fields.values()))[0]
        return error_response(api, request, 422, "invalid", first, fields)

    @api.exception_handler(SchemaValidationError)
    def malformed(request: HttpRequest, error: SchemaValidationError) -> HttpResponse:
        message = _("The request is not in the form this endpoint takes.")
        return error_response(api, request, 422, "malformed", message, _schema_fields(error))

    @api.exception_handler(DomainError)
    def refused(request: HttpRequest, error: DomainError) -> HttpResponse:
        return error_response(api, request, 409, error.code, error.message)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        message = str(error) or _("Your roles do not allow this.")
        return error_response(api, request, 403, "forbidden", message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found, or not yours to see."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        message = _("Sign in, or send a valid token as “Authorization: Bearer …”.")
        return error_response(api, request, 401, "unauthenticated", message)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if error.status_code == 403 and "CSRF" in str(error):  # the session auth's check
            message = _("The page's security token is missing or out of date: reload the page.")
            return error_response(api, request, 403, "csrf_failed", message)
        return error_response(api, request, error.status_code, "http_error", str(error))

    @api.exception_handler(ApiRefusal)
    def api_refusal(request: HttpRequest, error: ApiRefusal) -> HttpResponse:
        response = error_response(api, request, error.status, error.code, error.message)
        for name, value in error.headers.items():
            response[name] = value
        return response
