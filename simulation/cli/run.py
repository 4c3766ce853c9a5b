"""``adoptsim run``: one scenario, one seed, one folder (work: :mod:`simulation.runs.single`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from simulation.cli.options import (
    WeekProgress,
    out,
    out_option,
    parse_sets,
    posterior_option,
    prior_uncertainty_option,
    seed_option,
    set_option,
    weeks_option,
)


def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.", metavar="SCENARIO",
                                             show_default=False)],
    seed: Annotated[int, seed_option()] = 1,
    weeks: Annotated[int | None, weeks_option()] = None,
    set_: Annotated[list[str] | None, set_option()] = None,
    out_dir: Annotated[Path | None, out_option(
        "Result folder (default: results/<scenario name>).", show_default=False)] = None,
    posterior: Annotated[Path | None, posterior_option(
        "Draw the run's parameters from a calibration's posterior (the --out folder of "
        "adoptsim calibrate).")] = None,
    prior_uncertainty: Annotated[bool, prior_uncertainty_option(
        "Draw the run's uncertain coefficients from documented plausible ranges "
        "(docs/calibration.md).")] = False,
) -> None:
    """Run one scenario; write timeseries.csv, summary.json, adoption.png and network.png."""
    from simulation.calibration.uncertainty import choose
    from simulation.runs.single import run_scenario

    unc = choose(posterior, prior_uncertainty, 1, seed)  # parameter uncertainty: one draw
    overrides: dict[str, Any] = {**parse_sets(set_), **unc.overrides(0)}
    bar = WeekProgress(out)
    try:
        summary = run_scenario(scenario, seed, weeks, overrides, out_dir, on_week=bar)
    finally:
        bar.close()
    show_summary(summary)
    if unc.draws:
        out.print(f"parameters drawn ({unc.kind}): " + ", ".join(
            f"{k} = {v:.3g}" for k, v in unc.overrides(0).items()), soft_wrap=True)


def show_summary(s: dict[str, Any]) -> None:
    """Print the few numbers a client asks about first."""
    final = s["final"]
    half = s["weeks_to_half_adopted"]
    name = s.get("run_name", s["scenario"])  # says what --set changed
    table = Table(title=f"{escape(name)} — seed {s['seed']}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [("headcount", f"{s['headcount']:,}"), ("weeks", str(s["weeks"]))]
    for name, words in (("monthly_active", "used it in the last 4 weeks"),
                        ("monthly_posters", "posted in the last 4 weeks")):
        if name in s:
            rows.append((f"{words} (share of staff)",
                         f"{s[name]:.1%}; last 13 weeks {s['sustained_' + name]:.1%}, "
                         f"{s[name + '_trend']}"))
    rows += [
        ("peak contributing + embedded", f"{s['peak_active']:.1%} (week {s['peak_active_week']})"),
        ("sustained (last 13 weeks)", f"{s['sustained_active']:.1%}"),
        ("ever adopted", f"{final.get('adopted_ever', float('nan')):.1%}"),
        ("weeks to 50 % ever adopted", "not reached" if half is None else str(half)),
        ("relapses", f"{final.get('relapses', 0):,.0f}"),
    ]
    if "impact_per_100_month" in final:
        rows.append(("useful cross-department exchanges",
                     f"{final['impact_per_100_month']:.1f} per 100 employees a month"))
    for key, value in rows:
        table.add_row(key, value)
    out.print(table)
    out.print(f"results in [bold]{escape(s['out'])}[/] ({s['elapsed_s']} s)", soft_wrap=True)
