"""Moved to `zhengxian.core.acting`. Kept only for the committed core/workflow.py, which is
being rewritten without it; delete this module once nothing imports it."""

from __future__ import annotations

from zhengxian.core.acting import acting_as, current_actor, current_ip, from_address

__all__ = ["acting_as", "current_actor", "current_ip", "from_address"]
