from __future__ import annotations

from django.urls import path

from . import views, views_notifications

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("notifications/", views_notifications.notifications, name="notifications"),
]
