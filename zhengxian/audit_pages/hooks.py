"""What the audit log's pages bring to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.core import hooks
from zhengxian.core.navigation import NavItem
from zhengxian.orgs.roles import Perm

hooks.register(
    "navigation", NavItem(_("Audit log"), "audit:entry_list", "journal-check", Perm.VIEW_AUDIT)
)
