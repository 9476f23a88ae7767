"""Writes of the matters app. Each function is one transaction; states change only through
`matter_transition`."""

from __future__ import annotations

from .matters import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    matter_attach,
    matter_create,
    matter_link_report,
)
from .mediation import mediation_case_create, mediation_conclude, mediation_session_add
from .registers import enterprise_get_or_create, name_key, site_get_or_create
from .supervision import supervision_day_create, supervision_finding_create
from .transitions import matter_confirm, matter_transition
from .visits import ProblemInput, VisitResult, VisitTarget, visit_create

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "ProblemInput",
    "VisitResult",
    "VisitTarget",
    "enterprise_get_or_create",
    "matter_attach",
    "matter_confirm",
    "matter_create",
    "matter_link_report",
    "matter_transition",
    "mediation_case_create",
    "mediation_conclude",
    "mediation_session_add",
    "name_key",
    "site_get_or_create",
    "supervision_day_create",
    "supervision_finding_create",
    "visit_create",
]
