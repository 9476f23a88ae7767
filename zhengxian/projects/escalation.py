"""The escalation ladder: units whose items go red repeatedly climb it (product.md).

Counted per unit and month from the StatusChange rows: each time one of the unit's projects
or special-action tasks turns red counts once (a project that goes red, recovers and goes red
again counts twice). The thresholds can be changed with settings.ZHENGXIAN_ESCALATION_REDS,
a mapping of rung code to the number of reds that reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_REDS = {"reminder": 1, "notice": 2, "talk": 3}
LABELS: dict[str, Promise] = {
    "reminder": _("Reminder"),  # 提醒
    "notice": _("Supervision notice"),  # 督办
    "talk": _("Supervision talk"),  # 约谈
}


@dataclass(frozen=True)
class Rung:
    code: str
    reds: int

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))


def ladder() -> tuple[Rung, ...]:
    """The rungs from the lowest up."""
    reds = getattr(settings, "ZHENGXIAN_ESCALATION_REDS", DEFAULT_REDS)
    return tuple(sorted((Rung(code, int(n)) for code, n in reds.items()), key=lambda r: r.reds))


def rung_for(reds: int, rungs: tuple[Rung, ...] | None = None) -> Rung | None:
    """The highest rung ``reds`` reaches, or None below the first."""
    reached = None
    for rung in rungs if rungs is not None else ladder():
        if reds >= rung.reds:
            reached = rung
    return reached
