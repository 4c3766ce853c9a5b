"""One run of an experiment, in whatever process executes it.

This module is what Dask workers and spawned local processes import, so it
is small and takes plain data: a task dict in, a summary row and a time
series out. Any exception inside the run is caught and returned as the run's
error, so one bad corner of a design never stops a sweep.
"""

from __future__ import annotations

import math
import time
import traceback
from typing import Any

import numpy as np
import pandas as pd

from simulation.measures.catalogue import ACTIVE, CATALOGUE
from simulation.measures.summary import summary_values

summary_metrics = summary_values  # one run summary for run, compare, sweep and quickscan


def run_task(task: dict[str, Any]) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """Run one (scenario, seed) pair.

    Args:
        task: ``run_id``, ``point_id``, ``replicate``, ``seed``, ``scenario``
            (plain scenario data), ``metrics`` and ``timeseries`` (names).

    Returns:
        The runs-table row (ids, seed, metrics, ``status`` "ok" or "error",
        ``error``, ``elapsed_s``) and the kept time-series columns (``None``
        for a failed run).
    """
    started = time.perf_counter()
    row: dict[str, Any] = {k: task[k] for k in ("run_id", "point_id", "replicate", "seed")}
    try:
        from simulation.engine.model import CommunityModel
        from simulation.scenario.files import build_scenario

        sc = build_scenario(task["scenario"], f"design point {task['point_id']}")
        # Only the columns this experiment keeps are measured (the rest nobody reads).
        wanted = [c for c in (*task["metrics"], *task["timeseries"]) if c in CATALOGUE]
        model = CommunityModel(sc, seed=int(task["seed"]), agents=False, measures=wanted)
        df = model.run()
        row.update(summary_metrics(df, task["metrics"]))
        ts = pd.DataFrame({"run_id": np.full(len(df), task["run_id"], dtype=np.int64),
                           "week": df["week"].to_numpy(np.int64)})
        for col in task["timeseries"]:
            if col == "active":
                ts[col] = df[list(ACTIVE)].sum(axis=1).to_numpy(float)
            else:
                ts[col] = df[col].to_numpy(float) if col in df.columns else math.nan
        row.update(status="ok", error="")
    except Exception as exc:  # noqa: BLE001 - a failed run is a result, not a crash
        ts = None
        row.update({m: math.nan for m in task["metrics"]})
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
        row.update(status="error", error=f"{type(exc).__name__}: {exc}{where}")
    row["elapsed_s"] = time.perf_counter() - started
    return row, ts
