"""The project tags that campaigns score on, each with the indicators that select it.

A leaf selects its projects by tag (`source_params: {tags: [relocation]}`); the project form
offers these tags by their indicators' names, so that a project is not left out of a score
by a tag typed with a typo, and nobody has to know the codes."""

from __future__ import annotations

from dataclasses import dataclass

from zhengxian.campaigns.models import IndicatorNode


@dataclass(frozen=True)
class ScoredTag:
    tag: str
    indicators: tuple[str, ...]  # the names of the leaves that select it

    @property
    def label(self) -> str:
        return f"{'、'.join(self.indicators)}（{self.tag}）"


def scored_tags() -> list[ScoredTag]:
    """Every tag a campaign's leaf selects projects by, in tag order."""
    names: dict[str, list[str]] = {}
    leaves = IndicatorNode.objects.exclude(source="").order_by("campaign_id", "order", "pk")
    for name, params in leaves.values_list("name", "source_params"):
        for tag in (params or {}).get("tags") or ():
            indicators = names.setdefault(str(tag), [])
            if name not in indicators:
                indicators.append(name)
    return [ScoredTag(tag, tuple(names[tag])) for tag in sorted(names)]
