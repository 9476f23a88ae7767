from __future__ import annotations

from django.urls import path

from . import views_campaigns, views_tree

app_name = "campaigns"
urlpatterns = [
    path("", views_campaigns.campaign_list, name="campaign_list"),
    path("load/", views_campaigns.campaign_load, name="campaign_load"),
    path("<int:campaign_id>/", views_campaigns.campaign_detail, name="campaign_detail"),
    path("<int:campaign_id>/edit/", views_campaigns.campaign_edit, name="campaign_edit"),
    path("<int:campaign_id>/export/", views_campaigns.campaign_export, name="campaign_export"),
    path("<int:campaign_id>/indicators/new/", views_tree.node_create, name="node_create"),
    path(
        "<int:campaign_id>/indicators/<int:node_id>/edit/", views_tree.node_edit, name="node_edit"
    ),
    path(
        "<int:campaign_id>/indicators/<int:node_id>/delete/",
        views_tree.node_delete,
        name="node_delete",
    ),
]
