"""Who sees residents' personal data (requester phones, mediation parties' phones, enterprise
contact phones) in full; everyone else sees them masked (`core.masking`).

The people who handle the matter need the number: HANDLE_MATTERS over its responsible unit
or over the unit where it waits to be assigned, the user who filed it (they speak for the
requester), and for a supervision finding the supervisors of the reporting unit.
"""

from __future__ import annotations

from typing import Any

from zhengxian.core.masking import mask_phone
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .models import Matter, MatterOrigin


def sees_personal_data(user: Any, matter: Matter) -> bool:
    if getattr(user, "pk", None) is not None and user.pk == matter.reported_by_id:
        return True
    scope = scope_for(user)
    units = [u for u in (matter.responsible_unit, matter.dispatch_unit) if u is not None]
    if any(scope.can(Perm.HANDLE_MATTERS, unit) for unit in units):
        return True
    return matter.origin == MatterOrigin.SUPERVISION and scope.can(
        Perm.SUPERVISE, matter.reporting_unit
    )


def phone_for(user: Any, matter: Matter, phone: str) -> str:
    """``phone`` as ``user`` may see it on a page or in an export about ``matter``."""
    return phone if sees_personal_data(user, matter) else mask_phone(phone)
