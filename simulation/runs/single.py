"""One scenario, one seed, one output folder: the engine behind ``adoptsim run``.

Kept apart from the CLI so that experiments, the dashboard and tests can run a
scenario exactly as a user does. Outputs are written atomically: everything
goes into a hidden sibling folder that is renamed into place at the end, so a
failed or interrupted run never leaves a half-written result behind.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from simulation import exports
from simulation.errors import InputError
from simulation.measures.summary import _plain, run_summary
from simulation.outputs import check_out, package_version, staged
from simulation.runs.limits import check_run
from simulation.scenario.files import load_scenario, parse_value
from simulation.xlsx import catalogue, write_tables

STAGE_COLUMNS = ("unaware", "aware", "lurking", "contributing", "embedded", "lapsed")
summarise = run_summary  # the name the run command and its tests know
OUTPUT_FILES = ("timeseries.csv", "timeseries_long.csv", "timeseries_long.parquet",
                "results.xlsx", "summary.json", "adoption.png", "network.png", "network.graphml")


MAX_SEED = 2**32 - 1  # the model's random streams take 32 bits of the seed


def check_seed(seed: Any, option: str = "--seed") -> int:
    """Accept only integers from 0 to :data:`MAX_SEED`: a seed must name one exact run.

    Larger seeds are refused rather than cut: the streams use 32 bits, so
    ``7`` and ``2**32 + 7`` would give the same run under different names.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"{option} {seed!r}: expected a non-negative integer, e.g. {option} 7")
    if seed > MAX_SEED:
        raise InputError(f"{option} {seed}: expected at most {MAX_SEED} (2**32 - 1); "
                         "a larger seed would repeat a smaller one")
    return int(seed)


def default_out(name: str) -> Path:
    """``results/<scenario name>``, with the name made safe as a folder name."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "scenario"
    return Path("results") / slug


def simulate(model: Any, weeks: int, on_week: Callable[[int, int], None] | None = None) -> None:
    """Step ``model`` week by week up to ``weeks``, reporting progress after each week."""
    for _ in range(max(weeks - int(model.week), 0)):
        model.step()
        if on_week is not None:
            on_week(int(model.week), weeks)


def run_scenario(
    path: str | Path,
    seed: int = 1,
    weeks: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    out: str | Path | None = None,
    on_week: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run one scenario and write its four result files atomically.

    All input is validated before anything is simulated or written, so a bad
    scenario, override, seed or output folder fails fast with an
    :class:`~simulation.errors.InputError` and leaves the disk untouched.

    Args:
        path: The scenario TOML file.
        seed: Seed for every random draw of the run (non-negative integer).
        weeks: Horizon; overrides the scenario's ``weeks`` when given.
        overrides: Dotted-key overrides, e.g. ``{"population.headcount": 200}``.
        out: Result folder; defaults to ``results/<scenario name>``.
        on_week: Called as ``on_week(week, weeks)`` after each simulated week.

    Returns:
        The summary written to ``summary.json``, plus ``out`` (the folder).

    """
    seed = check_seed(seed)
    merged = dict(overrides or {})
    if weeks is not None:
        merged["weeks"] = weeks
    sc = load_scenario(path, merged, origins={"weeks": "--weeks"} if weeks is not None else None)
    from simulation.reports.naming import described, fresh_out

    shown = described(sc.name, merged)  # a --set run says what changed
    out_dir = Path(out) if out is not None else fresh_out(default_out(shown))
    check_out(out_dir, "run")
    check_run(sc, "this run")  # refuse what cannot fit in memory; say when it is long
    from simulation.engine.model import CommunityModel
    from simulation.figures import run as plots  # heavy imports only once the input is known good

    started = time.perf_counter()
    model = CommunityModel(sc, seed=seed)
    simulate(model, sc.weeks, on_week)
    df = model.timeseries()
    if "week" not in df.columns:
        df = df.reset_index(names="week")
    summary: dict[str, Any] = {
        "scenario": sc.name,
        "scenario_file": str(path),
        "seed": seed,
        "headcount": int(model.org.size),  # an org chart decides it, not the scenario
        "weeks": int(sc.weeks),
        "run_name": shown,
        "overrides": {k: _plain(parse_value(v) if isinstance(v, str) else v)
                      for k, v in merged.items()},
        **summarise(df),
        "version": package_version(),
    }
    title = f"{shown} (seed {seed}, {model.org.size:,} people)"

    with staged(out_dir, "run") as tmp:
        df.to_csv(tmp / "timeseries.csv", index=False)
        write_tables(tmp / "results.xlsx", {"Weekly measures": df, "Measures": catalogue(df)})
        exports.write_long(df, tmp, "timeseries_long")  # .parquet only with pyarrow
        if model.org.size <= exports.GRAPHML_MAX_PEOPLE:
            exports.write_graphml(model, tmp / "network.graphml")
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        plots.plot_adoption(df, tmp / "adoption.png", title)
        plots.plot_network(model, tmp / "network.png", title)
    summary["out"] = str(out_dir)
    summary["elapsed_s"] = round(time.perf_counter() - started, 2)
    return summary
