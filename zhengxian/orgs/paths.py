"""Reading a unit's materialised path ("/1/4/17/": the root, then each unit down to itself).

The one place that knows the path's spelling; everything else asks these helpers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol


class Placed(Protocol):
    """Whatever knows its unit's path: a ``Unit``, or a row read with its unit's path (a
    ranking's rows, read as tuples rather than model objects)."""

    @property
    def path(self) -> str: ...


# Remembered (a pure function of the string): a score run reads the same few thousand paths
# once per source, 120,000 times for a province. Room for every unit of a province.
@lru_cache(maxsize=1 << 16)
def path_ids(path: str) -> tuple[int, ...]:
    """ "/1/4/17/" → (1, 4, 17): every unit from the root down to the path's own unit."""
    return tuple([int(part) for part in path.strip("/").split("/") if part])


def path_prefixes(path: str) -> list[str]:
    """ "/1/4/17/" → ["/1/", "/1/4/", "/1/4/17/"]: the paths of the unit and each unit above it,
    root first."""
    ids = path_ids(path)
    return ["/" + "/".join(str(i) for i in ids[: n + 1]) + "/" for n in range(len(ids))]
