"""A campaign's periods and their workflow (views.periods), under /campaigns/<id>/periods/."""

from __future__ import annotations

from django.urls import path

from .views import periods

urlpatterns = [
    path("<int:campaign_id>/periods/", periods.period_list, name="period_list"),
    path(
        "<int:campaign_id>/periods/<int:period_id>/",
        periods.period_detail,
        name="period_detail",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/score/",
        periods.period_score,
        name="period_score",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/publish/",
        periods.period_publish,
        name="period_publish",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/correct/",
        periods.period_correct,
        name="period_correct",
    ),
]
