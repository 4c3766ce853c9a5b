"""``adoptsim sweep`` and ``adoptsim sensitivity``: thin commands over the library.

Heavy modules (pandas, Dask, SALib) are imported inside the functions so
that ``--help`` and input errors answer at once. A progress bar (runs done,
failures, ETA) goes to stderr when it is a terminal; otherwise a line every
few seconds. Ctrl-C keeps every finished run and says how to resume.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

err = Console(stderr=True, highlight=False, emoji=False)

Workers = Annotated[int | None, typer.Option(
    "--workers", min=0, max=1024, show_default=False,
    help="Worker processes (default: number of CPUs; 0: run in this process); "
         "with --dask, local Dask workers.")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS", show_default=False,
    help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.")]
Dask = Annotated[bool, typer.Option(
    "--dask", help="Run on a local Dask cluster (LocalCluster) instead of a process pool.")]
Resume = Annotated[bool, typer.Option(
    "--resume", help="Finish an interrupted run in --out: only missing runs are executed.")]
FlushEvery = Annotated[int, typer.Option(
    "--flush-every", min=1, max=100_000,
    help="Runs per Parquet part (a kill loses at most one part).")]


class Bar:
    """Runs done, failures and ETA; a bar on a terminal, else a line every 10 s."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.progress: Progress | None = None
        self.task: Any = None
        self.last = 0.0
        self.first: tuple[float, int] | None = None  # (time, runs done) at the first report

    def start(self, executor: Any, done: int, total: int) -> None:
        """Called once the executor is up."""
        err.print(f"{self.what}: {total - done} of {total} runs on {executor.label}")
        if err.is_terminal:
            self.progress = Progress(
                TextColumn("runs"), BarColumn(), MofNCompleteColumn(),
                TextColumn("failures: {task.fields[failed]}"), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=True)
            self.progress.start()
            self.task = self.progress.add_task("runs", total=total, completed=done, failed=0)

    def __call__(self, done: int, total: int, failed: int) -> None:
        """Called after every finished run."""
        if self.progress is not None:
            self.progress.update(self.task, completed=done, failed=failed)
        elif time.monotonic() - self.last > 10 or done == total:
            now = time.monotonic()
            self.first = self.first or (now, done)
            self.last = now
            rate = (done - self.first[1]) / max(now - self.first[0], 1e-9)
            eta = f", ETA {(total - done) / rate:.0f} s" if rate > 0 and done < total else ""
            err.print(f"  {done}/{total} runs, {failed} failed{eta}")

    def stop(self) -> None:
        """Remove the bar."""
        if self.progress is not None:
            self.progress.stop()


def _report(result: Any, extra: str = "") -> None:
    ran = f"{result.ran} runs in {result.elapsed_s} s"
    if result.skipped:
        ran += f" ({result.skipped} already done)"
    err.print(f"{ran}; {result.failed} failed. Results in {escape(str(result.out))}{extra}")
    if result.failed:
        err.print(f"warning: {result.failed} run(s) failed; their errors are in the 'error' "
                  f"column of {result.out}/runs")


def _interrupted(out: Path | None, exc: KeyboardInterrupt) -> typer.Exit:
    """Ctrl-C exits 130, SIGTERM (``executor.Terminated``) 143, as a shell reports them."""
    from simulation.runs.stopping import tell

    where = f" --out {out}" if out is not None else ""
    tell(f"interrupted: finished runs are saved; continue with the same command and"
         f"{where} --resume")
    return typer.Exit(128 + int(getattr(exc, "signum", 2)))


def sweep(
    experiment: Annotated[Path, typer.Argument(help="Experiment TOML file.",
                                               metavar="EXPERIMENT", show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Result folder (default: results/<experiment name>).",
        show_default=False)] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    dask: Dask = False,
    resume: Resume = False,
    flush_every: FlushEvery = 50,
) -> None:
    """Run a batch experiment: Parquet runs + time series, summary.csv, plots."""
    from simulation.experiment.sweep import sweep as run_sweep

    bar = Bar("sweep")
    try:
        result = run_sweep(experiment, out, workers=workers, scheduler=scheduler, dask=dask,
                           resume=resume, flush_every=flush_every, on_progress=bar,
                           on_start=bar.start)
    except KeyboardInterrupt as exc:
        bar.stop()
        raise _interrupted(out, exc) from None
    finally:
        bar.stop()
    _report(result, "; summary.csv and plots/ beside it")


