"""Out-of-sample check: fit weeks 0-26 of a synthetic export, forecast weeks 27-104.

The export is made by the model with a hidden parameter set (as in
examples/make_usage_export.py) for 105 weeks; the calibration sees only
weeks 0-26 (``--until 26``), and the share of held-out points (weeks 27-104)
inside the forecast's 90 % band is reported. Run from the repository root:
    python3 benchmarks/calibration_out_of_sample.py --budget 1000 --workers 2
Writes the result folder to results/out-of-sample and prints the share.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from simulation.calibration.calibrate import run_calibration
from simulation.calibration.fitspec import with_values
from simulation.calibration.measures import measure
from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = {"dynamics.bias": -3.2, "dynamics.novelty": 6.0, "dynamics.w_old_habit": 1.3}
FIT = ["dynamics.bias=-5:-2", "dynamics.novelty=2:9", "dynamics.w_old_habit=0.8:2.4"]
MEASURES = ("weekly_active", "weekly_posters", "monthly_active")


def main() -> None:
    """Make the export, calibrate on the first half year, score the held-out weeks."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("results/out-of-sample"))
    args = ap.parse_args()
    work = args.out.parent / ".out-of-sample-inputs"
    work.mkdir(parents=True, exist_ok=True)
    scenario = work / "scenario.toml"
    scenario.write_text(f'extends = "{(ROOT / "scenarios" / "baseline.toml").as_posix()}"\n'
                        'name = "Out of sample (synthetic)"\nweeks = 105\n'
                        "[population]\nheadcount = 300\n", encoding="utf-8")
    sc = load_scenario(scenario)
    ts = CommunityModel(with_values(sc, HIDDEN), seed=4242, agents=False).run()
    lines = ["# SYNTHETIC: benchmarks/calibration_out_of_sample.py", "week," + ",".join(MEASURES)]
    lines += [f"{w}," + ",".join(f"{measure(ts, m)[w]:.4f}" for m in MEASURES)
              for w in range(105)]
    data = work / "usage.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = run_calibration(scenario, data, FIT, budget=args.budget, seed=7, workers=args.workers,
                        out=args.out, until=26, progress=True)
    hin, hn = s["held_out_points_inside_band"]
    print(json.dumps({"held_out_inside": hin, "held_out_points": hn,
                      "share": round(hin / hn, 3), "params": s["params"],
                      "hidden": HIDDEN, "elapsed_s": s["elapsed_s"]}, indent=2))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
