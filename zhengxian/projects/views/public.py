"""Public pages of livelihood projects (民生实事): no login, only public fields, in Chinese.

They render in the site's default language (Chinese) whatever the browser asks for, set
no cookie, and may be cached by a proxy for a few minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control

from zhengxian.core.stored_files import open_stored

from ..selectors.public import public_photo, public_project, public_projects

View = Callable[..., HttpResponse]


def in_site_language(view: View) -> View:
    """Runs the whole view (selectors included) in settings.LANGUAGE_CODE."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapper


@cache_control(public=True, max_age=300)
@in_site_language
def project_list(request: HttpRequest) -> HttpResponse:
    page = public_projects(request.GET.get("page"))
    context = {"page": page, "projects": page.object_list}
    return render(request, "projects/public_list.html", context)


@cache_control(public=True, max_age=300)
@in_site_language
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    context = {"project": public_project(project_id)}
    return render(request, "projects/public_detail.html", context)


@cache_control(public=True, max_age=3600)
def photo(request: HttpRequest, project_id: int, photo_id: int) -> FileResponse:
    found = public_photo(project_id, photo_id)
    return FileResponse(open_stored(found.file), content_type=found.content_type)
