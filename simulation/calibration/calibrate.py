"""Calibrate a scenario to a client's usage export and write the result folder.

The work behind ``adoptsim calibrate`` (the command is ``simulation/cli/calibrate.py``).

Everything is checked before any simulation (scenario, data file, ``--fit``
ranges, seed, output folder), so a mistake is one line and exit status 2.
Then ABC-SMC runs (progress bar), the posterior predictive forecast runs to
the scenario's horizon, and the result folder is written atomically.

While it runs, pyabc keeps every finished generation in
``.<out>.calibrate.db`` beside the result folder; after an interruption,
the same command with ``--resume`` continues from the last finished
generation. The file is removed when the result is written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from simulation.errors import InputError

DEFAULT_BUDGET = 2000
PREDICTIVE_RUNS = 50


def default_out(name: str) -> Path:
    """``results/calibrate-<scenario name>``, made safe as a folder name."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "scenario"
    return Path("results") / f"calibrate-{slug}"


def work_files(out: Path) -> tuple[Path, Path]:
    """The pyabc database and its fingerprint, beside the result folder."""
    return (out.parent / f".{out.name}.calibrate.db",
            out.parent / f".{out.name}.calibrate.json")


def run_calibration(scenario: Path, data_file: Path, fit_items: list[str] | None = None, *,
                    budget: int = DEFAULT_BUDGET, seed: int = 1, workers: int = 1,
                    scheduler: str | None = None, resume: bool = False,
                    out: Path | None = None, headcount: int | None = None,
                    launch_date: str | None = None, draws: int = PREDICTIVE_RUNS,
                    until: int | None = None, progress: bool = False) -> dict[str, Any]:
    """Calibrate ``scenario`` to ``data_file``; write the result folder; return the summary.

    Args:
        scenario: the scenario file (its horizon is the forecast's).
        data_file: the usage export.
        fit_items: ``KEY=LOW:HIGH`` strings (none: the default keys).
        budget: simulations for the fit (the last generation is finished, so
            a few more may run).
        seed: decides the run, whatever ``workers``.
        workers: local processes (1 = in this process).
        scheduler: a Dask scheduler address instead of local processes.
        resume: continue an interrupted calibration of the same inputs.
        out: the result folder.
        headcount: ``--headcount`` (the data are counts of this many people).
        launch_date: ``--launch-date`` (the data are dated).
        draws: posterior predictive runs for the forecast and fit.png.
        until: fit only the data up to this week (the rest is held out and
            shown in fit.png); for out-of-sample checks.
        progress: show a progress bar.

    Raises:
        InputError: anything wrong with the inputs, before anything runs.
    """
    from simulation.calibration.fitspec import parse_fit
    from simulation.calibration.usage import read_usage
    from simulation.outputs import check_out, package_version
    from simulation.runs.single import check_seed
    from simulation.scenario.files import load_scenario

    seed = check_seed(seed)
    if budget < 100:
        raise InputError(f"--budget {budget}: expected at least 100 simulations")
    if scheduler is not None and workers != 1:
        raise InputError("--workers and --scheduler: choose one (a Dask cluster has its own "
                         "workers)")
    base = load_scenario(scenario)
    data_all = read_usage(data_file, headcount, launch_date)
    data = data_all.until(until) if until is not None else data_all
    if data.points().empty:
        raise InputError(f"--until {until}: no data up to that week; the first is week "
                         f"{int(data_all.weeks.min())}")
    if data_all.last_week >= base.weeks:  # a run of W weeks covers weeks 0 to W - 1
        raise InputError(f"{data_all.source}: data up to week {data_all.last_week}, beyond the "
                         f"scenario's horizon of {base.weeks} weeks (weeks 0-{base.weeks - 1}); "
                         f"set weeks in {scenario} to at least {data_all.last_week + 1}")
    params = parse_fit(fit_items, base)
    out_dir = out if out is not None else default_out(base.name)
    check_out(out_dir, "calibrate")
    db, meta = work_files(out_dir)
    fingerprint = {"scenario": hashlib.sha256(Path(scenario).read_bytes()).hexdigest(),
                   "data": data_all.sha256, "until": until, "seed": seed,
                   "fit": [[p.key, p.low, p.high] for p in params],
                   "population": None}
    from simulation.calibration.smc import population_size

    fingerprint["population"] = population_size(budget)
    if resume:
        if not db.exists() or not meta.exists():
            raise InputError(f"--resume: no interrupted calibration for --out {out_dir} "
                             f"(expected {db.name} beside it); run without --resume")
        try:
            before = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = None
        if before != fingerprint:
            raise InputError(f"--resume: the interrupted calibration for --out {out_dir} was "
                             "of other inputs (scenario, data, --fit, --seed or --budget's "
                             "population size differ); run without --resume to start again")
    else:
        db.unlink(missing_ok=True)
        meta.parent.mkdir(parents=True, exist_ok=True)
        meta.write_text(json.dumps(fingerprint), encoding="utf-8")

    logging.getLogger("ABC").setLevel(logging.WARNING)
    started = time.perf_counter()
    client, runner = _runner(workers, scheduler)
    try:
        fitted, band = _fit_and_forecast(base, data, params, seed, budget, runner, db, resume,
                                         draws, progress)
    finally:
        runner.close()
        if client is not None:
            client.close()
    elapsed = time.perf_counter() - started

    from simulation.calibration import figures, result
    from simulation.calibration.predictive import inside
    from simulation.outputs import staged

    ints = result.intervals(fitted)
    fit_in, fit_n = inside(band, data.points())
    held = data_all.points()
    held = held[held["week"] > data.last_week] if until is not None else held.iloc[0:0]
    held_in, held_n = inside(band, held)
    summary: dict[str, Any] = {
        "scenario": base.name, "scenario_file": str(scenario),
        "params": {p.key: {**ints[p.key], "prior_low": p.low, "prior_high": p.high}
                   for p in params},
        "interval": "90 % credible interval (5th to 95th weighted percentile of the posterior)",
        "data": {"file": data_all.source, "sha256": data_all.sha256,
                 "measures": data.metrics, "points": int(len(data.points())),
                 "weeks": [int(data.weeks.min()), int(data.last_week)],
                 "held_out_after_week": until},
        "budget": budget, "seed": seed, "version": package_version(),
        "simulations": fitted.simulations, "generations": fitted.generations,
        "population_size": fitted.population, "final_epsilon": fitted.epsilon,
        "distance": "root mean square difference over the observed points (share of staff)",
        "predictive_runs": draws,
        "fit_points_inside_band": [fit_in, fit_n],
        "held_out_points_inside_band": [held_in, held_n] if until is not None else None,
        "where": "Dask at " + scheduler if scheduler else f"{workers} local process(es)",
        "elapsed_s": round(elapsed, 1),
        "bands": "parameter uncertainty (the posterior) and chance",
    }
    share = fit_in / fit_n if fit_n else float("nan")
    what = (f"{held_in} of {held_n} held-out points" if until is not None and held_n
            else f"{fit_in} of {fit_n} observed points ({share:.0%})")
    title = f"{base.name}\n{what} inside the calibrated model's 90 % band"
    text = result.calibrated_toml(scenario, out_dir, base.name,
                                  {k: v["median"] for k, v in ints.items()})
    with staged(out_dir, "calibrate") as tmp:
        result.write(tmp, fitted, summary, band, text)
        figures.plot_fit(band, data_all.points(), tmp / "fit.png", title,
                         fitted_until=data.last_week if until is not None else None)
    db.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)
    summary["out"] = str(out_dir)
    return summary


