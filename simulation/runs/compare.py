"""Compare scenarios over replicates with common random numbers: ``adoptsim compare``.

The consultant's question — "what if this client hires a full-time community
manager instead of a side job?" — is a difference between scenarios, and a
difference is only worth showing with its uncertainty. So every scenario is
run ``replicates`` times and summarised with a 95 % confidence interval of
the mean (t-distribution), and the runs are paired:

**Common random numbers.** Replicate *i* uses the same seed in every
scenario. The seeds are derived from the root ``--seed`` with
``numpy.random.SeedSequence(seed).spawn(replicates)``, each child's
``generate_state(1)`` giving one 32-bit seed. Inside a run the model splits
its seed into one stream per purpose (organisation, people, weekly draws,
each lever), so two scenarios that differ only in a lever share the same
organisation, the same people and the same weekly draws: the difference
between them is the lever's effect, not noise.

Replicates run in parallel over local processes
(:class:`concurrent.futures.ProcessPoolExecutor`, ``spawn`` context; the
worker is :func:`run_replicate`, importable by the children). Results are put
together in (scenario, replicate) order, so they are identical whatever the
number of workers. ``workers=1`` runs in-process.

Outputs (written into a temporary sibling folder, renamed into place):
    comparison.csv: per scenario and metric, the value at the horizon (mean,
        sd, 95 % CI), the peak and the week of the peak (mean and 95 % CI),
        and ``weeks_to_50pct_adopted_ever`` (over the replicates reaching it).
    differences.csv: each scenario minus the first one, paired by replicate
        (common random numbers), at the horizon: mean and 95 % CI.
    runs.parquet, runs.csv: every replicate's weekly time series (scenario,
        name, replicate, seed, week, every metric).
    *.png: see :mod:`simulation.figures.compare`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import as_completed
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.errors import InputError
from simulation.measures.catalogue import DERIVED
from simulation.measures.summary import mean_interval as mean_ci
from simulation.measures.summary import metric_columns
from simulation.outputs import check_out, staged
from simulation.runs.pool import replicate_seeds, spawn_pool
from simulation.runs.single import check_seed
from simulation.scenario.files import load_scenario
from simulation.scenario.schema import Scenario

OUTPUT_FILES = ("comparison.csv", "differences.csv", "runs.parquet", "runs.csv", "runs_long.csv",
                "runs_long.parquet", "results.xlsx", "report.html", "report.md")


def run_replicate(task: tuple[int, int, int, Scenario]) -> tuple[int, int, pd.DataFrame]:
    """Run one (scenario, replicate) without Mesa agents; return its time series.

    Top-level and importable, so that ``spawn`` worker processes can run it.
    """
    index, replicate, seed, sc = task
    from simulation.engine.model import CommunityModel

    df = CommunityModel(sc, seed=seed, agents=False).run()
    return index, replicate, df


def scenario_labels(scenarios: Sequence[Scenario], paths: Sequence[Path]) -> list[str]:
    """Legend names: each file's ``name`` (or its stem), made unique."""
    labels = [sc.name or Path(p).stem for sc, p in zip(scenarios, paths, strict=True)]
    for i, label in enumerate(labels):
        if labels.count(label) > 1:
            labels[i] = f"{label} ({Path(paths[i]).stem})"
    return labels


def tidy_runs(frames: Mapping[tuple[int, int], pd.DataFrame], scenarios: Sequence[Scenario],
              stems: Sequence[str], labels: Sequence[str], seeds: Sequence[int]) -> pd.DataFrame:
    """All runs in one long table, in (scenario, replicate, week) order, with derived metrics."""
    parts = []
    for (i, r) in sorted(frames):
        df = frames[(i, r)].copy()
        for name, cols in DERIVED.items():
            df[name] = df[list(cols)].sum(axis=1)
        df["relapses_per_head"] = df["relapses"] / scenarios[i].population.headcount
        df.insert(0, "scenario", stems[i])
        df.insert(1, "name", labels[i])
        df.insert(2, "replicate", r)
        df.insert(3, "seed", seeds[r])
        parts.append(df)
    return pd.concat(parts, ignore_index=True)


