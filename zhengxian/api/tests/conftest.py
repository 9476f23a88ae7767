"""Fixtures of the API tests: tokens for the org fixture's people and a JSON client."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zhengxian.api.tokens import token_create


class ApiClient:
    """Calls /api/v1/ with a bearer token, in English unless told otherwise."""

    def __init__(self, client: Client, raw: str | None, language: str = "en") -> None:
        self.client = client
        self.headers: dict[str, str] = {"Accept-Language": language}
        if raw:
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers={**self.headers, **headers})

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            data=json.dumps(body),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def token_for(org) -> Callable[..., str]:
    """token_for("cadre_a", read_only=False) makes a token and returns its value."""

    def make(key: str, *, read_only: bool = False, days: int = 30) -> str:
        _token, raw = token_create(
            actor=org.user(key), name=f"{key} script", days=days, read_only=read_only
        )
        return raw

    return make


@pytest.fixture
def api(client, token_for) -> Callable[..., ApiClient]:
    """api("cadre_a") is a client of the API with a read-write token of that person."""

    def make(key: str | None, *, read_only: bool = False, language: str = "en") -> ApiClient:
        raw = token_for(key, read_only=read_only) if key else None
        return ApiClient(Client(), raw, language)

    return make
