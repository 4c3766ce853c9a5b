"""``adoptsim quickscan``: answers in, a client report out (written atomically).

The command validates everything first (answers, org chart, output folder,
numbers), then simulates, then writes report.html, report.md, the three
figures, steps.csv, forecast.csv and summary.json into a hidden temporary
folder that is renamed into place: a failed or interrupted quickscan leaves
nothing half-written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

OUTPUT_FILES = ("report.html", "report.md", "maturity.png", "forecast.png", "steps.png",
                "steps.csv", "forecast.csv", "results.xlsx", "summary.json")


def write_report(result: dict[str, Any], out: Path) -> Path:
    """Write every output file of a quickscan result into ``out``, atomically."""
    import pandas as pd

    from simulation.outputs import check_out, package_version, staged
    from simulation.quickscan import figures, report

    check_out(out, "quickscan")
    images = {"maturity.png": figures.maturity(result), "forecast.png": figures.forecast(result),
              "steps.png": figures.steps(result)}
    blocks = report.outline(result)
    footer = (f"adoptsim {package_version()} quickscan of {result['answers_file']}, "
              f"{result['replicates']} replicates, seed {result['seed']}.")
    with staged(out, "quickscan") as tmp:
        for name, data in images.items():
            (tmp / name).write_bytes(data)
        (tmp / "report.md").write_text(report.to_markdown(blocks) + f"\n---\n{footer}\n",
                                       encoding="utf-8")
        (tmp / "report.html").write_text(report.to_html(blocks, images, footer),
                                         encoding="utf-8")
        cols = ["rank", "key", "title", "in_place", "usage", "usage_gain", "usage_lo",
                "usage_hi", "impact_gain", "impact_lo", "impact_hi", "clear"]
        steps = pd.DataFrame(result["steps"])
        steps.reindex(columns=[c for c in cols if c in steps.columns]).to_csv(
            tmp / "steps.csv", index=False)
        pd.DataFrame(result["forecast"]).to_csv(tmp / "forecast.csv", index=False)
        from simulation.xlsx import write_tables

        write_tables(tmp / "results.xlsx", {"Next steps": pd.read_csv(tmp / "steps.csv"),
                                            "Forecast": pd.DataFrame(result["forecast"])})
        summary = {k: v for k, v in result.items() if k != "forecast"}
        summary["version"] = package_version()
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n",
                                          encoding="utf-8")
    return out


def default_out(client: str) -> Path:
    """``results/quickscan-<client>``, made safe as a folder name."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", client).strip("._") or "client"
    return Path("results") / f"quickscan-{slug}"


def quickscan(
    answers: Annotated[Path, typer.Argument(help="Quickscan answers (TOML).", metavar="ANSWERS",
                                            show_default=False)],
    org_chart: Annotated[Path | None, typer.Option(
        "--org-chart", metavar="CSV", show_default=False,
        help="The client's org chart (id, manager_id, department[, role, name, team]).")] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", metavar="DIR", show_default=False,
        help="Report folder (default: results/quickscan-<client>).")] = None,
    replicates: Annotated[int, typer.Option(
        metavar="R", min=1, max=1000, help="Simulated futures per arm.")] = 10,
    weeks: Annotated[int, typer.Option(metavar="N", min=13, max=5200,
                                       help="Forecast horizon in weeks.")] = 156,
    seed: Annotated[int, typer.Option(metavar="N", min=0, max=2**32 - 1,
                                      help="First seed; replicate i uses seed + i.")] = 1,
    posterior: Annotated[Path | None, typer.Option(
        metavar="DIR", show_default=False,
        help="Draw parameters from a calibration's posterior (adoptsim calibrate --out).")] = None,
    prior_uncertainty: Annotated[bool, typer.Option(
        help="Draw uncertain coefficients from documented plausible ranges.")] = False,
) -> None:
    """Score a quickscan, forecast 'no change' and rank the next steps; write report.html/.md."""
    from simulation.errors import InputError
    from simulation.quickscan.answers import load_answers
    from simulation.runs.single import MAX_SEED

    if seed + replicates - 1 > MAX_SEED:  # the last replicate's seed must fit, too
        raise InputError(f"--seed {seed}: with --replicates {replicates} the last seed would "
                         f"be {seed + replicates - 1}; expected at most {MAX_SEED} (2**32 - 1)")
    ans = load_answers(answers)  # a typo is reported before the heavy imports
    from simulation.calibration.uncertainty import choose

    unc = choose(posterior, prior_uncertainty, replicates, seed)
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress

    from simulation.outputs import check_out
    from simulation.quickscan.forecast import quickscan as run_quickscan
    from simulation.quickscan.forecast import setting
    from simulation.quickscan.steps import STEPS

    where = setting(ans, org_chart)  # validates the chart and hosting department first
    from simulation.reports.naming import fresh_out

    out = (out_dir if out_dir is not None
           else fresh_out(default_out(ans.client.get("name", answers.stem))))
    check_out(out, "quickscan")
    console = Console(emoji=False)
    total = replicates * (1 + len(STEPS))
    from simulation.runs.limits import run_estimate

    run_estimate(int(where["headcount"]), weeks, agents=False, runs=total,
                 what=f"this quickscan ({total} runs of {where['headcount']:,} people x "
                      f"{weeks} weeks)").check(
        "use fewer --replicates or --weeks, or a machine with more memory").announce()
    from rich.progress import TimeRemainingColumn

    from simulation.reports.progress import EtaLines

    lines = None if console.is_terminal else EtaLines(total, "quickscan")  # no bar to see
    with Progress("simulating", BarColumn(), MofNCompleteColumn(), "ETA", TimeRemainingColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("runs", total=total)
        result = run_quickscan(ans, org_chart, replicates=replicates, weeks=weeks, seed=seed,
                               on_run=lambda: lines.advance() if lines else bar.advance(task),
                               uncertainty=unc)
    write_report(result, out)
    mat = result["maturity"]
    console.print("maturity now: " + ", ".join(f"{k} {v:.0f}" for k, v in mat.items()))
    u = result["now"]["usage"][0]
    console.print(f"if nothing changes: {100 * u:.0f} % contributing or embedded after "
                  f"{weeks} weeks")
    for s in [s for s in result["steps"] if not s["in_place"]][:3]:
        console.print(f"  {s['rank']}. {s['title']}: {100 * s['usage_gain']:+.1f} pp "
                      f"({100 * s['usage_lo']:+.1f} to {100 * s['usage_hi']:+.1f})")
    console.print(unc.statement, soft_wrap=True, markup=False)
    if not result["impact_available"]:
        console.print("(no impact column in this model version: ranked by usage gain only)")
    console.print(f"report in [bold]{escape(str(out / 'report.html'))}[/] and "
                  f"{escape(str(out / 'report.md'))}", soft_wrap=True)
