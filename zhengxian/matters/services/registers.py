"""Adding to the enterprise and site registers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import transaction

from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.models import Unit

from ..models import Enterprise, Site
from ..selectors.registers import in_register_area


def name_key(name: str) -> str:
    """Full-width folded, lower case, without spaces: one key for one name however typed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()[:200]


@transaction.atomic
def enterprise_get_or_create(
    *,
    actor: Any,
    name: str,
    unit: Unit,
    is_key: bool = False,
    address: str = "",
    credit_code: str = "",
    is_demo: bool = False,
) -> tuple[Enterprise, bool]:
    """The register's enterprise of that name in ``unit``, added when it is not there yet."""
    if not in_register_area(actor, unit):
        raise NotAllowed
    key = name_key(name)
    existing = Enterprise.objects.filter(unit=unit, name_key=key).first()
    if existing is not None:
        return existing, False
    enterprise = Enterprise(
        name=name.strip(),
        name_key=key,
        unit=unit,
        is_key=is_key,
        address=address,
        credit_code=credit_code,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    enterprise.full_clean()
    enterprise.save()
    return enterprise, True


@transaction.atomic
def site_get_or_create(
    *,
    actor: Any,
    name: str,
    unit: Unit,
    kind: str = "other",
    address: str = "",
    is_demo: bool = False,
) -> tuple[Site, bool]:
    if not in_register_area(actor, unit):
        raise NotAllowed
    key = name_key(name)
    existing = Site.objects.filter(unit=unit, name_key=key).first()
    if existing is not None:
        return existing, False
    site = Site(
        name=name.strip(),
        name_key=key,
        unit=unit,
        kind=kind,
        address=address,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    site.full_clean()
    site.save()
    return site, True
