"""Judging panels, rater panels and the public rating page (see views.panels)."""

from __future__ import annotations

from django.urls import path

from .views import panels

urlpatterns = [
    path("periods/<int:period_id>/panels/<slug:panel>/", panels.panel_entry, name="panel_entry"),
    path("campaigns/<int:campaign_id>/raters/", panels.rater_panels, name="rater_panels"),
    path("raters/<int:rater_id>/qr.svg", panels.rater_qr, name="rater_qr"),
    path("rate/<slug:token>/", panels.rate, name="rate"),
]
