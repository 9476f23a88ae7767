"""Problems found by the campaign-file check of an edited tree, as errors of the editor's
form: on the fields of the nodes being edited, or with their path and node otherwise."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ..campaign_file import FileProblem
from .drafts import _Draft

# Where a problem inside a node's part of the file is shown on the editor's form.
_FIELD_OF_PATH = (
    ("source_params", "source_params"),
    ("method.params", "method_params"),
    ("method.name", "method"),
    ("method.lower_is_better", "lower_is_better"),
    ("method.when_empty", "when_empty"),
    ("method", "method"),
    ("weight", "weight"),
    ("source", "source"),
    ("code", "code"),
    ("name", "name"),
)


def _field_of(rest: str) -> str | None:
    for prefix, name in _FIELD_OF_PATH:
        if rest == prefix or rest.startswith((f"{prefix}.", f"{prefix}[")):
            return name
    return None


def _problems_as_errors(
    problems: tuple[FileProblem, ...],
    paths: dict[str, _Draft],
    focus: dict[_Draft, str],
) -> ValidationError:
    """Problems on the focused drafts go to their form fields (``prefix + field``); the
    others are listed with their path and the name of the node they are in."""
    errors: dict[str, list[str]] = defaultdict(list)
    focused = sorted(
        ((path, focus[draft]) for path, draft in paths.items() if draft in focus),
        key=lambda item: -len(item[0]),
    )
    for problem in problems:
        key: str = NON_FIELD_ERRORS
        for path, prefix in focused:
            if problem.path.startswith((f"{path}.", f"{path}[")):
                name = _field_of(problem.path[len(path) + 1 :])
                if name is not None:
                    key = f"{prefix}{name}"
                break
            if problem.path == path:
                break
        if key == NON_FIELD_ERRORS:
            errors[key].append(_where(problem, paths))
        else:
            errors[key].append(problem.message)
    return ValidationError(dict(errors))


def _where(problem: FileProblem, paths: dict[str, _Draft]) -> str:
    """``indicators[2].children (赛平安实绩): message``: the path, and the node it is in."""
    path = problem.path
    while path and path not in paths:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    where = problem.path or _("(campaign)")
    if path:
        where = f"{where} ({paths[path].name})"
    return f"{where}: {problem.message}"
