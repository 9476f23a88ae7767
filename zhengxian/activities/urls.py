from __future__ import annotations

from django.urls import path

from .views import activities, brands, sessions, signin

app_name = "activities"
urlpatterns = [
    path("", activities.activity_list, name="activity_list"),
    path("new/", activities.activity_create, name="activity_create"),
    path("attendance/", activities.attendance, name="attendance"),
    path("<int:activity_id>/", activities.activity_detail, name="activity_detail"),
    path("<int:activity_id>/sessions/new/", activities.session_create, name="session_create"),
    path("<int:activity_id>/attachments/", activities.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_id>/", activities.attachment_download, name="attachment"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/screen/", sessions.session_screen, name="session_screen"),
    path("sessions/<int:session_id>/qr.svg", sessions.session_qr, name="session_qr"),
    path("sessions/<int:session_id>/manual/", sessions.session_manual, name="session_manual"),
    path(
        "sessions/<int:session_id>/do/<slug:action>/",
        sessions.session_action,
        name="session_action",
    ),
    path("s/<str:token>/", signin.sign_in, name="sign_in"),
    path("brands/", brands.brand_list, name="brand_list"),
    path("brands/new/", brands.brand_create, name="brand_create"),
    path("brands/<int:brand_id>/", brands.brand_detail, name="brand_detail"),
    path("brands/<int:brand_id>/seasons/new/", brands.season_create, name="season_create"),
]
