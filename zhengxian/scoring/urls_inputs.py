"""Evaluator and appeal pages (views.inputs, views.assessments, views.checklists, views.appeals)."""

from __future__ import annotations

from django.urls import path

from .views import appeals, assessments, checklists, inputs

urlpatterns = [
    path("inputs/", inputs.inputs_home, name="inputs_home"),
    path("periods/<int:period_id>/assessments/", assessments.assessments, name="assessments"),
    path(
        "periods/<int:period_id>/assessments/<int:leaf_id>/<int:unit_id>/",
        assessments.assessment_cell,
        name="assessment_cell",
    ),
    path("periods/<int:period_id>/adjustments/", assessments.adjustments, name="adjustments"),
    path(
        "adjustments/<int:adjustment_id>/decide/",
        assessments.adjustment_decision,
        name="adjustment_decide",
    ),
    path("checklists/", checklists.checklist_home, name="checklist_home"),
    path("campaigns/<int:campaign_id>/checklists/", checklists.checklists, name="checklists"),
    path(
        "checklists/items/<int:item_id>/done/",
        checklists.checklist_item_done,
        name="checklist_item_done",
    ),
    path(
        "periods/<int:period_id>/units/<int:unit_id>/appeal/",
        appeals.appeal_create,
        name="appeal_create",
    ),
    path("appeals/", appeals.appeal_list, name="appeal_list"),
    path("appeals/<int:appeal_id>/", appeals.appeal_detail, name="appeal_detail"),
    path("files/<slug:kind>/<int:pk>/", inputs.attachment, name="attachment"),
]
