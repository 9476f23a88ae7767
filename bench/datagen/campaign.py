"""The preset campaign, loaded for the year through the demo's own path
(`zhengxian.campaigns.demo`: read the preset, check it against the registered sources, move
it to the year, `campaign_create_from_spec`), owned by the root unit; then its rater panels.

These few writes go through the services (and so are audited, a few dozen rows); the
records are bulk-inserted by the other builders.
"""

from __future__ import annotations

from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.demo import PRESET, preset_for_demo
from zhengxian.campaigns.models import Campaign
from zhengxian.campaigns.services import campaign_create_from_spec
from zhengxian.core.actors import system_actor
from zhengxian.engine.sources import registry
from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.scoring.services.panels import rater_panel_create

from .context import Context

ACTOR = system_actor("bench.generate")
RATER_PANELS = {"residents": "居民考官团", "deputies": "两代表一委员"}


def build(ctx: Context) -> Campaign:
    if preset_for_demo() != PRESET:
        raise RuntimeError(f"Not every source of the preset {PRESET} is registered")
    spec = load_campaign_file(
        read_preset(PRESET), sources=registry, unit_kinds=UnitKind.values
    ).shifted_to_year(ctx.year)
    owner = Unit.objects.get(pk=ctx.root)
    campaign = campaign_create_from_spec(spec=spec, owner_unit=owner, actor=ACTOR)
    ctx.facts["campaign_id"] = campaign.pk
    ctx.facts["campaign_code"] = campaign.code
    ctx.facts["periods"] = dict(campaign.periods.values_list("key", "pk"))
    ctx.facts["rater_panels"] = {
        code: rater_panel_create(campaign=campaign, code=code, name=name, actor=ACTOR).pk
        for code, name in RATER_PANELS.items()
    }
    ctx.facts["manual_leaves"] = dict(
        campaign.nodes.filter(is_leaf=True, method="manual").values_list("code", "pk")
    )
    return campaign


def competing_units(ctx: Context) -> list[int]:
    """The units of the preset's groups (communities and offices), by id."""
    return sorted(u.id for u in ctx.units.values() if u.kind in ("community", "office"))
