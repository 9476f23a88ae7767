from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .plugins import load_plugins


class ScoringConfig(AppConfig):
    name = "zhengxian.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        # The indicator sources and evidence describers the apps declare in their hooks.py.
        load_plugins()
        from .services.live import connect_marks

        # The live rankings hear every write to what the sources just registered read.
        connect_marks()
