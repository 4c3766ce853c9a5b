"""Global sensitivity analysis with SALib, run through the sweep machinery.

The factors' ranges define a SALib problem. Sobol uses Saltelli-type
sampling (``SALib.sample.sobol``, first-order and total indices, no second
order: N * (d + 2) points); Morris uses ``SALib.sample.morris`` trajectories
(N * (d + 1) points). The sampled points become a :class:`Plan` and run like
any sweep — same seeds per replicate (common random numbers across points),
same Parquet store, so a sensitivity run resumes and distributes. The
outcome of a point is its mean over replicates; the indices come with 95 %
bootstrap confidence intervals from SALib. Morris gives no interval for
sigma, so one is bootstrapped here over trajectories.

Integer parameters are rounded when run; the indices are computed on the
unrounded sample, so Morris step sizes stay well defined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.errors import InputError, did_you_mean
from simulation.experiment.design import make_plan
from simulation.experiment.spec import Experiment, load_experiment
from simulation.experiment.store import read_runs, write_atomic
from simulation.experiment.sweep import SweepResult, run_plan

METHODS = ("sobol", "morris")
DEFAULT_SAMPLES = {"sobol": 64, "morris": 20}
MORRIS_LEVELS = 4


def problem(exp: Experiment) -> dict[str, Any]:
    """The SALib problem: one variable per range factor."""
    lists = [f.key for f in exp.factors if not f.is_range]
    if lists:
        raise InputError(f"{exp.path}: key 'factors.{lists[0]}': sensitivity analysis needs a "
                         "range {low = ..., high = ...} for every factor, found a list")
    return {"num_vars": len(exp.factors), "names": [f.key for f in exp.factors],
            "bounds": [[f.low, f.high] for f in exp.factors]}


def sample(exp: Experiment, method: str, n: int) -> np.ndarray:
    """The SALib sample matrix (one row per design point), seeded by the root seed."""
    prob = problem(exp)
    from simulation.runs.limits import check_design_points

    d = prob["num_vars"]
    check_design_points(n * (d + 2 if method == "sobol" else d + 1), exp.path,
                        f"--samples {n} with {d} factors ({method}: N x (d + "
                        f"{2 if method == 'sobol' else 1}) points)")
    if method == "sobol":
        from SALib.sample import sobol

        if n & (n - 1):
            raise InputError(f"--samples {n}: Sobol sampling needs a power of 2 "
                             f"(e.g. {1 << max(n.bit_length() - 1, 0)} or {1 << n.bit_length()})")
        return sobol.sample(prob, n, calc_second_order=False, seed=exp.root_seed)
    from SALib.sample import morris

    return morris.sample(prob, n, num_levels=MORRIS_LEVELS, seed=exp.root_seed)


def point_outcomes(out: Path, n_points: int, metric: str) -> np.ndarray:
    """Mean of ``metric`` over each point's successful replicates."""
    runs = read_runs(out, columns=["point_id", "status", metric])
    ok = runs[runs["status"] == "ok"]
    y = ok.groupby("point_id")[metric].mean().reindex(range(n_points)).to_numpy(float)
    return y


def analyse(exp: Experiment, method: str, x: np.ndarray, out: Path) -> pd.DataFrame:
    """Indices with 95 % CIs for every kept metric, one row per (metric, factor)."""
    prob = problem(exp)
    rows: list[dict[str, Any]] = []
    for metric in exp.metrics:
        y = point_outcomes(out, len(x), metric)
        if not np.isfinite(y).all():
            bad = int((~np.isfinite(y)).sum())
            raise InputError(f"{out}: {bad} design point(s) have no successful run for "
                             f"'{metric}'; the indices need every point (see the runs' errors)")
        if np.ptp(y) == 0:
            res: dict[str, Any] = {}
        elif method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(prob, y, calc_second_order=False, conf_level=0.95,
                                seed=exp.root_seed)
        else:
            from SALib.analyze import morris

            res = morris.analyze(prob, x, y, conf_level=0.95, num_levels=MORRIS_LEVELS,
                                 seed=exp.root_seed)
            res["sigma_conf"] = sigma_conf(x, y, len(prob["names"]), exp.root_seed)
        keys = (("S1", "S1_conf", "ST", "ST_conf") if method == "sobol"
                else ("mu", "mu_star", "mu_star_conf", "sigma", "sigma_conf"))
        for i, name in enumerate(prob["names"]):
            row = {"metric": metric, "factor": name}
            row.update({k: float(res[k][i]) if k in res else 0.0 for k in keys})
            rows.append(row)
    return pd.DataFrame(rows)


def sigma_conf(x: np.ndarray, y: np.ndarray, d: int, seed: int, resamples: int = 200) -> np.ndarray:
    """95 % bootstrap half-width of Morris sigma (SALib gives one for mu* only)."""
    from SALib.analyze.morris import _compute_elementary_effects

    delta = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1))
    scaled = (x - x.min(axis=0)) / np.where(np.ptp(x, axis=0) > 0, np.ptp(x, axis=0), 1)
    ee = _compute_elementary_effects(scaled, y, d + 1, delta)  # (trajectories, d)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(ee), size=(resamples, len(ee)))
    sigmas = np.std(ee[idx], axis=1, ddof=1)
    return 1.96 * sigmas.std(axis=0, ddof=1)


def run_sensitivity(path: str | Path, method: str, samples: int | None,
                    out: str | Path | None = None, plots: bool = True,
                    **kwargs: Any) -> tuple[SweepResult, Path]:
    """Sample, run every point through the sweep machinery, analyse, write CSV and chart.

    Args:
        path: the experiment file (every factor a range).
        method: ``sobol`` or ``morris``.
        samples: SALib's N (default 64 for Sobol, 20 for Morris).
        out: result folder (default ``results/<name>-<method>``).
        plots: draw the tornado chart.
        **kwargs: passed to :func:`~simulation.experiment.sweep.run_plan`
            (workers, scheduler, dask, resume, flush_every, on_progress, on_start).

    Returns:
        The sweep result and the path of ``sensitivity_<method>.csv``.
    """
    from simulation.runs.single import default_out

    if method not in METHODS:
        raise InputError(f"--method {method!r}: expected one of sobol, morris"
                         f"{did_you_mean(method, METHODS)}")
    exp = load_experiment(path)
    n = samples if samples is not None else DEFAULT_SAMPLES[method]
    x = sample(exp, method, n)
    from simulation.experiment.design import points_from_unit

    lows = np.array([f.low for f in exp.factors])
    highs = np.array([f.high for f in exp.factors])
    points = points_from_unit(exp, (x - lows) / (highs - lows))
    plan = make_plan(exp, points)
    out = Path(out) if out is not None else default_out(f"{exp.name}-{method}")
    result = run_plan(exp, plan, out, extra={"method": method, "samples": n}, **kwargs)
    table = analyse(exp, method, x, out)
    csv = out / f"sensitivity_{method}.csv"
    write_atomic(csv, table.to_csv(index=False))
    if plots:
        from simulation.experiment.plots import tornado

        (out / "plots").mkdir(exist_ok=True)
        tornado(table, method, out / "plots" / f"tornado_{method}.png",
                exp.name.replace("_", " "))
    return result, csv
