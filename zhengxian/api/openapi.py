"""The OpenAPI document, completed with what every operation may answer besides its own
success: the shared error body for 400, 401, 403, 404, 409, 422 and 429 (a read may also
answer 304 to ``If-None-Match``). Operation ids are the endpoint functions' names."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from .errors import ErrorOut

ERRORS: dict[str, str] = {
    "400": "A bad cursor or header.",
    "401": "No caller: sign in, or send a valid token.",
    "403": "The caller's roles, scope or token do not allow this.",
    "404": "Not found, or outside the caller's scope.",
    "409": "A business rule refused it (the code says which).",
    "422": "Wrong input; `fields` says where.",
    "429": "Over the rate limit; `Retry-After` says when to come back.",
}


class Utf8JSONRenderer(JSONRenderer):
    """Chinese as characters, not \\u escapes: readable, and a third shorter."""

    json_dumps_params = {"ensure_ascii": False}


class ZhengxianAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                for status, description in ERRORS.items():
                    responses.setdefault(status, {"description": description, "content": error})
                if method == "get":
                    responses.setdefault("304", {"description": "Unchanged since the ETag."})
        return schema
