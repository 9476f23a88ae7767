"""Functions the scheduler tests put on a schedule."""

from __future__ import annotations

from zhengxian.core.acting import current_actor

CALLS: list[str] = []


def record() -> str:
    CALLS.append(str(current_actor()))
    return f"call {len(CALLS)}"


def boom() -> None:
    raise RuntimeError("the robot is down")
