"""summary.csv: per design point, each metric's mean and 95 % confidence interval.

The interval is the t-interval of the mean over the point's successful
replicates (mean +- t(0.975, n-1) * sd / sqrt(n)). With common random
numbers the intervals of two points overlap more than their difference's
interval would; compare points on paired replicates when it matters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.experiment.design import Plan
from simulation.experiment.store import read_runs, write_atomic
from simulation.measures.summary import mean_interval


def mean_ci(values: np.ndarray, level: float = 0.95,
            metric: str | None = None) -> tuple[float, float, float]:
    """Mean and t-interval of ``values`` (NaNs dropped); NaN bounds for n < 2.

    The interval is :func:`simulation.measures.summary.mean_interval`, the one
    every command uses; naming the ``metric`` cuts a share's interval to [0, 1].
    """
    mean, _, lo, hi = mean_interval(values, level, metric)
    return mean, lo, hi


def summarise_points(runs: pd.DataFrame, plan: Plan, metrics: list[str]) -> pd.DataFrame:
    """One row per design point: factor values, counts, and mean / CI per metric."""
    ok = runs[runs["status"] == "ok"]
    groups = dict(tuple(ok.groupby("point_id")))
    failed = runs[runs["status"] != "ok"].groupby("point_id").size()
    rows: list[dict[str, Any]] = []
    for pid, point in enumerate(plan.points):
        row: dict[str, Any] = {"point_id": pid, **point}
        g = groups.get(pid)
        row["n_ok"] = 0 if g is None else len(g)
        row["n_failed"] = int(failed.get(pid, 0))
        for m in metrics:
            vals = g[m].to_numpy(float) if g is not None else np.array([])
            mean, lo, hi = mean_ci(vals, metric=m)  # a share's interval stays in [0, 1]
            row[f"{m}_mean"], row[f"{m}_ci_low"], row[f"{m}_ci_high"] = mean, lo, hi
        rows.append(row)
    table = pd.DataFrame(rows)
    for f in plan.factors:  # keep 13 as 13 (not 13.0) and an unset value as "none"
        table[f] = pd.Series(["none" if p[f] is None else p[f] for p in plan.points],
                             dtype=object)
    return table


def write_summary(out: Path, plan: Plan, metrics: list[str]) -> pd.DataFrame:
    """Compute the per-point summary from the runs table and write summary.csv."""
    runs = read_runs(out, columns=["run_id", "point_id", "status", *metrics])
    table = summarise_points(runs, plan, metrics)
    write_atomic(Path(out) / "summary.csv", table.to_csv(index=False))
    from simulation.xlsx import write_tables

    write_tables(Path(out) / "results.xlsx", {"Summary per point": table})
    return table


def write_long_timeseries(out: Path) -> None:
    """``timeseries_long.csv`` and ``.parquet``: the sweep's time series in long form.

    Columns ``run_id, point_id, replicate, week, metric, value`` (see
    :mod:`simulation.exports`); the factor values of a point are in
    ``summary.csv`` and ``runs/``. Rewritten whole at the end of every sweep
    or resume, through temporary names and renames.
    """
    import os

    from simulation.experiment.store import read_timeseries
    from simulation.exports import long_form

    out = Path(out)
    ts = read_timeseries(out)
    ids = read_runs(out, columns=["run_id", "point_id", "replicate", "status"])
    ids = ids[ids["status"] == "ok"].drop(columns="status")
    wide = ids.merge(ts, on="run_id")
    long = long_form(wide, ("run_id", "point_id", "replicate"))
    for name, write in (("timeseries_long.csv", lambda p: long.to_csv(p, index=False)),
                        ("timeseries_long.parquet",
                         lambda p: long.to_parquet(p, index=False))):
        tmp = out / f".{name}.{os.getpid()}.tmp"
        write(tmp)
        os.replace(tmp, out / name)
