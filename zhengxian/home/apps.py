from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "zhengxian.home"
    label = "home"
    verbose_name = _("Home")
