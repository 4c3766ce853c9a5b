"""``adoptsim change``: organisational-change figures for one or more scenarios.

Runs each scenario for seeds 1..N and writes, atomically into one folder:
``flattening.png`` (all scenarios, mean and 10-90 % band),
``maturity_radar.png`` (one polygon per scenario at chosen weeks),
``network_<scenario>.png`` (week 0 vs the end, seed 1), ``timeseries.csv``
(tidy: one row per scenario, seed and week, every column) and
``summary.json``. Heavy imports happen inside the function, so ``--help`` and
input errors stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def change(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML files.",
                                                    metavar="SCENARIO...",
                                                    show_default=False)],
    seeds: Annotated[int, typer.Option(min=1, max=100,
                                       help="Replicates per scenario (seeds 1..N).")] = 3,
    weeks: Annotated[int | None, typer.Option(help="Horizon in weeks (overrides the files).",
                                              show_default=False)] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", show_default=False,
        help="Override a parameter in every scenario (repeatable).")] = None,
    radar_weeks: Annotated[str, typer.Option(
        help="Weeks shown in the maturity radar, comma-separated.")] = "13,52,156",
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="Result folder (default: results/change, or -2, -3... if taken).",
        show_default=False)] = None,
) -> None:
    """Flattening, network before/after and maturity radar for several scenarios."""
    from rich.markup import escape

    from simulation.cli.options import out, parse_sets
    from simulation.errors import InputError
    from simulation.outputs import check_out
    from simulation.reports.naming import fresh_out
    from simulation.scenario.files import load_scenario

    out_dir = out_dir if out_dir is not None else fresh_out(Path("results/change"))
    overrides = parse_sets(set_)
    if weeks is not None:
        overrides["weeks"] = str(weeks)
    try:
        shown = tuple(int(w) for w in radar_weeks.split(",") if w.strip())
    except ValueError:
        raise InputError(f"--radar-weeks {radar_weeks!r}: expected weeks like 13,52,156") from None
    if not shown or min(shown) < 0:
        raise InputError(f"--radar-weeks {radar_weeks!r}: expected weeks like 13,52,156")
    origins = {"weeks": "--weeks"} if weeks is not None else None
    loaded = [(path, load_scenario(path, overrides, origins)) for path in scenarios]  # fail fast
    check_out(out_dir, "change")
    from simulation.runs.organisational_change import run_change

    run_change(loaded, seeds, shown, out_dir)
    out.print(f"figures and timeseries.csv in [bold]{escape(str(out_dir))}[/]", soft_wrap=True)
