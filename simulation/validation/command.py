"""The ``adoptsim validate`` command (registered in ``simulation.cli.app``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def validate(
    out: Annotated[Path, typer.Option(
        "--out", help="Report folder (report.md, img/*.png), or a .md file: figures go to "
                  "img/<name>/ beside it (e.g. docs/validation.md).")] = Path("results/validation"),
    quick: Annotated[bool, typer.Option(
        "--quick", help="Smaller runs, fewer seeds (about a minute; used by the test suite).")
    ] = False,
) -> None:
    """Check the engine against published results; write a report with figures.

    Exit status 1 when a check fails (targets the model cannot express are
    reported, with the reason, but do not fail the run).
    """
    from rich.console import Console

    from simulation.validation import validate as run_validation

    console = Console()
    command = f"adoptsim validate --out {out}" + (" --quick" if quick else "")
    report, sections = run_validation(out, quick=quick, command=command)
    checks = [c for s in sections for c in s.checks]
    count = {k: sum(c.status == k for c in checks) for k in ("pass", "fail", "cannot", "info")}
    for c in checks:
        if c.status == "fail":
            console.print(f"[red]FAIL[/] {c.target} {c.name}: expected {c.expected}, "
                          f"measured {c.measured}", highlight=False)
    console.print(f"{count['pass']} pass, {count['fail']} fail, {count['cannot']} cannot be "
                  f"expressed, {count['info']} for information; report in [bold]{report}[/]")
    if count["fail"]:
        raise typer.Exit(1)
