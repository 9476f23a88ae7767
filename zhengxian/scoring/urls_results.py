"""Result pages: rankings, score cards down to the evidence, trends, 减负, the JSON export."""

from __future__ import annotations

from django.urls import path

from .views import home, live, results

urlpatterns = [
    path("rankings/", home.rankings_home, name="rankings_home"),
    path("periods/<int:period_id>/ranking/", results.ranking, name="ranking"),
    path("periods/<int:period_id>/live/", live.live_ranking, name="live_ranking"),
    path("periods/<int:period_id>/export.json", results.period_export, name="period_export"),
    path("periods/<int:period_id>/units/<int:unit_id>/", results.scorecard, name="scorecard"),
    # Leaf codes may hold dots (campaign files allow them), so not <slug:>.
    path(
        "periods/<int:period_id>/units/<int:unit_id>/leaves/<str:code>/",
        results.leaf_evidence,
        name="leaf_evidence",
    ),
    path("campaigns/<int:campaign_id>/ranking/", results.campaign_ranking, name="campaign_ranking"),
    path(
        "campaigns/<int:campaign_id>/units/<int:unit_id>/trend/",
        results.unit_trend,
        name="unit_trend",
    ),
    path("burden/", results.burden_home, name="burden_home"),
    path("campaigns/<int:campaign_id>/burden/", results.burden, name="burden"),
]
