"""A campaign's periods and their workflow (views_periods), under /campaigns/<id>/periods/."""

from __future__ import annotations

from django.urls import path

from . import views_periods

urlpatterns = [
    path("<int:campaign_id>/periods/", views_periods.period_list, name="period_list"),
    path(
        "<int:campaign_id>/periods/<int:period_id>/",
        views_periods.period_detail,
        name="period_detail",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/score/",
        views_periods.period_score,
        name="period_score",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/publish/",
        views_periods.period_publish,
        name="period_publish",
    ),
    path(
        "<int:campaign_id>/periods/<int:period_id>/correct/",
        views_periods.period_correct,
        name="period_correct",
    ),
]
