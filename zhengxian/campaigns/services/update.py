"""Changing a loaded campaign's own fields: its name, preview days, caps, status and
publication mode (with its tiers and the size of the red and black lists)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..campaign_file import CampaignFileError
from ..campaign_file.publication import PUBLICATION_KEYS
from ..models import Campaign, CampaignStatus
from ..selectors import campaign_has_published_period, tiers_to_stored
from .common import _campaign_data, _load_data, _locked_campaign

# Campaign fields the office may change after loading; the rest (code, dates, period length,
# groups) shape the periods and results and come only from a campaign file.
_CAP_FIELDS = ("bonus_cap", "penalty_cap")


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    preview_days: int,
    bonus_cap: Decimal,
    penalty_cap: Decimal,
    status: str,
    actor: Any,
    publication_mode: str | None = None,
    tiers: Sequence[Mapping[str, Any]] | None = None,
    list_size: int | None = None,
) -> Campaign:
    """Changes the campaign's name, preview days, caps and status, and (when given) its
    publication mode, tiers (as the campaign file writes them; empty: none) and list size,
    checked by the campaign file's rules. The caps are frozen once a period is published;
    the publication mode is not (it changes what is circulated, not the results)."""
    campaign = _locked_campaign(campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    published = campaign_has_published_period(campaign)
    if published is not None:
        frozen = {
            key: _("Results of %(period)s were published with this cap; it can no longer change.")
            % {"period": published.label}
            for key, value in (("bonus_cap", bonus_cap), ("penalty_cap", penalty_cap))
            if Decimal(value) != getattr(campaign, key)
        }
        if frozen:
            raise ValidationError(frozen)
    if status not in CampaignStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    data = _campaign_data(campaign)
    data.update(
        name=name.strip(), preview_days=preview_days, bonus_cap=bonus_cap, penalty_cap=penalty_cap
    )
    if publication_mode is not None:
        data["publication_mode"] = publication_mode
    if tiers is not None:
        data.pop("tiers", None)
        if tiers:
            data["tiers"] = [dict(tier) for tier in tiers]
    if list_size is not None:
        data["list_size"] = list_size
    try:
        spec = _load_data(data)
    except CampaignFileError as error:
        errors: dict[str, list[str]] = defaultdict(list)
        for problem in error.problems:
            key = problem.path.split(".")[0].split("[")[0]
            if key in ("name", "preview_days", *_CAP_FIELDS, *PUBLICATION_KEYS):
                errors[key].append(problem.message)
            else:
                where = problem.path or _("(campaign)")
                errors[NON_FIELD_ERRORS].append(f"{where}: {problem.message}")
        raise ValidationError(dict(errors)) from error
    campaign.name = spec.name
    campaign.preview_days = spec.preview_days
    campaign.bonus_cap = spec.bonus_cap
    campaign.penalty_cap = spec.penalty_cap
    campaign.publication_mode = spec.publication_mode
    campaign.tiers = tiers_to_stored(spec.tiers)
    campaign.list_size = spec.list_size
    campaign.status = status
    campaign.full_clean(exclude=["code"])
    campaign.save()
    return campaign
