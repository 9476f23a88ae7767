"""Public ranking pages (no login), mounted at /public/rankings/ by config/urls.py."""

from __future__ import annotations

from django.urls import path

from . import views_public as views

app_name = "public_rankings"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("<slug:campaign_code>/<slug:period_key>/", views.ranking, name="ranking"),
]
