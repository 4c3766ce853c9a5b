"""Posterior predictive runs: the calibrated model's forecast, with its 90 % band.

Each of ``n`` runs draws one parameter set from the posterior (by weight)
and its own seed, both decided by the calibration's seed, and runs the
scenario to its horizon. The band at a week is the 5-95 % range of the runs:
it holds parameter uncertainty (the posterior's spread) and chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulation.calibration.fitspec import with_values
from simulation.calibration.measures import MEASURES, measure
from simulation.scenario.schema import Scenario

LEVELS = (0.05, 0.5, 0.95)  # a 90 % band and its median


def draw_rows(draws: pd.DataFrame, n: int, rng: np.random.Generator) -> list[dict[str, float]]:
    """``n`` parameter sets drawn from a weighted posterior (with replacement)."""
    keys = [c for c in draws.columns if c != "weight"]
    w = draws["weight"].to_numpy(dtype=float)
    picks = rng.choice(len(draws), size=n, replace=True, p=w / w.sum())
    return [{k: float(draws[k].iloc[i]) for k in keys} for i in picks]


def run_one(task: tuple[Scenario, dict[str, float], int, int]) -> pd.DataFrame:
    """One predictive run (top-level: it runs in worker processes): the measures by week."""
    from simulation.engine.model import CommunityModel

    base, values, seed, weeks = task
    ts = CommunityModel(with_values(base, values), seed=seed, agents=False).run(weeks)
    return pd.DataFrame({"week": np.arange(len(ts) - 1), **{m: measure(ts, m) for m in MEASURES}})


def predictive(base: Scenario, draws: pd.DataFrame, *, n: int, seed: int, weeks: int,
               runner: Any) -> pd.DataFrame:
    """Run ``n`` posterior draws to ``weeks``; one row per run and week (column ``run``)."""
    ss = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, 0x70726564])  # "pred"
    rows = draw_rows(draws, n, np.random.default_rng(ss))
    seeds = [int(s) for s in np.random.default_rng(ss.spawn(1)[0]).integers(0, 2**32, n)]
    frames = runner.map(run_one, [(base, r, s, weeks) for r, s in zip(rows, seeds, strict=True)])
    return pd.concat([f.assign(run=i) for i, f in enumerate(frames)], ignore_index=True)


def bands(runs: pd.DataFrame, metrics: Sequence[str] = MEASURES) -> pd.DataFrame:
    """``week, metric, median, low, high``: the median and 90 % band of the runs per week."""
    parts = []
    for m in metrics:
        q = runs.groupby("week")[m].quantile(list(LEVELS)).unstack()
        parts.append(pd.DataFrame({"week": q.index.to_numpy(), "metric": m,
                                   "median": q[LEVELS[1]].to_numpy(),
                                   "low": q[LEVELS[0]].to_numpy(),
                                   "high": q[LEVELS[2]].to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def inside(band: pd.DataFrame, points: pd.DataFrame) -> tuple[int, int]:
    """How many observed points lie inside the band (ends included), and how many there are."""
    merged = points.merge(band, on=["week", "metric"], how="inner")
    ok = (merged["value"] >= merged["low"]) & (merged["value"] <= merged["high"])
    return int(ok.sum()), len(merged)
