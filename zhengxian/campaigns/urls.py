from __future__ import annotations

from django.urls import path

from . import views_campaigns, views_periods, views_tree

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
