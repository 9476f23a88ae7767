"""What orgs brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.models import WebhookEndpoint
from zhengxian.core.navigation import NavItem, NavSection

from .models import Person, RoleAssignment, Unit
from .roles import Perm
from .scope import scope_for

for item in (
    NavItem(_("Units"), "orgs:unit_tree", "diagram-3", Perm.VIEW_ORG),
    NavItem(_("People"), "orgs:person_list", "people", Perm.VIEW_ORG),
    NavItem(_("Import"), "orgs:import", "file-earmark-arrow-up", Perm.IMPORT_ORG),
    NavItem(_("Webhooks"), "core:webhook_list", "broadcast", Perm.MANAGE_CAMPAIGN),
):
    hooks.register("navigation", item)
hooks.register(
    "navigation_sections",
    NavSection("org", _("Organisation"), "diagram-3", ("orgs", "audit")),
    order=10,
)

# core's scoped pages (the webhook endpoints) ask the scope through this hook.
hooks.register("scope_policy", scope_for)

# Everything else hangs on the organisation, so it is built first. Its generator keeps the
# name it had in core, so the demo's people and grids stay the same.
hooks.register(
    "demo_builders", DemoBuilder("zhengxian.orgs.demo", seed_key="zhengxian.core.demo.orgs")
)


@hooks.register("audit")
def audited_models() -> None:
    audited(Unit, exclude=frozenset({"path", "depth"}))
    audited(Person, RoleAssignment)
    # The endpoints core keeps for the campaign office; the secret never enters the log.
    audited(
        WebhookEndpoint, unit_of=lambda endpoint: endpoint.owner_unit, exclude=frozenset({"secret"})
    )
