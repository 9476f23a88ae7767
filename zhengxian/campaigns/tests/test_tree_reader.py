"""One reader of the stored indicator tree: scoring, the score card and the leaf lists see the
tree exactly as the campaign file that was loaded describes it."""

from __future__ import annotations

import pytest

from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.selectors import campaign_leaves, campaign_tree_specs
from zhengxian.campaigns.services import campaign_create_from_spec
from zhengxian.core.actors import SYSTEM
from zhengxian.engine.sources import registry
from zhengxian.engine.tree import flatten_tree
from zhengxian.orgs.models import UnitKind

from .stand_in_sources import BUILT_IN_SOURCES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("preset", ["chengxiang-2023-core", "chengxiang-2023"])
def test_scoring_reads_every_leaf_as_the_loaded_file_states_it(org, preset):
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        spec = load_campaign_file(read_preset(preset), sources=registry, unit_kinds=UnitKind.values)
        campaign = campaign_create_from_spec(actor=SYSTEM, spec=spec, owner_unit=org.subdistrict)

        stored = {leaf.code: leaf for leaf in flatten_tree(campaign_tree_specs(campaign)).leaves}
        loaded = {leaf.code: leaf for leaf in flatten_tree(spec.indicators).leaves}

    assert list(stored) == list(loaded)
    differing = [code for code in loaded if stored[code] != loaded[code]]
    assert differing == []
    assert [leaf.code for leaf in campaign_leaves(campaign)] == list(loaded)
