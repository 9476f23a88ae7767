"""Judging panels, rater panels and the public rating page (see views_panels)."""

from __future__ import annotations

from django.urls import path

from . import views_panels

urlpatterns = [
    path(
        "periods/<int:period_id>/panels/<slug:panel>/", views_panels.panel_entry, name="panel_entry"
    ),
    path("campaigns/<int:campaign_id>/raters/", views_panels.rater_panels, name="rater_panels"),
    path("raters/<int:rater_id>/qr.svg", views_panels.rater_qr, name="rater_qr"),
    path("rate/<slug:token>/", views_panels.rate, name="rate"),
]
