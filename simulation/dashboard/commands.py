"""The teaching commands of the CLI: ``adoptsim dashboard`` and ``adoptsim animate``.

Thin wrappers: the work is in :mod:`simulation.dashboard.server` and
:mod:`simulation.figures.animate`; heavy imports happen inside the functions so
``adoptsim --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _seed(text: str) -> int:
    from simulation.cli.options import parse_seed

    return parse_seed(text)


def dashboard(
    scenario: Annotated[Path | None, typer.Argument(
        help="Scenario TOML file to open first (default: scenarios/baseline.toml).",
        metavar="[SCENARIO]", show_default=False)] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8765,
    seed: Annotated[int, typer.Option(parser=lambda t: _seed(t), metavar="N",
                                      help="Embedding guide (changeable in the page).")] = 1,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", show_default=False,
        help="Override a parameter for every scenario in the page, e.g. "
             "--set population.headcount=500 (repeatable).")] = None,
) -> None:
    """Open the teaching dashboard in the browser: levers, play/pause, live network and plots."""
    from simulation.cli.options import parse_sets
    from simulation.dashboard.server import serve
    from simulation.extras import need

    need("adoptsim dashboard", "solara")

    raise typer.Exit(serve(scenario, host, port, overrides=parse_sets(set_), seed=seed))


def animate(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.", metavar="SCENARIO",
                                             show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output file: .gif or .mp4 (needs ffmpeg).",
                                      show_default=False)],
    weeks: Annotated[int | None, typer.Option(min=1, max=5200,
                                              help="Weeks to show (default: the horizon).",
                                              show_default=False)] = None,
    fps: Annotated[int, typer.Option(help="Frames (weeks) per second (1 to 60).")] = 8,
    seed: Annotated[int, typer.Option(parser=lambda t: _seed(t), metavar="N",
                                      help="Seed (integer >= 0): same seed, same film.")] = 1,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", show_default=False,
        help="Override a parameter, e.g. --set population.headcount=500 (repeatable).")] = None,
) -> None:
    """Write an animation: the network and the stage curve side by side, week by week."""
    from rich.markup import escape

    from simulation.cli.options import out as console
    from simulation.cli.options import parse_sets
    from simulation.figures.animate import animate as write

    frames = write(scenario, out, weeks=weeks, fps=fps, seed=seed, overrides=parse_sets(set_))
    console.print(f"wrote [bold]{escape(str(out))}[/] ({frames} frames, {fps} per second)",
                  soft_wrap=True)  # never break a path across lines
