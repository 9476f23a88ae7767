"""Brands (活动品牌) and their seasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import Brand, Season


@transaction.atomic
def brand_create(
    *, actor: Any, code: str, name: str, owner: Unit, description: str = "", is_demo: bool = False
) -> Brand:
    require(actor, Perm.ORGANISE_ACTIVITIES, owner)
    brand = Brand(
        code=code.strip(),
        name=name.strip(),
        owner=owner,
        description=description.strip(),
        is_demo=is_demo,
    )
    brand.full_clean()
    brand.save()
    return brand


@transaction.atomic
def season_create(
    *, actor: Any, brand: Brand, name: str, starts_on: dt.date, ends_on: dt.date
) -> Season:
    require(actor, Perm.ORGANISE_ACTIVITIES, brand.owner)
    season = Season(brand=brand, name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    season.full_clean()
    season.save()
    return season
