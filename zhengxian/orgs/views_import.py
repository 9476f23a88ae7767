from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def import_page(request: HttpRequest) -> HttpResponse:  # replaced by the import work
    raise NotImplementedError


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    raise NotImplementedError
