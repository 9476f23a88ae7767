"""Plain-text progress on stderr and the summary table (rows per table, seconds, peak RSS).

No dependency: one line per table every few seconds and when the table is done, e.g.
``visits 1,200,000/2,000,000 (60%)``. Totals are estimates made before generating, so a
table may end a little above or below its estimate; the final line gives the real count.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TextIO


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM, not inherited across fork + exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Progress:
    def __init__(self, stream: TextIO | None = sys.stderr, every: float = 2.0) -> None:
        self.stream = stream
        self.every = every
        self.expected: dict[str, int] = {}
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self.steps: list[tuple[str, float]] = []
        self._last = 0.0
        self._started = time.perf_counter()

    def expect(self, table: str, total: int) -> None:
        self.expected[table] = self.expected.get(table, 0) + max(total, 0)

    def advance(self, table: str, n: int, seconds: float) -> None:
        self.rows[table] += n
        self.seconds[table] += seconds
        now = time.perf_counter()
        if self.stream is not None and now - self._last >= self.every:
            self._last = now
            self._line(table)

    def _line(self, table: str, suffix: str = "") -> None:
        if self.stream is None:
            return
        done = self.rows[table]
        total = self.expected.get(table)
        if total:
            text = f"{table} {done:,}/{total:,} ({min(done * 100 // total, 100)}%)"
        else:
            text = f"{table} {done:,}"
        elapsed = time.perf_counter() - self._started
        print(f"[{elapsed:7.1f}s] {text}{suffix}", file=self.stream, flush=True)

    def step(self, name: str, seconds: float) -> None:
        """A builder finished: print every table it touched as done."""
        self.steps.append((name, seconds))
        if self.stream is not None:
            elapsed = time.perf_counter() - self._started
            print(f"[{elapsed:7.1f}s] {name} done in {seconds:.1f}s", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        if self.stream is not None:
            elapsed = time.perf_counter() - self._started
            print(f"[{elapsed:7.1f}s] {text}", file=self.stream, flush=True)

    def summary(self) -> str:
        """Rows and insert seconds per table, the builders' seconds, total and peak RSS."""
        width = max([len(t) for t in self.rows] + [len("table")])
        lines = [f"{'table':<{width}}  {'rows':>12}  {'insert s':>8}"]
        for table in sorted(self.rows, key=lambda t: -self.rows[t]):
            lines.append(f"{table:<{width}}  {self.rows[table]:>12,}  {self.seconds[table]:>8.1f}")
        lines.append(f"{'total':<{width}}  {sum(self.rows.values()):>12,}")
        lines.append("")
        for name, seconds in self.steps:
            lines.append(f"step {name:<{width - 5}}  {seconds:>12.1f} s")
        lines.append(
            f"elapsed {time.perf_counter() - self._started:.1f} s, peak RSS {peak_rss_mb():.0f} MB"
        )
        return "\n".join(lines)
