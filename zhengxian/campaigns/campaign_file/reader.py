"""Collecting problems, and reading typed values out of the loaded YAML.

Each reader checks one value, records a problem at its path if it is wrong, and returns
either the value converted (text, ``Decimal``, ``date`` …) or ``INVALID``, so the caller can
go on checking the rest of the file and report every problem at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .messages import FileProblem, _


class Invalid:
    """The value was wrong; a problem has been recorded."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Final = Invalid()

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
MAX_NAME_LENGTH = 200
MAX_DECIMAL = Decimal(1_000_000)
CENT = Decimal("0.01")


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def at(path: str, index: int) -> str:
    return f"{path}[{index}]"


class Problems:
    def __init__(self) -> None:
        self.items: list[FileProblem] = []
        self.lines: Mapping[str, int] = {}

    def add(self, path: str, message: str, *, line: int | None = None) -> None:
        self.items.append(
            FileProblem(path, message, line if line is not None else self.line_of(path))
        )

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor present in the file."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def sorted(self) -> list[FileProblem]:
        return sorted(self.items, key=lambda problem: problem.line or 0)

    def __len__(self) -> int:
        return len(self.items)


def describe(value: Any) -> str:
    """What a YAML value is, in words a campaign office would use."""
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, datetime):
        return _("a date and time")
    if isinstance(value, date):
        return _("a date")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping of keys to values")
    return type(value).__name__


def expected(problems: Problems, path: str, wanted: str, value: Any) -> Invalid:
    message = _("Expected %(expected)s, got %(actual)s.") % {
        "expected": wanted,
        "actual": describe(value),
    }
    if wanted == _("text") and isinstance(value, (bool, int, float, date)):
        message += " " + _("Put it in quotes to make it text.")
    problems.add(path, message)
    return INVALID


def suggestion(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return " " + _("Did you mean '%(name)s'?") % {"name": close[0]} if close else ""


def mapping(
    problems: Problems,
    value: Any,
    path: str,
    *,
    required: Collection[str],
    optional: Collection[str] = (),
    ignored: Collection[str] = (),
) -> dict[str, Any] | Invalid:
    """A mapping with these keys: reports unknown keys and missing required ones."""
    if not isinstance(value, dict):
        return expected(problems, path, _("a mapping of keys to values"), value)
    allowed = [*required, *optional]
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            problems.add(
                join(path, str(key)),
                _("Keys must be text; put '%(key)s' in quotes.") % {"key": key},
            )
        elif key in allowed:
            result[key] = item
        elif key not in ignored:
            problems.add(
                join(path, key),
                _("Unknown key '%(key)s'.") % {"key": key} + suggestion(key, allowed),
            )
    for key in required:
        if key not in value:
            problems.add(join(path, key), _("The key '%(key)s' is required.") % {"key": key})
    return result


def sequence(
    problems: Problems, value: Any, path: str, *, non_empty: bool = True
) -> list[Any] | Invalid:
    if not isinstance(value, list):
        return expected(problems, path, _("a list"), value)
    if non_empty and not value:
        problems.add(path, _("The list must not be empty."))
        return INVALID
    return value


def text(
    problems: Problems, value: Any, path: str, *, max_length: int = MAX_NAME_LENGTH
) -> str | Invalid:
    if not isinstance(value, str):
        return expected(problems, path, _("text"), value)
    if not value.strip():
        problems.add(path, _("The text must not be blank."))
        return INVALID
    if len(value) > max_length:
        problems.add(
            path, _("The text is longer than %(limit)s characters.") % {"limit": max_length}
        )
        return INVALID
    return value


def code(problems: Problems, value: Any, path: str) -> str | Invalid:
    result = text(problems, value, path)
    if isinstance(result, str) and not CODE_PATTERN.match(result):
        problems.add(
            path,
            _(
                "'%(code)s' is not a valid code: use 1–32 letters, digits, dots, dashes or "
                "underscores, starting with a letter or digit."
            )
            % {"code": result},
        )
        return INVALID
    return result


def whole(
    problems: Problems, value: Any, path: str, *, minimum: int, maximum: int
) -> int | Invalid:
    if isinstance(value, bool) or not isinstance(value, int):
        return expected(problems, path, _("a whole number"), value)
    if not minimum <= value <= maximum:
        problems.add(
            path,
            _("%(value)s is out of range: use %(minimum)s to %(maximum)s.")
            % {"value": value, "minimum": minimum, "maximum": maximum},
        )
        return INVALID
    return value


def decimal(
    problems: Problems,
    value: Any,
    path: str,
    *,
    positive: bool = False,
    non_negative: bool = False,
    cents: bool = False,
) -> Decimal | Invalid:
    """A number as a ``Decimal``; ``cents`` allows at most two decimal places (points)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return expected(problems, path, _("a number"), value)
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:  # pragma: no cover - repr of a float always parses
        return expected(problems, path, _("a number"), value)
    if not number.is_finite() or abs(number) > MAX_DECIMAL:
        problems.add(
            path, _("The number must be finite and at most %(limit)s.") % {"limit": MAX_DECIMAL}
        )
        return INVALID
    if positive and number <= 0:
        problems.add(path, _("Must be greater than 0, got %(value)s.") % {"value": number})
        return INVALID
    if non_negative and number < 0:
        problems.add(path, _("Must not be negative, got %(value)s.") % {"value": number})
        return INVALID
    if cents and number != number.quantize(CENT):
        problems.add(
            path, _("Points have at most 2 decimal places, got %(value)s.") % {"value": number}
        )
        return INVALID
    return number


def boolean(problems: Problems, value: Any, path: str) -> bool | Invalid:
    if not isinstance(value, bool):
        return expected(problems, path, _("true or false"), value)
    return value


def day(problems: Problems, value: Any, path: str) -> date | Invalid:
    """A date written as YYYY-MM-DD (quoted or not)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            problems.add(
                path, _("'%(value)s' is not a date; write it as YYYY-MM-DD.") % {"value": value}
            )
            return INVALID
    return expected(problems, path, _("a date (YYYY-MM-DD)"), value)


def choice(
    problems: Problems, value: Any, path: str, choices: Collection[str], *, what: str
) -> str | Invalid:
    if not isinstance(value, str):
        return expected(problems, path, _("text"), value)
    if value not in choices:
        problems.add(
            path,
            _("Unknown %(what)s '%(value)s'. Use one of: %(choices)s.")
            % {"what": what, "value": value, "choices": ", ".join(choices)}
            + suggestion(value, choices),
        )
        return INVALID
    return value


def texts(problems: Problems, value: Any, path: str) -> tuple[str, ...] | Invalid:
    """A list of distinct texts (possibly empty)."""
    items = sequence(problems, value, path, non_empty=False)
    if isinstance(items, Invalid):
        return INVALID
    result: list[str] = []
    ok = True
    for index, item in enumerate(items):
        one = text(problems, item, at(path, index), max_length=64)
        if isinstance(one, Invalid):
            ok = False
        elif one in result:
            problems.add(at(path, index), _("'%(value)s' is listed twice.") % {"value": one})
            ok = False
        else:
            result.append(one)
    return tuple(result) if ok else INVALID
