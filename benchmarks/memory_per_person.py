"""Peak memory and time of one run, for the rates in simulation/runs/limits.py.

Run one size per process (``ru_maxrss`` is the peak of the whole process)::

    python3 benchmarks/memory_per_person.py 128000 5 1   # people, weeks, Mesa agents (1/0)

Bytes per person = (peak - base) / people; seconds per person-week = weeks
time / (people x weeks). See docs/performance.md, "Limits: what a command may cost".
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml"


def main() -> None:
    """Print base and peak memory (MB), build and weeks time (s) of one run."""
    n, weeks, agents = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sc = load_scenario(BASELINE, {"population.headcount": n, "weeks": weeks})
    t0 = time.perf_counter()
    model = CommunityModel(sc, seed=1, agents=agents)
    t1 = time.perf_counter()
    for _ in range(weeks):
        model.step()
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"people {n} weeks {weeks} agents {agents}: base {base // 1024} MB, "
          f"peak {peak // 1024} MB, build {t1 - t0:.2f} s, weeks {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
