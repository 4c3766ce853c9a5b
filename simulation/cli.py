"""The ``adoptsim`` command line: thin commands over the library.

Each command is one small function registered on :data:`app`; the work lives
in library modules (``simulation.run`` for ``run``) so that experiments, the
dashboard and tests reuse it. To add a command, write its function in its own
module (importing heavy libraries inside the function, so ``--help`` and input
errors stay fast), import that module at the top of this file and register it
with one line in the block near the end::

    app.command()(compare.compare)

Whatever a user gets wrong — a scenario file, a ``--set``, a ``--seed`` —
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import errno
import sys
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from simulation import change_cli
from simulation.calibration import command as calibrate_command
from simulation.dashboard import commands as teaching
from simulation.errors import InputError
from simulation.experiment import commands as experiment_commands
from simulation.inputs import shown
from simulation.quickscan import command as quickscan_command
from simulation.stopping import nothing_written, untold_interrupt, watch_interrupts
from simulation.validation import command as validate_command

app = typer.Typer(
    name="adoptsim",
    help="Simulate how an online community takes root inside an organisation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
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
    from simulation.scenario import parse_override

    sets: dict[str, str] = {}
    for item in items or []:
        key, _ = parse_override(item)  # raises a one-line error when malformed
        sets[key] = item.split("=", 1)[1].strip()
    return sets


def parse_seed(text: str | int) -> int:
    """Read ``--seed``: digits only, so "-3", "1.5" and "abc" are refused, not coerced."""
    from simulation.run import MAX_SEED

    text = str(text).strip()
    if not (text.isascii() and text.isdigit()):
        raise typer.BadParameter(f"expected a non-negative integer, found {text!r}")
    if int(text) > MAX_SEED:
        raise typer.BadParameter(f"expected at most {MAX_SEED} (2**32 - 1), found {text}; "
                                 "a larger seed would repeat a smaller one")
    return int(text)


@app.command()
@nothing_written
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.", metavar="SCENARIO",
                                             show_default=False)],
    seed: Annotated[int, typer.Option(parser=parse_seed, metavar="N",
                                      help="Seed (0 to 2**32 - 1): same seed, same results.")] = 1,
    weeks: Annotated[int | None, typer.Option(help="Horizon in weeks (overrides the file).",
                                              show_default=False)] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", show_default=False,
        help="Override a parameter, e.g. --set population.headcount=2000 (repeatable).")] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="Result folder (default: results/<scenario name>).",
        show_default=False)] = None,
    posterior: Annotated[Path | None, typer.Option(
        metavar="DIR", show_default=False,
        help="Draw parameters from a calibration's posterior (adoptsim calibrate --out).")] = None,
    prior_uncertainty: Annotated[bool, typer.Option(
        help="Draw uncertain coefficients from documented plausible ranges.")] = False,
) -> None:
    """Run one scenario; write timeseries.csv, summary.json, adoption.png and network.png."""
    from simulation.calibration.uncertainty import choose
    from simulation.run import run_scenario

    overrides = parse_sets(set_)
    unc = choose(posterior, prior_uncertainty, 1, seed)  # parameter uncertainty: one draw
    overrides.update(unc.overrides(0))
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
    table = Table(title=f"{escape(s['scenario'])} — seed {s['seed']}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("headcount", f"{s['headcount']:,}"),
        ("weeks", str(s["weeks"])),
        ("peak contributing + embedded", f"{s['peak_active']:.1%} (week {s['peak_active_week']})"),
        ("sustained (last 13 weeks)", f"{s['sustained_active']:.1%}"),
        ("ever adopted", f"{final.get('adopted_ever', float('nan')):.1%}"),
        ("weeks to 50 % ever adopted", "not reached" if half is None else str(half)),
        ("relapses", f"{final.get('relapses', 0):,.0f}"),
    ]
    for key, value in rows:
        table.add_row(key, value)
    out.print(table)
    out.print(f"results in [bold]{escape(s['out'])}[/] ({s['elapsed_s']} s)", soft_wrap=True)


@app.command()
def params(
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (docs/model.md).")] = False,
) -> None:
    """List every scenario parameter with its default, unit and rationale."""
    from simulation.params import iter_parameters

    rows = [(key, format_default(default), unit, why)
            for key, default, unit, why in iter_parameters()]
    if markdown:
        print("| parameter | default | unit | rationale / source |")
        print("|---|---|---|---|")
        for key, default, unit, why in rows:
            cells = (f"`{key}`", f"`{default}`", unit, why)
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return
    table = Table(title="adoptsim parameters")
    for col in ("parameter", "default", "unit", "rationale / source"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def format_default(value: Any) -> str:
    """Show a default the way it would be written in a scenario file."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_default(v) for v in value) + "]"
    return str(value)


