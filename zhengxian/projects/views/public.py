"""Public pages of livelihood projects (民生实事): no login, only public fields."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from ..selectors.public import public_photo, public_project, public_projects


@cache_control(public=True, max_age=300)
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/public_list.html", {"projects": public_projects()})


@cache_control(public=True, max_age=300)
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    return render(request, "projects/public_detail.html", {"project": public_project(project_id)})


@cache_control(public=True, max_age=3600)
def photo(request: HttpRequest, project_id: int, photo_id: int) -> HttpResponse:
    found = public_photo(project_id, photo_id)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
