"""Reading a unit's materialised path ("/1/4/17/": the root, then each unit down to itself).

The one place that knows the path's spelling; everything else asks these helpers.
"""

from __future__ import annotations

from typing import Protocol


class Placed(Protocol):
    """Whatever knows its unit's path: a ``Unit``, or a row read with its unit's path (a
    ranking's rows, read as tuples rather than model objects)."""

    @property
    def path(self) -> str: ...


def path_ids(path: str) -> list[int]:
    """ "/1/4/17/" → [1, 4, 17]: every unit from the root down to the path's own unit."""
    return [int(part) for part in path.strip("/").split("/") if part]


def path_prefixes(path: str) -> list[str]:
    """ "/1/4/17/" → ["/1/", "/1/4/", "/1/4/17/"]: the paths of the unit and each unit above it,
    root first."""
    ids = path_ids(path)
    return ["/" + "/".join(str(i) for i in ids[: n + 1]) + "/" for n in range(len(ids))]
