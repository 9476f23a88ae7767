"""Result pages: rankings, score cards down to the evidence, trends, 减负, the JSON export."""

from __future__ import annotations

from django.urls import path

from . import views_home
from . import views_results as views

urlpatterns = [
    path("rankings/", views_home.rankings_home, name="rankings_home"),
    path("periods/<int:period_id>/ranking/", views.ranking, name="ranking"),
    path("periods/<int:period_id>/export.json", views.period_export, name="period_export"),
    path("periods/<int:period_id>/units/<int:unit_id>/", views.scorecard, name="scorecard"),
    # Leaf codes may hold dots (campaign files allow them), so not <slug:>.
    path(
        "periods/<int:period_id>/units/<int:unit_id>/leaves/<str:code>/",
        views.leaf_evidence,
        name="leaf_evidence",
    ),
    path("campaigns/<int:campaign_id>/ranking/", views.campaign_ranking, name="campaign_ranking"),
    path(
        "campaigns/<int:campaign_id>/units/<int:unit_id>/trend/",
        views.unit_trend,
        name="unit_trend",
    ),
    path("campaigns/<int:campaign_id>/burden/", views.burden, name="burden"),
]
