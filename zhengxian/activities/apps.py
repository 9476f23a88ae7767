from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "zhengxian.activities"
    label = "activities"
    verbose_name = _("Study, training and events")

    def ready(self) -> None:
        from .attendance_version import connect_version

        # Kept attendance counts are dropped by any write to what they count.
        connect_version()
