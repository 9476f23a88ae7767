from __future__ import annotations

from django.urls import path

from .views import confirmations, matters, mediation, supervision, visits
from .views import visit_import as imports

app_name = "matters"
urlpatterns = [
    path("", matters.matter_list_view, name="matter_list"),
    path("new/", matters.matter_create_view, name="matter_create"),
    path("duplicates/", matters.duplicate_check, name="duplicate_check"),
    path("deadlines/", matters.deadlines, name="deadlines"),
    path("<int:matter_id>/", matters.matter_detail, name="matter_detail"),
    path("<int:matter_id>/act/<slug:action>/", matters.matter_act, name="matter_act"),
    path("<int:matter_id>/attachments/", matters.matter_attach, name="matter_attach"),
    path("attachments/<int:attachment_id>/", matters.attachment_download, name="attachment"),
    path(
        "<int:matter_id>/confirmation/",
        confirmations.send_link,
        name="confirmation_send",
    ),
    path("confirm/<str:token>/", confirmations.confirm, name="confirm"),
    path("outbox/", confirmations.outbox, name="outbox"),
    path("visits/", visits.visit_list_view, name="visit_list"),
    path("visits/new/", visits.visit_create_view, name="visit_create"),
    path("visits/import/", imports.visit_import, name="visit_import"),
    path("visits/import/template/", imports.visit_import_template, name="visit_import_template"),
    path("visits/coverage/", visits.coverage, name="coverage"),
    path("visits/problem-row/", visits.problem_row, name="problem_row"),
    path("visits/visitors/", visits.visitors_for_unit, name="visit_visitors"),
    path("visits/empty/", visits.empty, name="empty"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit_detail"),
    path("registers/enterprises/", visits.enterprise_search, name="enterprise_search"),
    path("registers/sites/", visits.site_search, name="site_search"),
    path("supervision/", supervision.supervision_list, name="supervision_list"),
    path("supervision/new/", supervision.supervision_create, name="supervision_create"),
    path("supervision/<int:day_id>/", supervision.supervision_detail, name="supervision_detail"),
    path(
        "supervision/<int:day_id>/findings/",
        supervision.supervision_finding_add,
        name="supervision_finding_add",
    ),
    path("mediation/", mediation.mediation_list, name="mediation_list"),
    path("mediation/new/", mediation.mediation_create, name="mediation_create"),
    path("mediation/<int:case_id>/", mediation.mediation_detail, name="mediation_detail"),
    path(
        "mediation/<int:case_id>/sessions/",
        mediation.mediation_session_add,
        name="mediation_session_add",
    ),
    path(
        "mediation/<int:case_id>/conclude/", mediation.mediation_conclude, name="mediation_conclude"
    ),
]
