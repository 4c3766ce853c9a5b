"""``results.xlsx``: every table a command writes, one sheet a table, for Excel users.

CSV files open as a single column in Excel set to a comma-decimal locale
(Dutch, German: the list separator is ``;``). An ``.xlsx`` workbook carries
its own cell types, so it opens the same everywhere. Columns are sized to
their content and the header row is frozen, so a consultant can paste from
it straight away.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel-safe sheet name (at most 31 characters, none of [ ] : * ? / or backslash)."""
    base = _BAD.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    title, i = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        title, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(title)
    return title


def _cell(value: Any) -> Any:
    """A value openpyxl can store: NaN and infinities become empty cells."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, (list, tuple, dict)):
        return str(value)
    return value


def write_tables(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> Path:
    """Write ``tables`` (sheet title -> table) to one workbook, atomically.

    Args:
        path: the ``.xlsx`` file to write (replaced when complete).
        tables: one entry per sheet, in order; the index is written only
            when it is named (e.g. ``week``).

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for title, table in tables.items():
        df = table.reset_index() if any(n is not None for n in table.index.names) else table
        ws = wb.create_sheet(sheet_name(title, taken))
        ws.append([str(c) for c in df.columns])
        for row in df.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            sample = [str(col)] + [str(v) for v in df[col].head(200)]
            ws.column_dimensions[get_column_letter(i)].width = min(
                max(len(s) for s in sample) + 2, 60)
    if not tables:
        wb.create_sheet("Empty")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def catalogue(table: pd.DataFrame) -> pd.DataFrame:
    """A sheet that explains every column: its human label and unit (metrics catalogue)."""
    from simulation.reports.labels import measure

    rows = [{"column": c, "meaning": measure(str(c)).label, "unit": measure(str(c)).unit}
            for c in table.columns if c not in ("week", "scenario", "seed", "replicate")]
    return pd.DataFrame(rows, columns=["column", "meaning", "unit"])
