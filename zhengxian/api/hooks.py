from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks

from .models import ApiToken


def _owner_unit(token: ApiToken) -> Any:
    person = getattr(token.user, "person", None)
    return getattr(person, "unit", None)


@hooks.register("audit")
def audited_models() -> None:
    # Making and revoking a token are on the log; the hash and the last use are not.
    audited(ApiToken, unit_of=_owner_unit, exclude=frozenset({"key_hash", "last_used_at"}))


hooks.register(
    "scheduled_tasks",
    (
        "forget_old_api_requests",
        "zhengxian.api.maintenance.forget_old_requests",
        _("Forget the API's old rate counts and kept answers of idempotent creates"),
    ),
)
