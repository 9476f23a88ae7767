"""The one writer of matter history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import Matter, MatterTransition
from .common import display_name


def history_record(
    *,
    matter: Matter,
    action: str,
    from_state: str,
    to_state: str,
    actor: Any,
    note: str = "",
    extra: dict[str, Any] | None = None,
    at: dt.datetime,
) -> MatterTransition:
    row = MatterTransition(
        matter=matter,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=display_name(actor)[:100],
        note=note,
        extra=extra or {},
        at=at,
    )
    row.full_clean()
    row.save()
    return row
