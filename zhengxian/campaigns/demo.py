"""Demo builder: the "三争五赛" campaign of Chengxiang Sub-district, run in the current year.

It loads the shipped preset ``chengxiang-2023`` moved to ``today``'s year — but only when
every source that file names is registered. Until the apps that register the record-based
sources (visits, matters, key projects, activities, events …) are installed, it loads
``chengxiang-2023-core`` instead: the same eight dimensions (三争 + 五赛) whose leaves use
only the scoring app's own sources (checklist, manual, panel, rating). See the header of
``presets/chengxiang-2023-core.yaml`` and docs/scoring.md.

The year of inputs, the scored and published months and the open appeal are entered next by
the scoring app's builder (``zhengxian.scoring.demo``). The organisation comes from
``zhengxian.orgs.demo``.

Idempotent: when the campaign of ``today``'s year exists (from either preset), nothing is
done.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import yaml

from zhengxian.core.actors import system_actor
from zhengxian.core.demo import ACTOR
from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.orgs.demo import subdistrict
from zhengxian.orgs.models import UnitKind

from .campaign_file import load_campaign_file, read_preset
from .models import Campaign
from .services import campaign_create_from_spec

PRESET = "chengxiang-2023"
CORE_PRESET = "chengxiang-2023-core"
# The codes of the two presets once moved to a year (CampaignSpec.shifted_to_year).
CAMPAIGN_CODES = ("chengxiang-{year}", "chengxiang-core-{year}")


def sources_named(text: str) -> set[str]:
    """The source names a campaign file's leaves use (without checking anything else)."""
    data = yaml.safe_load(text)
    names: set[str] = set()
    stack = list(data.get("indicators") or []) if isinstance(data, dict) else []
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("source"), str):
            names.add(node["source"])
        stack.extend(node.get("children") or [])
    return names


def preset_for_demo(sources: SourceRegistry = registry) -> str:
    """The full preset when every source it names is registered, else the core edition."""
    return (
        PRESET
        if all(name in sources for name in sources_named(read_preset(PRESET)))
        else CORE_PRESET
    )


def existing_campaign(year: int) -> Campaign | None:
    codes = [code.format(year=year) for code in CAMPAIGN_CODES]
    return Campaign.objects.filter(code__in=codes).order_by("code").first()


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    campaign = existing_campaign(today.year)
    if campaign is not None:
        return {"campaign": campaign.code, "created": 0}

    preset = preset_for_demo()
    spec = load_campaign_file(
        read_preset(preset), sources=registry, unit_kinds=UnitKind.values
    ).shifted_to_year(today.year)
    campaign = campaign_create_from_spec(
        spec=spec, owner_unit=subdistrict(), actor=system_actor(ACTOR)
    )
    return {"campaign": campaign.code, "preset": preset}
