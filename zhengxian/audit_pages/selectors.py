from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from zhengxian.audit.models import AuditEntry
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for


def entries_visible_to(
    user: Any,
    *,
    actor: str = "",
    action: str = "",
    model: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries about objects in the units where the user may read the audit log."""
    scope = scope_for(user)
    entries = AuditEntry.objects.all()
    if not scope.is_superuser:
        q = Q(pk__in=[])
        for path in scope.paths(Perm.VIEW_AUDIT):
            q |= Q(unit_path__startswith=path)
        entries = entries.filter(q)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if model:
        entries = entries.filter(model=model)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-seq")


def audited_model_choices() -> list[tuple[str, str]]:
    from django.apps import apps

    from zhengxian.audit.registry import _registry

    choices = []
    for model_class in _registry:
        if apps.is_installed(model_class._meta.app_config.name):
            choices.append((model_class._meta.label_lower, str(model_class._meta.verbose_name)))
    return sorted(choices, key=lambda c: c[1])
