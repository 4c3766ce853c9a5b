"""Organisational change of several scenarios over seeds: the work of ``adoptsim change``.

Runs each scenario for seeds 1..N and writes, atomically into one folder:
``flattening.png`` (all scenarios, mean and 10-90 % band),
``maturity_radar.png`` (one polygon per scenario at chosen weeks),
``network_<scenario>.png`` (week 0 vs the end, seed 1), ``timeseries.csv``
(tidy: one row per scenario, seed and week, every column), the same as
``results.xlsx`` with a sheet that explains every column, the same in long
form (``timeseries_long.csv`` and, with pyarrow, ``.parquet``) and
``summary.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from simulation.exports import write_long
from simulation.outputs import staged
from simulation.runs.limits import headcount, run_estimate
from simulation.runs.single import default_out
from simulation.scenario.schema import Scenario
from simulation.xlsx import catalogue, write_tables


def run_change(loaded: Sequence[tuple[Path, Scenario]], seeds: int, shown: tuple[int, ...],
               out_dir: Path) -> None:
    """Run every (file, scenario) for seeds 1..``seeds``; write the figures and tables.

    Args:
        loaded: The scenario files and their validated scenarios.
        seeds: Replicates per scenario (seeds 1..N).
        shown: Weeks drawn in the maturity radar (cut to the horizon).
        out_dir: The result folder (checked by the caller).
    """
    from simulation.engine.model import CommunityModel
    from simulation.figures.organisational_change import (
        plot_flattening,
        plot_maturity_radar,
        plot_network_change,
    )

    run_estimate(max(headcount(sc) for _, sc in loaded), max(sc.weeks for _, sc in loaded),
                 agents=False, runs=len(loaded) * seeds,
                 what=f"{len(loaded) * seeds} runs").check(
        "lower population.headcount, or use a machine with more memory").announce()

    runs: dict[str, list[pd.DataFrame]] = {}
    models = {}
    for path, sc in loaded:
        name = sc.name or path.stem
        while name in runs:  # two files with one name: keep both apart
            name += "'"
        runs[name] = []
        for seed in range(1, seeds + 1):
            model = CommunityModel(sc, seed=seed, agents=False)
            runs[name].append(model.run())
            if seed == 1:
                models[name] = model
    with staged(out_dir, "change") as tmp:
        horizon = min(len(r) for reps in runs.values() for r in reps) - 1
        plot_flattening(runs, tmp / "flattening.png",
                        f"Is the hierarchy flattening? (average of {seeds} simulated "
                        f"future{'s' * (seeds > 1)}; bands: 10-90 %)")
        plot_maturity_radar(runs, tmp / "maturity_radar.png",
                            f"Maturity: the four conditions (mean of {seeds} seeds)",
                            weeks=tuple(min(w, horizon) for w in shown))
        for name, model in models.items():
            slug = default_out(name).name
            plot_network_change(model, tmp / f"network_{slug}.png", f"{name}, seed 1")
        tidy = pd.concat([df.assign(scenario=name, seed=i + 1)
                          for name, reps in runs.items() for i, df in enumerate(reps)])
        tidy.to_csv(tmp / "timeseries.csv", index=False)
        write_tables(tmp / "results.xlsx", {"Weekly measures": tidy, "Measures": catalogue(tidy)})
        write_long(tidy, tmp, "timeseries_long", ids=("scenario", "seed"))
        summary = {"scenarios": list(runs), "seeds": seeds,
                   "files": [str(p) for p, _ in loaded]}
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
