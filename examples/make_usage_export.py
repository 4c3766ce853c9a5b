"""Make examples/usage_export.csv: a SYNTHETIC platform usage export for the walkthrough.

The numbers come from the model itself, run on the client scenario
(examples/client_scenario.toml, the invented Veldhuis Woondiensten) with a
hidden parameter set below, and are written the way a platform exports
them: head counts with a headcount column, one row per week for the first
year, a few weeks missing (a holiday, an outage). docs/calibration.md
calibrates to this file as if it came from a client, and only then compares
the result with the hidden values.

Run from the repository root:  python3 examples/make_usage_export.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulation.calibration.fitspec import with_values
from simulation.calibration.measures import measure
from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

HERE = Path(__file__).resolve().parent
SEED = 20240304
WEEKS = 52  # one year of exports
MISSING = (17, 18, 30, 51)  # weeks with no row: a holiday, an outage
# The hidden truth. Do not look before the walkthrough's last step.
HIDDEN = {"dynamics.bias": -3.0, "dynamics.novelty": 6.0, "dynamics.w_old_habit": 1.4}
MEASURES = ("weekly_active", "weekly_posters", "monthly_active", "monthly_posters")


def main() -> None:
    """Simulate the client with the hidden values and write the export."""
    sc = with_values(load_scenario(HERE / "client_scenario.toml"), HIDDEN, check=True)
    model = CommunityModel(sc, seed=SEED, agents=False)
    ts = model.run(WEEKS)
    n = model.org.size
    lines = ["# SYNTHETIC DATA: made by examples/make_usage_export.py from a hidden parameter "
             "set; not a real client's export",
             "week,headcount," + ",".join(MEASURES)]
    for week in range(WEEKS):
        if week in MISSING:
            continue
        counts = [str(int(round(measure(ts, m)[week] * n))) for m in MEASURES]
        lines.append(f"{week},{n}," + ",".join(counts))
    path = HERE / "usage_export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path} ({WEEKS - len(MISSING)} weeks, {n} people)")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
