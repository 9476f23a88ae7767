"""Who acts when no person does: management commands, the demo loader, scheduled jobs.

Every write service takes an ``actor`` and checks it through the scope policy. A command run
on the server by its operator acts as a `SystemActor`: it may do anything a superuser may,
holds no unit of its own (so separation-of-duties checks never match it) and is written to
the audit log under its label, e.g. "system:manage.py score".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    label: str = "system"

    is_system = True
    is_superuser = True
    is_authenticated = True
    is_active = True
    is_staff = False
    pk = None
    id = None

    def get_username(self) -> str:
        return self.label if self.label.startswith("system") else f"system:{self.label}"

    def __str__(self) -> str:
        return self.get_username()


SYSTEM = SystemActor()


def system_actor(label: str) -> SystemActor:
    """The actor of a command or job named ``label`` (shown in the audit log)."""
    return SystemActor(label=label)


def is_system(actor: object) -> bool:
    return bool(getattr(actor, "is_system", False))
