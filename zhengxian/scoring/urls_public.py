"""Public ranking pages (no login), mounted at /public/rankings/ by config/urls.py."""

from __future__ import annotations

from django.urls import path

from .views import public

app_name = "public_rankings"
urlpatterns = [
    path("", public.campaign_list, name="campaign_list"),
    path("<slug:campaign_code>/<slug:period_key>/", public.ranking, name="ranking"),
]
