from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhengxian.core"
    label = "core"

    def ready(self) -> None:
        from . import hooks

        hooks.discover()
