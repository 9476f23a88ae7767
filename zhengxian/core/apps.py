from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhengxian.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import hooks, planner_stats

        hooks.discover()
        post_migrate.connect(planner_stats.after_migrate, sender=self)