def sensitivity(
    experiment: Annotated[Path, typer.Argument(help="Experiment TOML file with ranges.",
                                               metavar="EXPERIMENT", show_default=False)],
    method: Annotated[str, typer.Option(
        "--method", help="sobol (Saltelli sampling: S1, ST) or morris (mu*, sigma).")] = "sobol",
    samples: Annotated[int | None, typer.Option(
        "--samples", min=1, max=10_000_000, show_default=False,
        help="Base samples N (Sobol: N*(d+2) points, a power of 2; Morris: N trajectories). "
             "Default: 64 (Sobol), 20 (Morris).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Result folder (default: results/<experiment name>-<method>).",
        show_default=False)] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    dask: Dask = False,
    resume: Resume = False,
    flush_every: FlushEvery = 50,
) -> None:
    """Sobol or Morris sensitivity indices (SALib) through the sweep machinery."""
    from simulation.experiment.sensitivity import run_sensitivity

    bar = Bar(f"sensitivity ({method})")
    try:
        result, csv = run_sensitivity(
            experiment, method, samples, out, workers=workers, scheduler=scheduler, dask=dask,
            resume=resume, flush_every=flush_every, on_progress=bar, on_start=bar.start)
    except KeyboardInterrupt as exc:
        bar.stop()
        raise _interrupted(out, exc) from None
    finally:
        bar.stop()
    _report(result, f"; indices in {csv}")


def discover(
    sweep_dir: Annotated[Path, typer.Argument(
        help="Result folder of 'adoptsim sweep'.", metavar="SWEEP_DIR", show_default=False)],
    metric: Annotated[str, typer.Option(
        "--metric", metavar="M", show_default=False,
        help="The outcome, a metric of the sweep, e.g. sustained_active.")],
    above: Annotated[float | None, typer.Option(
        "--above", metavar="T", show_default=False,
        help="A run succeeds when M is above T (e.g. 0.1 for 10 %).")] = None,
    below: Annotated[float | None, typer.Option(
        "--below", metavar="T", show_default=False,
        help="A run succeeds when M is below T.")] = None,
    density: Annotated[float, typer.Option(
        "--density", min=0.01, max=1.0,
        help="Report the box of highest coverage whose density reaches this share.")] = 0.8,
    boxes: Annotated[int, typer.Option(
        "--boxes", min=1, max=10, help="How many boxes to look for.")] = 1,
    significance: Annotated[float, typer.Option(
        "--significance", min=0.0, max=1.0,
        help="Drop a limit whose quasi-p value is above this (1 keeps all).")] = 0.05,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Result folder (default: SWEEP_DIR-discover-M beside the sweep).",
        show_default=False)] = None,
) -> None:
    """Scenario discovery (PRIM): which lever ranges make --above/--below T likely."""
    from rich.table import Table

    from simulation.experiment.discover_run import run_discover
    from simulation.experiment.plots import label

    if (above is None) == (below is None):
        from simulation.errors import InputError

        raise InputError("discover: give exactly one of --above T or --below T")
    result, where = run_discover(sweep_dir, metric, above=above, below=below, out=out,
                                 density=density, boxes=boxes, significance=significance)
    con = Console(highlight=False, emoji=False)
    table = Table(title=f"{escape(result.outcome())}: {result.cases} of {result.runs} runs "
                        f"({result.base_rate:.0%})")
    for col in ("box", "lever", "range in the box", "coverage", "density", "runs in box"):
        # coverage: share of the successful runs in the box; density: share of the box's
        # runs that succeed
        table.add_column(col, justify="left" if col in ("lever", "range in the box")
                         else "right")
    for box in result.boxes:
        first = True
        for lim in box.limits or []:
            table.add_row(str(box.number) if first else "", escape(label(lim.factor)),
                          escape(lim.text()), f"{box.coverage:.0%}" if first else "",
                          f"{box.density:.0%}" if first else "", str(box.runs) if first else "")
            first = False
    con.print(table)
    con.print(f"results in [bold]{escape(str(where))}[/]", soft_wrap=True)
