"""Problems found in a campaign file, and the error that carries all of them.

Messages are English message ids passed through ``_``, which translates when Django is set
up and returns the id unchanged otherwise, so the campaign file can be read by scripts and
tests that never configure Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


def _(message: str) -> str:
    try:
        from django.apps import apps
        from django.conf import settings
    except (
        ImportError
    ):  # pragma: no cover - Django is a dependency, but the module must not need it
        return message
    if not settings.configured or not apps.ready:
        return message
    from django.utils.translation import gettext

    return gettext(message)


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with a campaign file.

    ``path`` points into the document the way a reader would say it
    (``indicators[2].children[0].weight``; ``""`` for the file as a whole); ``line`` is the
    1-based line it was found on, when known. Two problems are equal when their path and
    message are, whatever the line.
    """

    path: str
    message: str
    line: int | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.path or _("(file)")
        if self.line is not None:
            where = f"{where} (line {self.line})"
        return f"{where}: {self.message}"


class CampaignFileError(ValueError):
    """A campaign file could not be loaded; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Iterable[FileProblem]) -> None:
        self.problems: tuple[FileProblem, ...] = tuple(problems)
        count = len(self.problems)
        heading = f"The campaign file has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *(f"  {problem}" for problem in self.problems)]))

    def as_dicts(self) -> list[dict[str, object]]:
        """The problems as plain data, for an API response or a form's error list."""
        return [
            {"path": problem.path, "message": problem.message, "line": problem.line}
            for problem in self.problems
        ]
