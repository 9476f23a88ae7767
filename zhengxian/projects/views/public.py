"""Public pages of livelihood projects (民生实事): no login, only public fields, in Chinese.

They render in the site's default language (Chinese) whatever the browser asks for, set
no cookie, and may be cached by a proxy for a few minutes.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control

from ..selectors.public import public_photo, public_project, public_projects


def _render(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        response = render(request, template, context)
    response.headers["Content-Language"] = settings.LANGUAGE_CODE
    return response


@cache_control(public=True, max_age=300)
def project_list(request: HttpRequest) -> HttpResponse:
    return _render(request, "projects/public_list.html", {"projects": public_projects()})


@cache_control(public=True, max_age=300)
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    return _render(request, "projects/public_detail.html", {"project": public_project(project_id)})


@cache_control(public=True, max_age=3600)
def photo(request: HttpRequest, project_id: int, photo_id: int) -> FileResponse:
    found = public_photo(project_id, photo_id)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
