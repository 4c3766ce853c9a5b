"""``adoptsim params``: every scenario parameter with its default, unit and source."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from simulation.cli.options import out


def params(
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (docs/model.md).")] = False,
) -> None:
    """List every scenario parameter with its default, unit and rationale."""
    from simulation.scenario.schema import iter_parameters

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
