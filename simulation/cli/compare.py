"""``adoptsim compare``: scenarios over replicates (the work: :mod:`simulation.runs.compare`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from simulation.cli.options import (
    out,
    out_option,
    parse_sets,
    posterior_option,
    prior_uncertainty_option,
    seed_option,
    set_option,
    weeks_option,
)


def compare_cmd(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML files.",
                                                    metavar="SCENARIO", show_default=False)],
    replicates: Annotated[int, typer.Option(min=1, max=100_000, metavar="R",
                                            help="Runs per scenario.")] = 10,
    seed: Annotated[int, seed_option("Root seed; replicate i gets the same seed in "
                                     "every scenario (common random numbers).")] = 1,
    weeks: Annotated[int | None, weeks_option("Horizon in weeks (overrides the files).")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=1024, metavar="N",
        help="Local worker processes (default: CPU count; 1 = in-process).",
        show_default=False)] = None,
    out_dir: Annotated[Path | None, out_option(
        "Result folder (default: results/compare, or -2, -3... if taken).",
        show_default=False)] = None,
    set_: Annotated[list[str] | None, set_option(
        "Override a parameter in every scenario (repeatable).")] = None,
    posterior: Annotated[Path | None, posterior_option()] = None,
    prior_uncertainty: Annotated[bool, prior_uncertainty_option()] = False,
) -> None:
    """Compare scenarios over replicates: comparison.csv, runs (Parquet, CSV), band plots."""
    from simulation.calibration.uncertainty import choose
    from simulation.reports.naming import fresh_out
    from simulation.runs.compare import compare

    unc = choose(posterior, prior_uncertainty, replicates, seed)
    out_dir = out_dir if out_dir is not None else fresh_out(Path("results/compare"))
    result = compare(scenarios, replicates=replicates, seed=seed, weeks=weeks, workers=workers,
                     out=out_dir, overrides=parse_sets(set_), progress=True, uncertainty=unc)
    table = result["table"]
    shown = table[table["metric"] == "contributing_embedded"]
    view = Table(title=f"contributing + embedded at the horizon ({replicates} replicates)")
    for col in ("scenario", "mean", "95 % CI", "peak", "peak week"):
        view.add_column(col, justify="left" if col == "scenario" else "right")
    for row in shown.itertuples():
        ci = "-" if row.ci_low != row.ci_low else f"{row.ci_low:.1%} - {row.ci_high:.1%}"
        view.add_row(escape(row.name), f"{row.mean:.1%}", ci, f"{row.peak:.1%}",
                     f"{row.peak_week:.0f}")
    out.print(view)
    out.print(unc.statement, soft_wrap=True, markup=False)
    out.print(f"results in [bold]{escape(str(result['out']))}[/]", soft_wrap=True)
