from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.core import hooks
from zhengxian.core.navigation import NavItem
from zhengxian.orgs.roles import Perm

# First in the menu and not a tile of the start page, which it is.
hooks.register("navigation", NavItem(_("Home"), "home:home", "house", Perm.VIEW_ORG), order=-1)
