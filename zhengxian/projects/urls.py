from __future__ import annotations

from django.urls import path

from .views import actions, chart, milestones, projects, transfer

app_name = "projects"
urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("new/", projects.project_create, name="project_create"),
    path("<int:project_id>/", projects.project_detail, name="project_detail"),
    path("<int:project_id>/edit/", projects.project_edit, name="project_edit"),
    path("<int:project_id>/quantities/new/", projects.quantity_add, name="quantity_add"),
    path("<int:project_id>/milestones/new/", milestones.milestone_create, name="milestone_create"),
    path("<int:project_id>/report/", milestones.progress_report_create, name="report_create"),
    path("milestones/<int:milestone_id>/edit/", milestones.milestone_edit, name="milestone_edit"),
    path("milestones/<int:milestone_id>/done/", milestones.milestone_done, name="milestone_done"),
    path(
        "date-requests/<int:request_id>/decide/",
        milestones.date_request_decide,
        name="date_request_decide",
    ),
    path("photos/<int:photo_id>/", projects.photo, name="photo"),
    path("chart/", chart.battle_chart, name="battle_chart"),
    path("warnings/", chart.warnings, name="warnings"),
    path("import/", transfer.import_page, name="import"),
    path("import/template.xlsx", transfer.import_template, name="import_template"),
    path("export/", transfer.export, name="export"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:action_id>/", actions.action_detail, name="action_detail"),
    path("actions/<int:action_id>/tasks/new/", actions.task_create, name="task_create"),
    path("tasks/<int:task_id>/edit/", actions.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/done/", actions.task_done, name="task_done"),
]
