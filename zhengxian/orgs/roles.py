"""Roles and what each may do, as data.

A person holds roles over a unit (their scope); a role grants permissions, and every
permission applies to the scope unit's whole subtree and nothing else. `scope.py` answers
the questions; this module only states the table.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Campaign office")
    EVALUATOR = "evaluator", _("Evaluator")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    CADRE = "cadre", _("Cadre")
    PROJECT_LEAD = "project_lead", _("Project lead")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADERSHIP = "leadership", _("Leadership")
    VIEWER = "viewer", _("Viewer")


class Perm(StrEnum):
    VIEW_ORG = "view_org"  # browse units and people in scope
    MANAGE_UNITS = "manage_units"  # create, edit, deactivate units
    MANAGE_PEOPLE = "manage_people"  # create, edit people, their roles, reset passwords
    IMPORT_ORG = "import_org"  # Excel import of units and people
    VIEW_AUDIT = "view_audit"
    MANAGE_CAMPAIGN = "manage_campaign"  # campaigns, indicator trees, periods, publication
    ASSESS = "assess"  # manual assessments, bonus and penalty items, appeals
    VIEW_SCORES = "view_scores"  # score cards of units in scope
    APPEAL = "appeal"
    RECORD_WORK = "record_work"  # visits, matters, progress reports, sign-in
    HANDLE_MATTERS = "handle_matters"  # assign, resolve matters of units in scope
    MANAGE_PROJECTS = "manage_projects"
    SUPERVISE = "supervise"  # supervision days and their findings
    ORGANISE_ACTIVITIES = "organise_activities"
    VIEW_COCKPIT = "view_cockpit"


_EVERYONE = {Perm.VIEW_ORG, Perm.VIEW_SCORES}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.OFFICE: frozenset(Perm),
    Role.EVALUATOR: frozenset(_EVERYONE | {Perm.ASSESS}),
    Role.UNIT_LEADER: frozenset(
        _EVERYONE
        | {
            Perm.MANAGE_PEOPLE,
            Perm.APPEAL,
            Perm.RECORD_WORK,
            Perm.HANDLE_MATTERS,
            Perm.MANAGE_PROJECTS,
            Perm.ORGANISE_ACTIVITIES,
        }
    ),
    Role.CADRE: frozenset(_EVERYONE | {Perm.RECORD_WORK}),
    Role.PROJECT_LEAD: frozenset(_EVERYONE | {Perm.MANAGE_PROJECTS, Perm.VIEW_COCKPIT}),
    Role.SUPERVISOR: frozenset(_EVERYONE | {Perm.SUPERVISE, Perm.RECORD_WORK}),
    Role.LEADERSHIP: frozenset(_EVERYONE | {Perm.VIEW_COCKPIT}),
    Role.VIEWER: frozenset(_EVERYONE),
}


def permissions_of(role: str) -> frozenset[Perm]:
    return ROLE_PERMISSIONS.get(role, frozenset())
