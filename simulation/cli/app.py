"""The ``adoptsim`` command line: thin commands over the library.

Each command is one small function registered on :data:`app`; the work lives
in library modules (``simulation.runs.single`` for ``run``) so that experiments, the
dashboard and tests reuse it. To add a command, write its function in its own
module of this package (shared options from :mod:`simulation.cli.options`;
heavy libraries imported inside the function, so ``--help`` and input errors
stay fast), import that module at the top of this file and register it with
one line in the block near the end::

    app.command()(compare_command.compare_cmd)

Whatever a user gets wrong — a scenario file, a ``--set``, a ``--seed`` —
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import errno
import sys
from typing import Annotated, NoReturn

import typer

from simulation.cli import calibrate as calibrate_command
from simulation.cli import change as change_command
from simulation.cli import compare as compare_command
from simulation.cli import params as params_command
from simulation.cli import run as run_command
from simulation.cli.options import err
from simulation.dashboard import commands as teaching
from simulation.errors import InputError
from simulation.experiment import commands as experiment_commands
from simulation.inputs import shown
from simulation.quickscan import command as quickscan_command
from simulation.runs.stopping import nothing_written, untold_interrupt, watch_interrupts
from simulation.validation import command as validate_command

app = typer.Typer(
    name="adoptsim",
    help="Simulate how an online community takes root inside an organisation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
def version_callback(value: bool) -> None:
    """Print the version and stop (``adoptsim --version``)."""
    if value:
        from simulation.outputs import package_version

        print(f"adoptsim {package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """Simulate how an online community takes root inside an organisation."""


# The commands, one line each, in the order of `adoptsim --help`.
app.command()(nothing_written(run_command.run))
app.command()(params_command.params)
app.command("compare")(nothing_written(compare_command.compare_cmd))
app.command()(experiment_commands.sweep)
app.command()(experiment_commands.sensitivity)
app.command()(nothing_written(experiment_commands.discover))
app.command(name="change")(nothing_written(change_command.change))
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