def summarise_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """comparison.csv: horizon value, peak and week of peak per scenario and metric."""
    rows: list[dict[str, Any]] = []
    metrics = metric_columns(runs)
    for (scenario, name), one in runs.groupby(["scenario", "name"], sort=False):
        by_rep = one.groupby("replicate", sort=True)
        last = by_rep.tail(1).set_index("replicate")
        for metric in metrics:
            wide = one.pivot(index="week", columns="replicate", values=metric)
            peak_at = wide.to_numpy().argmax(axis=0)
            mean, sd, lo, hi = mean_ci(last[metric].to_numpy(), metric=metric)
            pk, _, pk_lo, pk_hi = mean_ci(wide.max(axis=0).to_numpy(), metric=metric)
            wk, _, wk_lo, wk_hi = mean_ci(wide.index.to_numpy()[peak_at])
            rows.append({"scenario": scenario, "name": name, "metric": metric,
                         "n": len(last), "mean": mean, "sd": sd, "ci_low": lo, "ci_high": hi,
                         "peak": pk, "peak_ci_low": pk_lo, "peak_ci_high": pk_hi,
                         "peak_week": wk, "peak_week_ci_low": wk_lo,
                         "peak_week_ci_high": wk_hi})
        reached = []
        for _, rep in by_rep:
            hit = rep.loc[rep["adopted_ever"] >= 0.5, "week"]
            reached.append(float(hit.iloc[0]) if len(hit) else np.nan)
        mean, sd, lo, hi = mean_ci(np.array(reached))
        rows.append({"scenario": scenario, "name": name, "metric": "weeks_to_50pct_adopted_ever",
                     "n": int(np.isfinite(reached).sum()), "mean": mean, "sd": sd,
                     "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows)


def paired_differences(runs: pd.DataFrame) -> pd.DataFrame:
    """differences.csv: each scenario minus the first, paired by replicate, at the horizon.

    With common random numbers the paired difference has a much tighter CI
    than the difference of two independent means: this is the number to quote.
    """
    last = runs[runs["week"] == runs.groupby(["scenario", "replicate"])["week"]
                .transform("max")]
    order = list(dict.fromkeys(runs["scenario"]))
    if len(order) < 2:
        return pd.DataFrame(columns=["scenario", "name", "reference", "metric", "n", "mean",
                                     "sd", "ci_low", "ci_high"])
    ref = last[last["scenario"] == order[0]].set_index("replicate")
    rows = []
    for scenario in order[1:]:
        one = last[last["scenario"] == scenario].set_index("replicate")
        for metric in metric_columns(runs):
            diff = (one[metric] - ref[metric]).dropna().to_numpy(dtype=float)
            mean, sd, lo, hi = mean_ci(diff)
            rows.append({"scenario": scenario, "name": one["name"].iloc[0],
                         "reference": order[0], "metric": metric, "n": diff.size,
                         "mean": mean, "sd": sd, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows)


def _execute(tasks: list[tuple[int, int, int, Scenario]], workers: int,
             progress: bool) -> dict[tuple[int, int], pd.DataFrame]:
    """Run the tasks in-process or over a spawn process pool, with a progress bar."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    frames: dict[tuple[int, int], pd.DataFrame] = {}
    from simulation.reports.progress import EtaLines

    bar = Progress("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), "ETA", TimeRemainingColumn(),
                   disable=not progress, transient=False)
    lines = None
    if progress and not bar.console.is_terminal:  # no bar to see: plain lines with ETA
        bar.disable = True
        lines = EtaLines(len(tasks), "compare")

    def tick() -> None:
        if lines is not None:
            lines.advance()
        else:
            bar.advance(job)

    with bar:
        job = bar.add_task("runs", total=len(tasks))
        if workers <= 1:
            for task in tasks:
                i, r, df = run_replicate(task)
                frames[(i, r)] = df
                tick()
            return frames
        from simulation.runs.stopping import signals_stop, stop_pool

        with signals_stop():  # SIGTERM unwinds like Ctrl-C; no worker outlives the command
            pool = spawn_pool(workers)
            aborted = True
            try:
                for fut in as_completed([pool.submit(run_replicate, t) for t in tasks]):
                    i, r, df = fut.result()
                    frames[(i, r)] = df
                    tick()
                aborted = False
            finally:
                stop_pool(pool, abort=aborted)
    return frames


def compare(
    paths: Sequence[str | Path],
    replicates: int = 10,
    seed: int = 1,
    weeks: int | None = None,
    workers: int | None = None,
    out: str | Path = "results/compare",
    overrides: Mapping[str, Any] | None = None,
    progress: bool = True,
    plots: bool = True,
    uncertainty: Any = None,
) -> dict[str, Any]:
    """Run every scenario ``replicates`` times with common random numbers; write the results.

    Args:
        paths: Scenario files.
        replicates: Runs per scenario (>= 1; >= 2 for confidence intervals).
        seed: Root seed; replicate seeds are derived from it (see module docstring).
        weeks: Horizon for every scenario (overrides the files).
        workers: Local processes (default: the CPU count); 1 runs in-process.
        out: Result folder, replaced atomically.
        overrides: Dotted-key overrides applied to every scenario.
        progress: Show a progress bar with ETA.
        plots: Write the PNG figures.
        uncertainty: parameter draws per replicate, replicate *r* taking
            ``uncertainty.overrides(r)`` in every scenario (so differences stay
            paired); ``describe()`` goes to uncertainty.json, saying what the
            bands include. The command line passes
            :func:`simulation.calibration.uncertainty.choose`'s answer; the
            default is chance only (same parameters, no uncertainty.json).

    Returns:
        ``out``, ``labels``, the comparison table and the runs table.
    """
    from simulation.extras import need

    need("adoptsim compare", "pyarrow")  # runs.parquet
    seed = check_seed(seed)
    if not paths:
        raise InputError("compare: expected at least one scenario file")
    if replicates < 1:
        raise InputError(f"--replicates {replicates}: expected an integer >= 1")
    workers = (os.cpu_count() or 1) if workers is None else int(workers)
    if workers < 1:
        raise InputError(f"--workers {workers}: expected an integer >= 1")
    merged = dict(overrides or {})
    if weeks is not None:
        merged["weeks"] = weeks
    origins = {"weeks": "--weeks"} if weeks is not None else None
    scenarios = [load_scenario(p, merged, origins) for p in paths]
    out_dir = Path(out)
    check_out(out_dir, "compare")
    stems = [Path(p).stem for p in paths]
    labels = scenario_labels(scenarios, [Path(p) for p in paths])
    seeds = replicate_seeds(seed, replicates)
    drawn = uncertainty is not None and bool(uncertainty.draws)
    tasks = [(i, r, seeds[r],
              load_scenario(paths[i], {**merged, **uncertainty.overrides(r)}, origins)
              if drawn else sc) for i, sc in enumerate(scenarios) for r in range(replicates)]
    from simulation.runs.limits import headcount, run_estimate

    run_estimate(max(headcount(sc) for sc in scenarios), max(sc.weeks for sc in scenarios),
                 agents=False, runs=len(tasks), workers=min(workers, len(tasks)),
                 what=f"this comparison ({len(tasks):,} runs on {min(workers, len(tasks))} "
                      "process(es))").check(
        "use fewer --workers, a smaller headcount, or a machine with more memory").announce()
    frames = _execute(tasks, min(workers, len(tasks)), progress)
    runs = tidy_runs(frames, scenarios, stems, labels, seeds)
    table = summarise_runs(runs)
    with staged(out_dir, "compare") as tmp:
        table.to_csv(tmp / "comparison.csv", index=False)
        diffs = paired_differences(runs)
        diffs.to_csv(tmp / "differences.csv", index=False)
        runs.to_parquet(tmp / "runs.parquet", index=False)
        runs.to_csv(tmp / "runs.csv", index=False)
        if uncertainty is not None:
            (tmp / "uncertainty.json").write_text(
                json.dumps(uncertainty.describe(), indent=2) + "\n", encoding="utf-8")
        from simulation.exports import write_long

        write_long(runs, tmp, "runs_long", ids=("scenario", "name", "replicate", "seed"))
        if plots:
            from simulation.figures.compare import plot_all

            plot_all(runs, labels, tmp, replicates,
                     uncertainty.covers if uncertainty is not None else None)
        from simulation.reports.compare_report import write_outputs

        write_outputs(tmp, labels, [str(p) for p in paths], scenarios, table, runs, diffs,
                      replicates=replicates, seed=seed,
                      statement=uncertainty.statement if drawn else None)
    return {"out": out_dir, "labels": labels, "table": table, "runs": runs}
