"""Public pages (no login): livelihood projects' progress, milestones and photos."""

from __future__ import annotations

from django.urls import path

from .views import public

app_name = "public_projects"
urlpatterns = [
    path("", public.project_list, name="list"),
    path("<int:project_id>/", public.project_detail, name="detail"),
    path("<int:project_id>/photos/<int:photo_id>/", public.photo, name="photo"),
]
