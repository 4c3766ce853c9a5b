"""``adoptsim calibrate`` (the work: :mod:`simulation.calibration.calibrate`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from simulation.calibration.calibrate import DEFAULT_BUDGET  # light: no pyabc until it runs
from simulation.cli.options import out, out_option, seed_option


def calibrate(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file (its horizon is the "
                                             "forecast's).", metavar="SCENARIO",
                                             show_default=False)],
    data: Annotated[Path, typer.Option("--data", metavar="FILE.csv", show_default=False,
                                       help="Usage export: week (or date), measures as "
                                            "shares or counts (docs/calibration.md).")],
    fit: Annotated[list[str] | None, typer.Option(
        "--fit", metavar="KEY=LOW:HIGH", show_default=False,
        help="A parameter to fit and its uniform prior range (repeatable; default: the "
             "three the sensitivity analysis ranks highest).")] = None,
    budget: Annotated[int, typer.Option(metavar="N", min=100, max=10_000_000,
                                        help="Simulations for the fit.")] = DEFAULT_BUDGET,
    seed: Annotated[int, seed_option("Seed (0 to 2**32 - 1): same seed, same result, "
                                     "whatever --workers or --scheduler.")] = 1,
    workers: Annotated[int, typer.Option(min=1, max=1024, metavar="N",
                                         help="Local worker processes.")] = 1,
    scheduler: Annotated[str | None, typer.Option(
        metavar="ADDRESS", show_default=False,
        help="Dask scheduler (tcp://host:8786) instead of local processes.")] = None,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted calibration.")] = False,
    out_dir: Annotated[Path | None, out_option(
        "Result folder (default: results/calibrate-<scenario name>).", show_default=False)] = None,
    headcount: Annotated[int | None, typer.Option(
        metavar="N", min=1, show_default=False,
        help="The data are counts of people out of N (or give a headcount column).")] = None,
    launch_date: Annotated[str | None, typer.Option(
        metavar="YYYY-MM-DD", show_default=False,
        help="Launch date, when the data have a date column.")] = None,
    until: Annotated[int | None, typer.Option(
        metavar="WEEK", min=0, show_default=False,
        help="Fit the data up to this week only; later weeks are held out (a check).")] = None,
) -> None:
    """Calibrate a scenario to a usage export (ABC-SMC); write posterior, forecast, fit.png."""
    from simulation.calibration.calibrate import run_calibration

    console = out
    s = run_calibration(scenario, data, fit, budget=budget, seed=seed, workers=workers,
                        scheduler=scheduler, resume=resume, out=out_dir, headcount=headcount,
                        launch_date=launch_date, until=until, progress=console.is_terminal)
    table = Table(title=f"posterior ({s['simulations']:,} simulations, "
                        f"{s['generations']} generations)")
    for col in ("parameter", "median", "90 % credible interval", "prior range"):
        table.add_column(col, justify="left" if col == "parameter" else "right")
    for key, v in s["params"].items():
        table.add_row(key, f"{v['median']:.3g}", f"{v['low']:.3g} to {v['high']:.3g}",
                      f"{v['prior_low']:.3g} to {v['prior_high']:.3g}")
    console.print(table)
    fin, fn = s["fit_points_inside_band"]
    console.print(f"{fin} of {fn} observed points inside the 90 % band")
    if s["held_out_points_inside_band"]:
        hin, hn = s["held_out_points_inside_band"]
        console.print(f"{hin} of {hn} held-out points inside the 90 % band")
    console.print(f"results in [bold]{escape(s['out'])}[/] ({s['elapsed_s']} s)",
                  soft_wrap=True)
