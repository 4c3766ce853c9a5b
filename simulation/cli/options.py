"""What every command shares: consoles, progress, and the --set, --seed, --weeks, --out options.

Commands declare their options through the factories here, so that an option
reads and is checked the same way in every command; only the help text, which
says what the option means for that command, differs.
"""

from __future__ import annotations

import time
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

# No emoji codes: ":x:" in a file name or a message is text, not a symbol. Text a user
# wrote (paths, scenario names) goes through escape() wherever markup is on.
out = Console(emoji=False)
err = Console(stderr=True, highlight=False, emoji=False)



class WeekProgress:
    """A progress bar that appears only when a run will take more than a second.

    The second week is timed (the first may include set-up); if the rest is
    expected to take longer than ``threshold`` seconds and stdout is a
    terminal, a bar is shown. Short runs and runs piped into files stay quiet.
    """

    def __init__(self, console: Console, threshold: float = 1.0) -> None:
        self.console, self.threshold = console, threshold
        self.progress: Progress | None = None
        self.task: Any = None
        self.first: float | None = None
        self.decided = False

    def __call__(self, week: int, weeks: int) -> None:
        """Record that ``week`` of ``weeks`` is done."""
        if not self.decided:
            now = time.perf_counter()
            if self.first is None:  # time the second week: the first may include set-up
                self.first = now
                return
            self.decided = True
            if self.console.is_terminal and (now - self.first) * (weeks - week) > self.threshold:
                self.progress = Progress("weeks", BarColumn(), MofNCompleteColumn(),
                                         TimeRemainingColumn(), console=self.console,
                                         transient=True)
                self.progress.start()
                self.task = self.progress.add_task("run", total=weeks)
        if self.progress is not None:
            self.progress.update(self.task, completed=week)

    def close(self) -> None:
        """Remove the bar, if one was shown."""
        if self.progress is not None:
            self.progress.stop()


def parse_sets(items: list[str] | None) -> dict[str, str]:
    """Turn repeated ``--set KEY=VALUE`` options into ``{dotted key: raw value}``.

    The key is checked here; the value is left as typed, because
    ``load_scenario`` reads string overrides as TOML values itself (reading
    them twice would turn ``--set name='"2024"'`` into a number).
    """
    from simulation.scenario.files import parse_override

    sets: dict[str, str] = {}
    for item in items or []:
        key, _ = parse_override(item)  # raises a one-line error when malformed
        sets[key] = item.split("=", 1)[1].strip()
    return sets


def parse_seed(text: str | int) -> int:
    """Read ``--seed``: digits only, so "-3", "1.5" and "abc" are refused, not coerced."""
    from simulation.runs.single import MAX_SEED

    text = str(text).strip()
    if not (text.isascii() and text.isdigit()):
        raise typer.BadParameter(f"expected a non-negative integer, found {text!r}")
    if int(text) > MAX_SEED:
        raise typer.BadParameter(f"expected at most {MAX_SEED} (2**32 - 1), found {text}; "
                                 "a larger seed would repeat a smaller one")
    return int(text)


def set_option(help: str = "Override a parameter, e.g. --set population.headcount=2000 "
               "(repeatable).") -> Any:
    """``--set KEY=VALUE`` (repeatable); read with :func:`parse_sets`."""
    return typer.Option("--set", metavar="KEY=VALUE", show_default=False, help=help)


def seed_option(help: str = "Seed (0 to 2**32 - 1): same seed, same results.") -> Any:
    """``--seed N``: digits only, at most 2**32 - 1 (:func:`parse_seed`)."""
    return typer.Option(parser=parse_seed, metavar="N", help=help)


def weeks_option(help: str = "Horizon in weeks (overrides the file).", **limits: Any) -> Any:
    """``--weeks N``: the horizon, overriding the scenario's ``weeks``."""
    return typer.Option(help=help, show_default=False, **limits)


def out_option(help: str = "Result folder.", show_default: bool = True) -> Any:
    """``--out PATH``: where the command writes its result."""
    return typer.Option("--out", help=help, show_default=show_default)




def posterior_option(help: str = "Draw every replicate's parameters from a calibration's "
                     "posterior (the --out folder of adoptsim calibrate).") -> Any:
    """``--posterior DIR``: parameter uncertainty from a client's data (issue 16)."""
    return typer.Option(metavar="DIR", show_default=False, help=help)


def prior_uncertainty_option(help: str = "Draw every replicate's uncertain coefficients from "
                             "documented plausible ranges (docs/calibration.md).") -> Any:
    """``--prior-uncertainty``: parameter uncertainty for a client with no data yet."""
    return typer.Option(help=help)
