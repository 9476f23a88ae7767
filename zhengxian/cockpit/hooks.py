"""What the cockpit brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.core import hooks

# The slow panels of whoever watches the cockpit are counted again before they expire.
hooks.register(
    "scheduled_tasks",
    (
        "warm_cockpits",
        "zhengxian.cockpit.dashboard.kept.warm_cockpits",
        _("Count the cockpit's slow panels again for those watching it"),
        60,
    ),
)
