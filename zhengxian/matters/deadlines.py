"""Deadlines: when a matter is overdue or due soon. Derived from ``deadline`` and the
standing resolution, never stored or typed.

- A matter runs against its deadline until it is resolved. Resolving stops the clock; a
  reopening (the requester says partly or not solved) clears the resolution and starts it
  again against the same deadline.
- **Overdue** on day D: it has a deadline, the deadline is before D, and it is not resolved.
- **Due soon** on day D: not resolved, and the deadline is D or within ``DUE_SOON_DAYS``
  days after D.
- A matter that has not been assigned has no deadline and is never overdue.

The period rules the sources use (overdue at a period's end, due in a period, closed on
time) are in `indicator_sources.py` and `docs/matters.md`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .models import Matter
from .workflow import UNRESOLVED_STATES

DUE_SOON_DAYS = 3


def overdue_q(today: dt.date) -> Q:
    return Q(deadline__lt=today, resolved_on__isnull=True, state__in=UNRESOLVED_STATES)


def due_soon_q(today: dt.date) -> Q:
    return Q(
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        resolved_on__isnull=True,
        state__in=UNRESOLVED_STATES,
    )


def late_or_due_q(today: dt.date) -> Q:
    """Overdue or due soon: ``overdue_q | due_soon_q`` as one range on the deadline, which
    the (state, deadline) index answers (an OR of the two does not use it)."""
    return Q(
        deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        resolved_on__isnull=True,
        state__in=UNRESOLVED_STATES,
    )


def is_overdue(matter: Matter, today: dt.date) -> bool:
    return (
        matter.deadline is not None
        and matter.resolved_on is None
        and matter.state in UNRESOLVED_STATES
        and matter.deadline < today
    )


def is_due_soon(matter: Matter, today: dt.date) -> bool:
    return (
        matter.deadline is not None
        and matter.resolved_on is None
        and matter.state in UNRESOLVED_STATES
        and today <= matter.deadline <= today + dt.timedelta(days=DUE_SOON_DAYS)
    )


def deadline_status(matter: Matter, today: dt.date) -> str:
    """ "overdue", "due_soon", "on_track", "done" or "" (no deadline): for badges."""
    if matter.deadline is None:
        return ""
    if matter.resolved_on is not None:
        return "done"
    if is_overdue(matter, today):
        return "overdue"
    if is_due_soon(matter, today):
        return "due_soon"
    return "on_track"
