from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "zhengxian.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited
        from zhengxian.engine.sources import registry

        from . import models

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
        registry.populate(autodiscover_modules)

        from zhengxian.core.navigation import NavItem, register
        from zhengxian.orgs.roles import Perm

        for item in (
            NavItem(_("Assessment entry"), "scoring:inputs_home", "pencil-square", Perm.ASSESS),
            NavItem(_("Appeals"), "scoring:appeal_list", "chat-left-text", Perm.APPEAL),
            NavItem(_("Checklists"), "scoring:checklist_home", "list-check", Perm.RECORD_WORK),
        ):
            register(item)
        from . import evidence_describers  # noqa: F401

        register(
            NavItem(_("Rankings"), "scoring:rankings_home", "bar-chart-line", Perm.VIEW_SCORES)
        )
