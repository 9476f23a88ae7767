from __future__ import annotations

from django.urls import path

from . import dashboard_views, views

app_name = "cockpit"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("periods/<int:period_id>/circular/", views.circular, name="circular"),
    path("periods/<int:period_id>/circular/pack/", views.circular_pack, name="circular_pack"),
    path("periods/<int:period_id>/circular.docx", views.circular_docx, name="circular_docx"),
    path("periods/<int:period_id>/circular.xlsx", views.circular_xlsx, name="circular_xlsx"),
]