@app.command("compare")
@nothing_written
def compare_cmd(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML files.",
                                                    metavar="SCENARIO", show_default=False)],
    replicates: Annotated[int, typer.Option(min=1, max=100_000, metavar="R",
                                            help="Runs per scenario.")] = 10,
    seed: Annotated[int, typer.Option(parser=parse_seed, metavar="N",
                                      help="Root seed; replicate i gets the same seed in "
                                           "every scenario (common random numbers).")] = 1,
    weeks: Annotated[int | None, typer.Option(help="Horizon in weeks (overrides the files).",
                                              show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=1024, metavar="N",
        help="Local worker processes (default: CPU count; 1 = in-process).",
        show_default=False)] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Result folder.")] = Path(
        "results/compare"),
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", show_default=False,
        help="Override a parameter in every scenario (repeatable).")] = None,
    posterior: Annotated[Path | None, typer.Option(
        metavar="DIR", show_default=False,
        help="Draw parameters from a calibration's posterior (adoptsim calibrate --out).")] = None,
    prior_uncertainty: Annotated[bool, typer.Option(
        help="Draw uncertain coefficients from documented plausible ranges.")] = False,
) -> None:
    """Compare scenarios over replicates: comparison.csv, runs (Parquet, CSV), band plots."""
    from simulation.calibration.uncertainty import choose
    from simulation.compare import compare

    unc = choose(posterior, prior_uncertainty, replicates, seed)
    result = compare(scenarios, replicates=replicates, seed=seed, weeks=weeks, workers=workers,
                     out=out_dir, overrides=parse_sets(set_), progress=out.is_terminal,
                     uncertainty=unc)
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


def version_callback(value: bool) -> None:
    """Print the version and stop (``adoptsim --version``)."""
    if value:
        from simulation.run import package_version

        print(f"adoptsim {package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """Simulate how an online community takes root inside an organisation."""


# Commands defined in other modules: one line each, e.g. app.command()(compare.compare)
app.command()(experiment_commands.sweep)
app.command()(experiment_commands.sensitivity)
app.command(name="change")(nothing_written(change_cli.change))
app.command()(nothing_written(quickscan_command.quickscan))
app.command()(nothing_written(validate_command.validate))
app.command()(nothing_written(calibrate_command.calibrate))
app.command()(teaching.dashboard)
app.command()(nothing_written(teaching.animate))


# OS errors caused by what the user typed (exit 2); others (a full disk) exit 1.
BAD_NAME = {errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES,
            errno.EPERM, errno.EROFS, errno.EEXIST, errno.ELOOP}


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every input mistake into one line and exit 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    watch_interrupts()
    try:
        code = app(args=args or ["--help"], prog_name="adoptsim", standalone_mode=False)
    except InputError as exc:
        fail(str(exc), exc.exit_code)
    except typer.TyperException as exc:  # usage errors from the command-line parser
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        fail(exc.format_message() + hint, getattr(exc, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt) as exc:  # SIGTERM in a pool: executor.Terminated
        fail("interrupted; nothing written", 128 + int(getattr(exc, "signum", 2)))
    except OSError as exc:  # a name too long, a full disk: one line, not a traceback
        name = f"{shown(exc.filename)}: " if exc.filename else ""
        fail(f"{name}{exc.strerror or exc}", 2 if exc.errno in BAD_NAME else 1)
    if code == 130 and untold_interrupt():  # Typer swallowed a Ctrl-C while parsing
        fail("interrupted; nothing written", 130)
    sys.exit(code if isinstance(code, int) else 0)


def fail(message: str, code: int) -> NoReturn:
    """Print one line to stderr (``error: ...``) and exit with ``code``."""
    err.print("error: " + " ".join(message.split()), soft_wrap=True, markup=False, emoji=False)
    sys.exit(code)


if __name__ == "__main__":
    main()
