"""What scoring brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.navigation import NavItem
from zhengxian.orgs.roles import Perm

from . import models

for item in (
    NavItem(_("Assessment entry"), "scoring:inputs_home", "pencil-square", Perm.ASSESS),
    NavItem(_("Appeals"), "scoring:appeal_list", "chat-left-text", Perm.APPEAL),
    NavItem(_("Checklists"), "scoring:checklist_home", "list-check", Perm.RECORD_WORK),
    NavItem(_("Rankings"), "scoring:rankings_home", "bar-chart-line", Perm.VIEW_SCORES),
):
    hooks.register("navigation", item)


@hooks.register("audit")
def audited_models() -> None:
    audited(
        models.ManualAssessment,
        models.Adjustment,
        models.LeafOverride,
        models.Appeal,
        models.ChecklistItem,
        models.PanelScore,
        models.Rating,
    )
    audited(models.ScoreSheet, unit_of=lambda sheet: sheet.period.campaign.owner_unit)
    audited(models.RaterPanel, unit_of=lambda p: p.campaign.owner_unit)
    audited(models.Rater, unit_of=lambda r: r.panel.campaign.owner_unit)
