"""Calling services whose actor argument is being renamed (``by`` → ``actor``) meanwhile."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def call_as(service: Callable[..., Any], user: Any, **kwargs: Any) -> Any:
    """Calls ``service`` as ``user``, under whichever name it takes its actor."""
    parameters = inspect.signature(service).parameters
    for name in ("actor", "by", "user"):
        if name in parameters:
            return service(**{name: user}, **kwargs)
    return service(**kwargs)
