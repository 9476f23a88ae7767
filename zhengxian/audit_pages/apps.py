from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditPagesConfig(AppConfig):
    """The audit log's pages for auditors (纪检): reading the log needs the scope policy of
    orgs, which itself writes to the log; so the log (audit) sits below orgs and its pages
    above."""

    name = "zhengxian.audit_pages"
    label = "audit_pages"
    verbose_name = _("Audit log")
