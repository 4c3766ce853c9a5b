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
    out_dir: Annotated[Path, typer.Option("--out", help="Result folder.")] = Path(
        "results/change"),
) -> None:
    """Flattening, network before/after and maturity radar for several scenarios."""
    import json

    import pandas as pd
    from rich.markup import escape

    from simulation.cli import out, parse_sets
    from simulation.errors import InputError
    from simulation.outputs import check_out, staged
    from simulation.run import default_out
    from simulation.scenario import load_scenario

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
    from simulation.limits import headcount, run_estimate

    run_estimate(max(headcount(sc) for _, sc in loaded), max(sc.weeks for _, sc in loaded),
                 agents=False, runs=len(loaded) * seeds,
                 what=f"{len(loaded) * seeds} runs").check(
        "lower population.headcount, or use a machine with more memory").announce()

    from simulation.model import CommunityModel
    from simulation.plots_change import plot_flattening, plot_maturity_radar, plot_network_change

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
                        f"Hierarchy flattening ({seeds} seed{'s' * (seeds > 1)})")
        plot_maturity_radar(runs, tmp / "maturity_radar.png",
                            f"Maturity: the four conditions (mean of {seeds} seeds)",
                            weeks=tuple(min(w, horizon) for w in shown))
        for name, model in models.items():
            slug = default_out(name).name
            plot_network_change(model, tmp / f"network_{slug}.png", f"{name}, seed 1")
        tidy = pd.concat([df.assign(scenario=name, seed=i + 1)
                          for name, reps in runs.items() for i, df in enumerate(reps)])
        tidy.to_csv(tmp / "timeseries.csv", index=False)
        from simulation.exports import write_long

        write_long(tidy, tmp, "timeseries_long", ids=("scenario", "seed"))
        summary = {"scenarios": list(runs), "seeds": seeds,
                   "files": [str(p) for p, _ in loaded]}
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    out.print(f"figures and timeseries.csv in [bold]{escape(str(out_dir))}[/]", soft_wrap=True)
