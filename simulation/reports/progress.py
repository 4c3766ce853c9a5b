"""Progress with an estimate of the time left, also when the output is not a terminal.

In a terminal, commands draw a rich progress bar. Piped into a log, a CI job
or a notebook cell, a bar is invisible and the command looks hung for a
minute; :class:`EtaLines` then prints a plain line now and then instead:
``compare: 12/80 runs (15 %), about 40 s left``.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def human_seconds(s: float) -> str:
    """``40 s``, ``3 min``, ``1 h 5 min``."""
    s = max(0.0, s)
    if s < 90:
        return f"{s:.0f} s"
    if s < 3600:
        return f"{s / 60:.0f} min"
    return f"{int(s // 3600)} h {int(s % 3600 // 60)} min"


class EtaLines:
    """Plain progress lines with ETA: at the first step, then every ``every`` seconds or 10 %.

    Args:
        total: the number of steps.
        what: the command, e.g. ``compare``.
        unit: what a step is, e.g. ``runs``.
        every: the most seconds between two lines.
        stream: where lines go (stderr: stdout stays the result).
    """

    def __init__(self, total: int, what: str, unit: str = "runs", every: float = 10.0,
                 stream: TextIO | None = None) -> None:
        self.total, self.what, self.unit, self.every = max(int(total), 1), what, unit, every
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.last_time = -1e9
        self.last_tenth = -1
        print(f"{what}: {self.total:,} {unit} to do", file=self.stream, flush=True)

    def advance(self, n: int = 1) -> None:
        """Count ``n`` finished steps; print a line when one is due."""
        self.done += n
        now = time.monotonic()
        tenth = 10 * self.done // self.total
        if self.done >= self.total or tenth > self.last_tenth or now - self.last_time >= self.every:
            self.last_time, self.last_tenth = now, tenth
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """``compare: 12/80 runs (15 %), about 40 s left``."""
        now = time.monotonic() if now is None else now
        elapsed = now - self.started
        pct = 100 * self.done / self.total
        if self.done >= self.total:
            tail = f"done in {human_seconds(elapsed)}"
        elif self.done == 0:
            tail = "estimating the time left"
        else:
            tail = f"about {human_seconds(elapsed / self.done * (self.total - self.done))} left"
        return f"{self.what}: {self.done:,}/{self.total:,} {self.unit} ({pct:.0f} %), {tail}"
