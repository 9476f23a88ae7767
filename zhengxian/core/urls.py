from __future__ import annotations

from django.urls import path

from . import views, views_notifications, views_pwa, views_webhooks

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views_pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_pwa.manifest, name="manifest"),
    path("offline/sign-in/", views_pwa.offline_sign_in, name="offline_sign_in"),
    path("notifications/", views_notifications.notifications, name="notifications"),
    path("webhooks/", views_webhooks.webhook_list, name="webhook_list"),
    path("webhooks/new/", views_webhooks.webhook_create, name="webhook_create"),
    path("webhooks/<int:endpoint_id>/", views_webhooks.webhook_edit, name="webhook_edit"),
    path("webhooks/<int:endpoint_id>/test/", views_webhooks.webhook_test, name="webhook_test"),
    path(
        "webhooks/<int:endpoint_id>/delete/", views_webhooks.webhook_delete, name="webhook_delete"
    ),
    path("webhooks/deliveries/", views_webhooks.webhook_deliveries, name="webhook_deliveries"),
]
