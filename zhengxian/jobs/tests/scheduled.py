"""Functions the scheduler tests put on a schedule."""

from __future__ import annotations

from dataclasses import dataclass

from zhengxian.core.acting import current_actor

CALLS: list[str] = []


def record() -> str:
    CALLS.append(str(current_actor()))
    return f"call {len(CALLS)}"


def boom() -> None:
    raise RuntimeError("the robot is down")


@dataclass(frozen=True)
class Sent:
    sent: int = 0
    failed: int = 0


def nothing_to_send() -> Sent:
    return Sent()


def sent_two() -> Sent:
    return Sent(sent=2)


def none_due() -> int:
    return 0
