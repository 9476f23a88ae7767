from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from zhengxian.engine.sources import registry


class ScoringConfig(AppConfig):
    name = "zhengxian.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        registry.populate(autodiscover_modules)
