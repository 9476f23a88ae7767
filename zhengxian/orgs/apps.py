from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zhengxian.orgs"
    label = "orgs"
    verbose_name = _("Organisation")
