"""One run of the full model, for a profiler to watch.

Usage::

    python3 -m pyinstrument -r text -i 0.001 benchmarks/profile_run.py 10000 [--arrays]
    py-spy record -o profile.svg -- python3 benchmarks/profile_run.py 1000000 --arrays
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulation.engine.model import CommunityModel  # noqa: E402
from simulation.scenario.files import load_scenario  # noqa: E402

if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sc = load_scenario(ROOT / "benchmarks" / "all_mechanisms.toml", {"population.headcount": size})
    CommunityModel(sc, seed=1, agents="--arrays" not in sys.argv).run()
