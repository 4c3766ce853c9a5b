"""Coverage study of the calibration (a benchmark, not CI): is the truth in the 90 % interval?

For each of ``--datasets`` synthetic datasets, draw a "true" value of each
fitted parameter uniformly from its prior range, simulate a usage export with
the model (its own seed), calibrate to it with ABC-SMC, and record whether
each true value lies inside the 90 % credible interval. A well-calibrated
posterior holds the truth about 90 % of the time (the binomial 95 % range for
20 datasets is 75-100 %, so read it with that spread in mind).

Run from the repository root (about 20 minutes on 2 cores with the defaults):
    python3 benchmarks/calibration_coverage.py --datasets 20 --budget 600 --workers 2
Writes docs/bench/calibration_coverage.json (one row per dataset and parameter).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from simulation.calibration.fitspec import parse_fit, with_values
from simulation.calibration.measures import measure
from simulation.calibration.sampler import Runner, SeededSampler
from simulation.calibration.smc import fit, weighted_quantiles
from simulation.calibration.usage import UsageData
from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
FIT = ["dynamics.bias=-5:-2", "dynamics.novelty=2:9"]
MEASURES = ("weekly_active", "weekly_posters", "monthly_active")


def dataset(base, params, rng: np.random.Generator, weeks: int) -> tuple[dict, UsageData]:
    """A true parameter set and the export the model makes with it."""
    truth = {p.key: float(rng.uniform(p.low, p.high)) for p in params}
    seed = int(rng.integers(0, 2**32))
    ts = CommunityModel(with_values(base, truth), seed=seed, agents=False).run(weeks)
    wk = np.arange(weeks)
    return truth, UsageData("synthetic", "-", wk, {m: measure(ts, m)[wk] for m in MEASURES})


def main() -> None:
    """Run the study and write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=int, default=20)
    ap.add_argument("--budget", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--headcount", type=int, default=200)
    ap.add_argument("--weeks", type=int, default=40)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "bench" /
                    "calibration_coverage.json")
    args = ap.parse_args()
    base = load_scenario(ROOT / "scenarios" / "baseline.toml",
                         {"population.headcount": args.headcount, "weeks": args.weeks})
    params = parse_fit(FIT, base)
    rng = np.random.default_rng(args.seed)
    rows, started = [], time.perf_counter()
    runner = Runner(args.workers)
    try:
        for i in range(args.datasets):
            truth, data = dataset(base, params, rng, args.weeks)
            with tempfile.TemporaryDirectory() as tmp:
                f = fit(base, data, params, seed=args.seed + i, budget=args.budget,
                        sampler=SeededSampler(args.seed + i, runner), db=Path(tmp) / "h.db")
            for p in params:
                lo, med, hi = weighted_quantiles(f.draws[p.key].to_numpy(),
                                                 f.draws["weight"].to_numpy(), (0.05, 0.5, 0.95))
                rows.append({"dataset": i, "key": p.key, "truth": truth[p.key],
                             "median": float(med), "low": float(lo), "high": float(hi),
                             "inside": bool(lo <= truth[p.key] <= hi),
                             "width_share_of_prior": float((hi - lo) / (p.high - p.low))})
            done = [r["inside"] for r in rows]
            print(f"dataset {i + 1}/{args.datasets}: {sum(done)}/{len(done)} inside so far "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        runner.close()
    inside = [r["inside"] for r in rows]
    result = {"datasets": args.datasets, "fit": FIT, "budget": args.budget,
              "headcount": args.headcount, "weeks": args.weeks, "measures": list(MEASURES),
              "seed": args.seed, "coverage": float(np.mean(inside)),
              "per_key": {p.key: float(np.mean([r["inside"] for r in rows if r["key"] == p.key]))
                          for p in params},
              "elapsed_s": round(time.perf_counter() - started, 1), "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"coverage of the 90 % interval: {result['coverage']:.0%} "
          f"({sum(inside)}/{len(inside)}); {result['per_key']}")


if __name__ == "__main__":
    main()
