"""The sweep loop: plan -> executor -> result store -> summary and plots.

``execute`` is the one code path for every executor: it keeps at most
``executor.slots`` runs in flight (so a million-run plan never becomes a
million futures), writes each finished run to the store, and reports
progress. A run that raised is stored with its error. A run lost because
its worker process died is run again (local pool: a fresh pool, at most
``MAX_RETRIES`` times; Dask reschedules by itself); if it keeps killing its
worker it is stored as failed. Ctrl-C
flushes what has finished, so ``--resume`` loses nothing that completed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulation.experiment.design import Plan, make_plan
from simulation.experiment.executor import Executor, make_executor
from simulation.experiment.spec import Experiment, load_experiment
from simulation.experiment.store import (
    ResultStore,
    factor_type,
    runs_schema,
    timeseries_schema,
)
from simulation.runs.stopping import signals_stop

MAX_RETRIES = 2  # a run whose worker process dies is run again, at most this often
Progress = Callable[[int, int, int], None]  # (runs done, runs total, failures)


@dataclass
class SweepResult:
    """What a sweep did, for the command line to report."""

    out: Path
    total: int
    skipped: int  # already done before this call (resume)
    ran: int
    failed: int  # failures among all recorded runs
    executor: str
    elapsed_s: float


def manifest(exp: Experiment, plan: Plan, fingerprint: str, extra: dict[str, Any]) -> dict:
    """What a result folder records about how it was made."""
    from simulation.outputs import package_version

    return {
        "experiment": exp.name, "experiment_file": str(exp.path), "description": exp.description,
        "experiment_sha256": exp.file_hash, "fingerprint": fingerprint,
        "inputs": exp.inputs(),
        "version": package_version(), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                 time.gmtime()),
        "design": exp.design, **extra, "factors": plan.factors, "replicates": plan.replicates,
        "root_seed": plan.root_seed, "n_points": len(plan.points), "n_runs": plan.n_runs,
        "metrics": exp.metrics, "timeseries": exp.timeseries, "points": plan.points,
    }


def execute(plan: Plan, exp: Experiment, store: ResultStore, executor: Executor,
            done: set[int], on_progress: Progress | None = None) -> tuple[int, int]:
    """Run every run of ``plan`` not in ``done``; return (runs executed, failures)."""
    todo = plan.runs(skip=done)
    in_flight: dict[Any, Any] = {}
    lost: dict[int, int] = {}  # run id -> times a dead worker process took it down
    ran = failed = 0
    finished = len(done)
    total = plan.n_runs

    def task(run: Any) -> dict[str, Any]:
        point = plan.points[run.point_id]
        return {"run_id": run.run_id, "point_id": run.point_id, "replicate": run.replicate,
                "seed": run.seed, "scenario": exp.point_scenario(point),
                "metrics": exp.metrics, "timeseries": exp.timeseries}

    def fill() -> None:
        while len(in_flight) < executor.slots:
            run = next(todo, None)
            if run is None:
                return
            in_flight[executor.submit(task(run))] = run

    try:
        fill()
        while in_flight:
            finished_now, _ = executor.wait_any(set(in_flight))
            for fut in finished_now:
                run = in_flight.pop(fut)
                try:
                    row, series = fut.result()
                except Exception as exc:  # noqa: BLE001 - the executor lost this run
                    lost[run.run_id] = lost.get(run.run_id, 0) + 1
                    if executor.retryable(exc) and lost[run.run_id] <= MAX_RETRIES:
                        in_flight[executor.submit(task(run))] = run
                        continue
                    row = {"run_id": run.run_id, "point_id": run.point_id,
                           "replicate": run.replicate, "seed": run.seed, "status": "error",
                           "error": f"{type(exc).__name__}: {exc}", "elapsed_s": None}
                    series = None
                row.update(plan.points[run.point_id])
                failed += row["status"] != "ok"
                store.add(row, series)
                ran += 1
                finished += 1
                if on_progress is not None:
                    on_progress(finished, total, failed)
            fill()
    finally:
        store.flush()  # whatever finished is kept, also on Ctrl-C
    return ran, failed


def open_store(exp: Experiment, plan: Plan, out: Path, resume: bool, fingerprint: str,
               flush_every: int = 50) -> tuple[ResultStore, set[int]]:
    """Reopen the store for ``--resume`` (run ids done), or check a new one is possible."""
    factor_types = {k: factor_type([p[k] for p in plan.points]) for k in plan.factors}
    store = ResultStore(out, runs_schema(factor_types, exp.metrics),
                        timeseries_schema(exp.timeseries), flush_every=flush_every)
    if resume:
        return store, store.resume(fingerprint, str(exp.path), exp.inputs())
    store.check_new()
    return store, set()


def estimate(exp: Experiment, plan: Plan, runs: int, workers: int | None,
             remote: bool) -> None:
    """Refuse a sweep whose runs cannot fit in memory here; announce a long one.

    The largest design point decides the memory of a run (its headcount, or
    its org chart's rows); every worker process holds one run at a time. On
    a remote Dask cluster only the time is estimated (its memory is not this
    machine's).
    """
    from simulation.runs.limits import people, run_estimate

    pop = exp.base["population"]
    counts = ([int(p["population.headcount"]) for p in plan.points]
              if "population.headcount" in plan.factors else [pop["headcount"]])
    charts = ({p["population.org_chart"] for p in plan.points}
              if "population.org_chart" in plan.factors else {pop.get("org_chart")})
    most = max(people(chart, max(counts)) for chart in charts)
    weeks = (max(int(p["weeks"]) for p in plan.points) if "weeks" in plan.factors
             else int(exp.base["weeks"]))
    n = workers if workers is not None else (os.cpu_count() or 1)
    est = run_estimate(most, weeks, agents=False, runs=runs, workers=max(n, 1),
                       what=f"this sweep ({runs:,} runs, up to {most:,} people x {weeks:,} "
                            f"weeks, {max(n, 1)} workers)")
    if not remote:
        est.check("use fewer --workers, a smaller headcount, or a machine with more memory")
    est.announce()


def run_plan(exp: Experiment, plan: Plan, out: Path, *, workers: int | None = None,
             scheduler: str | None = None, dask: bool = False, resume: bool = False,
             extra: dict[str, Any] | None = None, flush_every: int = 50,
             on_progress: Progress | None = None,
             on_start: Callable[[Executor, int, int], None] | None = None) -> SweepResult:
    """Run a plan into ``out`` (the engine of ``sweep`` and ``sensitivity``)."""
    from simulation.extras import need

    need("a sweep (Parquet results)", "pyarrow")
    if dask or scheduler is not None:
        need("--dask and --scheduler", "distributed")
    from simulation.experiment.store import read_runs

    started = time.perf_counter()
    fingerprint = exp.fingerprint(extra)
    store, done = open_store(exp, plan, Path(out), resume, fingerprint, flush_every)
    skipped = len(done)
    if skipped < plan.n_runs:
        estimate(exp, plan, plan.n_runs - skipped, workers, remote=scheduler is not None)
    ran = 0
    label = "nothing to run"
    with signals_stop():  # SIGTERM unwinds like Ctrl-C: workers stopped, runs kept
        try:
            if skipped < plan.n_runs:  # always true for a new sweep
                executor = make_executor(workers, scheduler, dask)
                label = executor.label
                aborted = True  # until the runs are done: Ctrl-C, SIGTERM or an error
                try:
                    if not resume:  # connected first: an unreachable cluster leaves no folder
                        store.create(manifest(exp, plan, fingerprint, extra or {}))
                    if on_start is not None:
                        on_start(executor, skipped, plan.n_runs)
                    ran, _ = execute(plan, exp, store, executor, done, on_progress)
                    aborted = False
                finally:
                    executor.close(abort=aborted)
        finally:
            store.close()
    status = read_runs(Path(out), columns=["status"])["status"]
    return SweepResult(Path(out), plan.n_runs, skipped, ran, int((status != "ok").sum()), label,
                       round(time.perf_counter() - started, 2))


def sweep(path: str | Path, out: str | Path | None = None, *, workers: int | None = None,
          scheduler: str | None = None, dask: bool = False, resume: bool = False,
          flush_every: int = 50, on_progress: Progress | None = None,
          on_start: Callable[[Executor, int, int], None] | None = None,
          plots: bool = True) -> SweepResult:
    """Run an experiment file; write the Parquet dataset, summary.csv and plots.

    Args:
        path: the experiment TOML file.
        out: result folder (default ``results/<experiment name>``).
        workers: processes (local) or workers (local Dask cluster); default: CPUs.
        scheduler: ``tcp://host:port`` of a Dask scheduler to run on.
        dask: use a local Dask cluster instead of a process pool.
        resume: finish an interrupted sweep in ``out``.
        flush_every: runs per Parquet part.
        on_progress: called as ``(done, total, failures)`` after each run.
        on_start: called with the executor before the first run is submitted.
        plots: draw the plots (summary.csv is always written).
    """
    from simulation.experiment import summary
    from simulation.runs.single import default_out

    exp = load_experiment(path)
    plan = make_plan(exp)
    out = Path(out) if out is not None else default_out(exp.name)
    result = run_plan(exp, plan, out, workers=workers, scheduler=scheduler, dask=dask,
                      resume=resume, flush_every=flush_every, on_progress=on_progress,
                      on_start=on_start)
    table = summary.write_summary(out, plan, exp.metrics)
    summary.write_long_timeseries(out)
    if plots:
        from simulation.experiment.plots import sweep_plots

        sweep_plots(out, plan, exp, table)
    return result