def _runner(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    from simulation.calibration.sampler import Runner

    if scheduler is None:
        return None, Runner(workers)
    try:
        from distributed import Client

        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    return client, Runner(client=client)


def _fit_and_forecast(base: Any, data: Any, params: Any, seed: int, budget: int, runner: Any,
                      db: Path, resume: bool, draws: int, progress: bool) -> tuple[Any, Any]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from simulation.calibration.predictive import bands, predictive
    from simulation.calibration.sampler import SeededSampler
    from simulation.calibration.smc import fit

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), disable=not progress,
                  transient=True) as bar:
        task = bar.add_task("fitting (simulations)", total=budget)
        done = [0]

        def on_batch(n: int) -> None:
            bar.update(task, completed=min(budget, done[0] + n))

        def on_generation(t: int, total: int, eps: float) -> None:
            done[0] = total
            bar.update(task, completed=min(budget, total),
                       description=f"fitting: generation {t + 1}, distance {eps:.3f}")

        sampler = SeededSampler(seed, runner, on_batch)
        fitted = fit(base, data, params, seed=seed, budget=budget, sampler=sampler, db=db,
                     resume=resume, on_generation=on_generation)
        bar.update(task, description="forecast (posterior draws)", completed=0, total=draws)
        runs = predictive(base, fitted.draws, n=draws, seed=seed, weeks=base.weeks,
                          runner=runner)
        bar.update(task, completed=draws)
    return fitted, bands(runs)
