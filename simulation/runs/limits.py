"""What a command will cost, estimated before it starts; refused when it cannot fit.

A 5,000,000-person run used to grow for minutes without a word until the
machine ran out of memory, and a ten-million-point design wrote a gigabyte
manifest before its first run. Every command that simulates now estimates
its peak memory and its time from the sizes it is given, refuses (one line,
exit 2) what would not fit in this machine's available memory, and says what
it expects when the answer is "a while".

The figures are measurements on the development machine (docs/performance.md,
section "Limits: what a command may cost", says how to re-measure them):

- memory grows with the **headcount**, not with the weeks: the people's
  arrays, the tie matrices and (for ``run``) one Mesa agent per person are
  built once; a week adds one row of about 30 numbers to the time series.
  Memory per person-week is therefore about zero, and memory per person is
  what is measured;
- time grows with **person-weeks**;
- a GIF animation keeps every frame in memory until the file is written
  (Pillow), so its memory grows with the weeks shown; an MP4 streams frames
  to ffmpeg and does not.

Estimates are deliberately on the high side (the larger of repeated
measurements, plus the interpreter), so a refusal means a run would really
not fit.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulation.errors import InputError

MB = 1 << 20
# Resident memory of a Python process that has imported numpy, scipy, pandas,
# networkx, Mesa and matplotlib, before a model is built (measured: 155 MB).
PROCESS_BYTES = 200 * MB
# Peak bytes per person of one run with Mesa agents (adoptsim run): 2.9 KB
# measured at 128,000 people, 3.2 GB at 1,000,000 (docs/performance.md).
BYTES_PER_PERSON_AGENTS = 3_400
# ... and without Mesa agents (compare, sweep, change, quickscan workers):
# 1.55 KB measured at 128,000 people.
BYTES_PER_PERSON = 1_800
# Wall-clock seconds per person-week with all mechanisms on: 1.1 us of CPU
# (docs/performance.md) and 2-5 us wall on the shared 2-core machine.
SECONDS_PER_PERSON_WEEK = 3e-6
# Bytes per GIF frame held in memory at 90 dpi (1152 x 504 px): 3.3 MB
# measured (10 and 80 frames: 238 and 472 MB peak).
BYTES_PER_GIF_FRAME_90DPI = 3.5 * MB
SECONDS_PER_FRAME = 0.15  # drawing and encoding one animation frame (measured 0.1 s)
# The share of the available memory a command may plan to use: the rest is
# for the operating system, other programs and the estimate's error.
MEMORY_SHARE = 0.8
# Design points a sweep or sensitivity analysis may have: the manifest lists
# every point (about 100 bytes a factor), and 200,000 points already make a
# manifest of tens of megabytes and a plan of hours.
MAX_DESIGN_POINTS = 200_000
ANNOUNCE_SECONDS = 30.0  # say what to expect when a command will take longer
ANNOUNCE_BYTES = 2 << 30


def available_memory() -> int | None:
    """Bytes of memory available to a new process now (Linux: ``MemAvailable``).

    ``None`` when it cannot be read (then nothing is refused for memory).
    """
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def human_bytes(n: float) -> str:
    """``1.5 GB``, ``300 MB``: memory as a person reads it."""
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{max(n / MB, 1):.0f} MB"


def human_seconds(s: float) -> str:
    """``40 s``, ``12 min``, ``3.5 h``."""
    if s < 90:
        return f"{s:.0f} s"
    return f"{s / 60:.0f} min" if s < 5400 else f"{s / 3600:.1f} h"


def headcount(sc: Any) -> int:
    """People in a scenario's run: the org chart's rows when it names one."""
    return people(sc.population.org_chart, sc.population.headcount)


def people(org_chart: str | None, count: int) -> int:
    """``count``, or the rows of ``org_chart`` (a quick upper bound) when it is set."""
    if org_chart:
        path = Path(org_chart)
        if path.is_file():
            with path.open("rb") as fh:
                rows = sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
            return max(rows, 1)
    return int(count)


@dataclass
class Estimate:
    """Peak memory (bytes) and wall time (seconds) of a command, and what it is."""

    memory: float
    seconds: float
    what: str

    def check(self, advice: str) -> Estimate:
        """Refuse when the memory is more than this machine has available.

        Raises:
            InputError: naming the estimate, what is available and ``advice``.
        """
        free = available_memory()
        if free is not None and self.memory > MEMORY_SHARE * free:
            raise InputError(
                f"{self.what} needs about {human_bytes(self.memory)} of memory and this machine "
                f"has {human_bytes(free)} available; {advice}")
        return self

    def announce(self) -> None:
        """Say on stderr what to expect, when the command will be long or large."""
        if self.seconds > ANNOUNCE_SECONDS or self.memory > ANNOUNCE_BYTES:
            print(f"note: {self.what}: expect about {human_bytes(self.memory)} of memory and "
                  f"roughly {human_seconds(self.seconds)} (estimated; Ctrl-C stops it)",
                  file=sys.stderr, flush=True)


def run_estimate(people: int, weeks: int, *, agents: bool, runs: int = 1,
                 workers: int = 1, what: str = "this run") -> Estimate:
    """Memory and time of ``runs`` runs of ``people`` x ``weeks`` on ``workers`` processes.

    One run at a time per worker process; the parent is one more process.
    """
    per_person = BYTES_PER_PERSON_AGENTS if agents else BYTES_PER_PERSON
    per_run = people * per_person
    parallel = max(1, min(workers, runs))
    memory = PROCESS_BYTES + parallel * per_run + (parallel * PROCESS_BYTES if workers > 1 else 0)
    seconds = runs * people * weeks * SECONDS_PER_PERSON_WEEK / parallel
    return Estimate(memory, seconds, what)


def check_run(sc: Any, what: str = "this run", agents: bool = True) -> Estimate:
    """Estimate one run of ``sc``; refuse it when it cannot fit; announce a long one."""
    people = headcount(sc)
    est = run_estimate(people, int(sc.weeks), agents=agents,
                       what=f"{what} ({people:,} people x {int(sc.weeks):,} weeks)")
    est.check("lower population.headcount, or run it on a machine with more memory")
    est.announce()
    return est


def check_design_points(n_points: int, source: Any, how: str) -> None:
    """Refuse a design too large to list in a manifest, before anything is generated.

    Args:
        n_points: design points the plan would have.
        source: the experiment file (named in the message).
        how: what decides the number, e.g. ``"key 'samples'"``.

    Raises:
        InputError: when ``n_points`` exceeds :data:`MAX_DESIGN_POINTS`.
    """
    if n_points > MAX_DESIGN_POINTS:
        raise InputError(
            f"{source}: {how} makes {n_points:,} design points; at most "
            f"{MAX_DESIGN_POINTS:,} are allowed (every point is listed in the result's "
            "manifest and run at least once); use fewer samples or values")


def check_gif(frames: int, dpi: int, people: int, what: str) -> Estimate:
    """Memory of a GIF animation (all frames are held until the file is written)."""
    frame = BYTES_PER_GIF_FRAME_90DPI * (dpi / 90) ** 2
    memory = PROCESS_BYTES + people * BYTES_PER_PERSON + frames * frame
    seconds = frames * (SECONDS_PER_FRAME + people * SECONDS_PER_PERSON_WEEK)
    est = Estimate(memory, seconds, what)
    est.check("show fewer --weeks, or write an .mp4 (frames go straight to ffmpeg)")
    est.announce()
    return est
