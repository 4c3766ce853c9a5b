"""Global sensitivity analysis with SALib, run through the sweep machinery.

The factors' ranges define a SALib problem. Sobol uses Saltelli-type
sampling (``SALib.sample.sobol``, first-order and total indices, no second
order: N * (d + 2) points); Morris uses ``SALib.sample.morris`` trajectories
(N * (d + 1) points). The sampled points become a :class:`Plan` and run like
any sweep — same seeds per replicate (common random numbers across points),
same Parquet store, so a sensitivity run resumes and distributes. The
outcome of a point is its mean over replicates; the indices come with 95 %
bootstrap confidence intervals from SALib. Morris gives no interval for
sigma, so one is bootstrapped here over trajectories, from elementary
effects computed here from the trajectories themselves (SALib's public API
returns only their summaries).

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


def indices(prob: dict[str, Any], method: str, x: np.ndarray, y: np.ndarray,
            seed: int) -> dict[str, np.ndarray]:
    """SALib's indices for one outcome vector, with Morris sigma's bootstrap interval added.

    Every returned array has one value per factor (checked: a shape slip here
    once gave sigma intervals for the wrong factors).
    """
    d = prob["num_vars"]
    if np.ptp(y) == 0:
        return {}
    if method == "sobol":
        from SALib.analyze import sobol

        res = dict(sobol.analyze(prob, y, calc_second_order=False, conf_level=0.95, seed=seed))
    else:
        from SALib.analyze import morris

        res = dict(morris.analyze(prob, x, y, conf_level=0.95, num_levels=MORRIS_LEVELS,
                                  seed=seed))
        res["sigma_conf"] = sigma_conf(x, y, prob["bounds"], seed)
    out = {k: np.asarray(v, float) for k, v in res.items() if k in _KEYS[method]}
    bad = [k for k, v in out.items() if v.shape != (d,)]
    if bad:
        raise ValueError(f"SALib {method}: {bad[0]} has shape {out[bad[0]].shape}, expected ({d},)")
    return out


_KEYS = {"sobol": ("S1", "S1_conf", "ST", "ST_conf"),
         "morris": ("mu", "mu_star", "mu_star_conf", "sigma", "sigma_conf")}


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
        res = indices(prob, method, x, y, exp.root_seed)
        for i, name in enumerate(prob["names"]):
            row = {"metric": metric, "factor": name}
            row.update({k: float(res[k][i]) if k in res else 0.0 for k in _KEYS[method]})
            rows.append(row)
    return pd.DataFrame(rows)


def preflight(exp: Experiment, method: str, x: np.ndarray) -> None:
    """Analyse a synthetic outcome on the real sample before any run is made.

    A sample the analysis cannot handle must fail here, before a result folder
    exists, not after an hour of runs.
    """
    prob = problem(exp)
    unit = (x - x.min(axis=0)) / np.where(np.ptp(x, axis=0) > 0, np.ptp(x, axis=0), 1)
    y = unit @ np.arange(1, prob["num_vars"] + 1, dtype=float) + unit[:, 0] * unit[:, -1]
    try:
        indices(prob, method, x, y, exp.root_seed)
    except (ValueError, IndexError, ZeroDivisionError) as exc:  # pragma: no cover - guard
        raise InputError(f"{exp.path}: {method} cannot analyse this sample ({exc}); "
                         "try more --samples") from None


def elementary_effects(x: np.ndarray, y: np.ndarray, bounds: list[list[float]]) -> np.ndarray:
    """Morris elementary effects, shape (trajectories, factors), in unit-range steps.

    Each trajectory of :func:`SALib.sample.morris.sample` is d + 1 rows, each row
    moving exactly one factor by +/- delta (in the unit cube). The effect of that
    factor is the change in outcome divided by the signed step, the same
    definition SALib's ``morris.analyze`` averages into mu, mu* and sigma; it is
    computed here so the bootstrap does not depend on SALib's private helpers.

    Raises:
        ValueError: when ``x`` is not made of whole trajectories.
    """
    d = len(bounds)
    if x.ndim != 2 or x.shape[1] != d or len(x) % (d + 1) or len(y) != len(x):
        raise ValueError(f"expected whole Morris trajectories of {d + 1} rows x {d} factors, "
                         f"found x {x.shape} and y {y.shape}")
    lows = np.array([b[0] for b in bounds], float)
    spans = np.array([b[1] - b[0] for b in bounds], float)
    unit = ((x - lows) / np.where(spans > 0, spans, 1.0)).reshape(-1, d + 1, d)
    out = y.reshape(-1, d + 1)
    steps = np.diff(unit, axis=1)  # (trajectories, d, factors): one non-zero per row
    moved = np.argmax(np.abs(steps), axis=2)  # (trajectories, d)
    step = np.take_along_axis(steps, moved[..., None], axis=2)[..., 0]
    effects = np.diff(out, axis=1) / step
    ee = np.empty((len(unit), d))
    rows = np.arange(len(unit))[:, None]
    ee[rows, moved] = effects
    return ee


def sigma_conf(x: np.ndarray, y: np.ndarray, bounds: list[list[float]], seed: int,
               resamples: int = 200) -> np.ndarray:
    """95 % bootstrap half-width of Morris sigma, one per factor (SALib gives one for mu* only).

    Trajectories are resampled with replacement; with fewer than two trajectories
    sigma has no spread to estimate and the half-width is NaN.
    """
    ee = elementary_effects(x, y, bounds)
    if len(ee) < 2:
        return np.full(len(bounds), np.nan)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(ee), size=(resamples, len(ee)))
    sigmas = np.std(ee[idx], axis=1, ddof=1)  # (resamples, factors)
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
    from simulation.extras import need

    need("adoptsim sensitivity", "SALib", "pyarrow")
    from simulation.runs.single import default_out

    if method not in METHODS:
        raise InputError(f"--method {method!r}: expected one of sobol, morris"
                         f"{did_you_mean(method, METHODS)}")
    exp = load_experiment(path)
    n = samples if samples is not None else DEFAULT_SAMPLES[method]
    if method == "morris" and n < 2:
        raise InputError(f"--samples {n}: Morris needs at least 2 trajectories to estimate "
                         "sigma and the intervals (20 is the default)")
    x = sample(exp, method, n)
    preflight(exp, method, x)
    from simulation.experiment.design import points_from_unit

    lows = np.array([f.low for f in exp.factors])
    highs = np.array([f.high for f in exp.factors])
    points = points_from_unit(exp, (x - lows) / (highs - lows))
    plan = make_plan(exp, points)
    out = Path(out) if out is not None else default_out(f"{exp.name}-{method}")
    existed = out.exists()
    result = run_plan(exp, plan, out, extra={"method": method, "samples": n}, **kwargs)
    try:
        table = analyse(exp, method, x, out)
    except Exception:
        if not existed and result.failed == 0:
            # Nothing half-written: a folder this call created and could not finish goes.
            import shutil

            shutil.rmtree(out, ignore_errors=True)
        raise
    csv = out / f"sensitivity_{method}.csv"
    write_atomic(csv, table.to_csv(index=False))
    from simulation.xlsx import write_tables

    write_tables(out / "results.xlsx", {f"Sensitivity {method}": table})
    if plots:
        from simulation.experiment.plots import tornado

        (out / "plots").mkdir(exist_ok=True)
        tornado(table, method, out / "plots" / f"tornado_{method}.png",
                exp.name.replace("_", " "))
    return result, csv
