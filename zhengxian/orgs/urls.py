from __future__ import annotations

from django.urls import path

from . import views, views_import, views_search

app_name = "orgs"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/search/", views_search.unit_search, name="unit_search"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/children/", views.unit_children, name="unit_children"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/search/", views_search.person_search, name="person_search"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_id>/roles/", views.person_role_add, name="person_role_add"),
    path(
        "people/<int:person_id>/roles/<int:assignment_id>/remove/",
        views.person_role_remove,
        name="person_role_remove",
    ),
    path(
        "people/<int:person_id>/password/",
        views.person_password_reset,
        name="person_password_reset",
    ),
    path("import/", views_import.import_page, name="import"),
    path("import/template/<str:kind>.xlsx", views_import.import_template, name="import_template"),
]
