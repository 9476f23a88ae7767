from __future__ import annotations

from django.urls import path

from . import views

app_name = "api_pages"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
