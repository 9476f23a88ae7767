"""What scoring brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.campaigns.sections import CampaignSection
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.navigation import NavItem
from zhengxian.orgs.roles import Perm

from . import evidence_describers, indicator_sources, models
from .selectors.periods import campaign_periods_section

for item in (
    NavItem(_("Assessment entry"), "scoring:inputs_home", "pencil-square", Perm.ASSESS),
    NavItem(_("Appeals"), "scoring:appeal_list", "chat-left-text", Perm.APPEAL),
    NavItem(_("Checklists"), "scoring:checklist_home", "list-check", Perm.RECORD_WORK),
    NavItem(_("Rankings"), "scoring:rankings_home", "bar-chart-line", Perm.VIEW_SCORES),
    NavItem(_("Reporting burden"), "scoring:burden_home", "clipboard-data", Perm.MANAGE_CAMPAIGN),
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


# After the campaign (order 100): a year of inputs, the scored and published months and an
# open appeal. The seed key is the campaign builder's, which entered them before the split,
# so that the demo stays the same.
hooks.register(
    "demo_builders",
    DemoBuilder("zhengxian.scoring.demo", seed_key="zhengxian.campaigns.demo"),
    order=110,
)

# The campaign page shows the periods with their newest version and open appeals.
hooks.register(
    "campaign_sections",
    CampaignSection("scoring/_campaign_periods.html", campaign_periods_section),
)


@hooks.register("leaf_records")
def scoring_records_on_leaves(node_ids: list[int]) -> bool:
    """Assessments, appeals and corrected scores keep their indicator: such a node is not
    deleted."""
    return any(
        model.objects.filter(leaf_id__in=node_ids).exists()
        for model in (models.ManualAssessment, models.Appeal, models.LeafOverride)
    )


# The indicator sources it brings, and the describers of the records their evidence names.
for source in (
    indicator_sources.ManualSource,
    indicator_sources.ChecklistSource,
    indicator_sources.PanelSource,
    indicator_sources.RatingSource,
):
    hooks.register("indicator_sources", source)
for describer in (
    ("scoring.checklistitem", evidence_describers.describe_checklist_items),
    ("scoring.panelscore", evidence_describers.describe_panel_scores),
    ("scoring.rating", evidence_describers.describe_ratings),
    ("scoring.manualassessment", evidence_describers.describe_manual_assessments),
):
    hooks.register("evidence_describers", describer)


# The live rankings: marked leaves re-scored every few seconds, every leaf once a day.
hooks.register(
    "scheduled_tasks",
    (
        "refresh_live_rankings",
        "zhengxian.scoring.services.live.live_refresh_all",
        _("Bring the live rankings of running periods up to date"),
        10,
    ),
)
hooks.register(
    "scheduled_tasks",
    (
        "rebuild_live_rankings",
        "zhengxian.scoring.services.live.live_rebuild_all",
        _("Re-score the live rankings afresh (changes no write marks: units, roles, groups)"),
    ),
)
