"""Cards of the campaign page that the apps built on campaigns bring (hook
``campaign_sections``): campaigns shows them without importing those apps.

An app registers a `CampaignSection` in its ``hooks.py``; the campaign page renders its
template with ``campaign``, ``request`` and what ``context(campaign)`` returns, in hook order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from zhengxian.core import hooks

from .models import Campaign


@dataclass(frozen=True)
class CampaignSection:
    template: str
    context: Callable[[Campaign], Mapping[str, Any]]


def campaign_sections(request: HttpRequest, campaign: Campaign) -> list[SafeString]:
    """The registered cards of ``campaign``, rendered."""
    sections: list[CampaignSection] = hooks.get_hooks("campaign_sections")
    return [
        render_to_string(
            section.template, {"campaign": campaign, **section.context(campaign)}, request
        )
        for section in sections
    ]
