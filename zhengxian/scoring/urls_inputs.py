"""Evaluator and appeal pages (views_inputs, views_assessments, views_checklists, views_appeals)."""

from __future__ import annotations

from django.urls import path

from . import views_appeals, views_assessments, views_checklists, views_inputs

urlpatterns = [
    path("inputs/", views_inputs.inputs_home, name="inputs_home"),
    path("periods/<int:period_id>/assessments/", views_assessments.assessments, name="assessments"),
    path(
        "periods/<int:period_id>/assessments/<int:leaf_id>/<int:unit_id>/",
        views_assessments.assessment_cell,
        name="assessment_cell",
    ),
    path("periods/<int:period_id>/adjustments/", views_assessments.adjustments, name="adjustments"),
    path(
        "adjustments/<int:adjustment_id>/decide/",
        views_assessments.adjustment_decision,
        name="adjustment_decide",
    ),
    path("checklists/", views_checklists.checklist_home, name="checklist_home"),
    path("campaigns/<int:campaign_id>/checklists/", views_checklists.checklists, name="checklists"),
    path(
        "checklists/items/<int:item_id>/done/",
        views_checklists.checklist_item_done,
        name="checklist_item_done",
    ),
    path(
        "periods/<int:period_id>/units/<int:unit_id>/appeal/",
        views_appeals.appeal_create,
        name="appeal_create",
    ),
    path("appeals/", views_appeals.appeal_list, name="appeal_list"),
    path("appeals/<int:appeal_id>/", views_appeals.appeal_detail, name="appeal_detail"),
    path("files/<slug:kind>/<int:pk>/", views_inputs.attachment, name="attachment"),
]
