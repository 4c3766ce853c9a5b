"""A client's platform usage export: the data a calibration is fitted to.

The format (docs/calibration.md has it beside a real export's columns): a CSV
with a header and one row per reporting week,

* ``week`` (whole weeks since launch, 0 = the launch week) or ``date`` (ISO
  ``YYYY-MM-DD``; the launch date is then given with ``--launch-date``; the
  week is the number of whole weeks since it);
* one or more of ``weekly_active``, ``weekly_posters``, ``monthly_active``,
  ``monthly_posters`` (see :mod:`simulation.calibration.measures`): shares of
  headcount (0-1), or head counts when the file has a ``headcount`` column or
  ``--headcount N`` is given;
* an empty cell is a missing value; weeks may be missing;
* a line starting with ``#`` is a comment (e.g. "synthetic data").

The file is read through :mod:`simulation.inputs` (regular file, bounded,
UTF-8); every mistake is one :class:`UsageError` line naming the file, the
line and the column, what was expected and what was found.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.calibration.measures import MEASURES
from simulation.errors import InputError, did_you_mean, shown_value
from simulation.inputs import decode_text, read_bytes, shown

MAX_BYTES = 4 * 1024**2  # ten years of weekly rows is a few kB
MAX_WEEK = 5200  # a hundred years: beyond any horizon the model runs
COLUMNS = ("week", "date", "headcount", *MEASURES)


class UsageError(InputError):
    """A usage export (or an option that qualifies it) is invalid."""


@dataclass
class UsageData:
    """A validated usage export, as shares of headcount.

    Attributes:
        source: the file, as it may be printed.
        sha256: hash of the file's bytes (recorded in a calibration's summary).
        weeks: the weeks with a row, ascending.
        values: per measure, one value per row of ``weeks`` (NaN when missing).
        headcount: head count per row when the file had counts, else ``None``.
    """

    source: str
    sha256: str
    weeks: np.ndarray
    values: dict[str, np.ndarray]
    headcount: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def metrics(self) -> list[str]:
        """The measures the file holds, in :data:`MEASURES` order."""
        return [m for m in MEASURES if m in self.values]

    @property
    def last_week(self) -> int:
        """The last week with data: a simulation must run at least this long."""
        return int(self.weeks.max())

    def points(self) -> pd.DataFrame:
        """Every observed value: ``week, metric, value`` (missing values left out)."""
        rows = [(int(w), m, float(v)) for m in self.metrics
                for w, v in zip(self.weeks, self.values[m], strict=True) if not math.isnan(v)]
        return pd.DataFrame(rows, columns=["week", "metric", "value"])

    def until(self, week: int) -> UsageData:
        """The same data up to and including ``week`` (fit early weeks, hold out the rest)."""
        keep = self.weeks <= week
        return UsageData(self.source, self.sha256, self.weeks[keep],
                         {m: v[keep] for m, v in self.values.items()},
                         None if self.headcount is None else self.headcount[keep],
                         list(self.notes))


def _number(text: str, where: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{where}: expected {what}, found {shown_value(text)}") from None
    if not math.isfinite(value):
        raise UsageError(f"{where}: expected {what}, found {shown_value(text)}")
    return value


def read_usage(path: str | Path, headcount: int | None = None,
               launch_date: str | None = None) -> UsageData:
    """Read and check a usage export.

    Args:
        path: the CSV file.
        headcount: ``--headcount``: the values are head counts out of this many
            people (a ``headcount`` column gives it per row instead).
        launch_date: ``--launch-date`` (ISO date), needed when rows have a
            ``date`` instead of a ``week``.

    Raises:
        UsageError: one line for anything wrong with the file or the options.
    """
    name = shown(path)
    if headcount is not None and (isinstance(headcount, bool) or int(headcount) < 1):
        raise UsageError(f"--headcount {headcount}: expected a whole number of people >= 1")
    launch = None
    if launch_date is not None:
        try:
            launch = dt.date.fromisoformat(str(launch_date).strip())
        except ValueError:
            raise UsageError(f"--launch-date {shown_value(launch_date)}: expected an ISO date "
                             "such as 2024-03-04") from None
    raw = read_bytes(path, "platform usage export", MAX_BYTES, UsageError)
    text = decode_text(raw, path, UsageError)
    if "\x00" in text:
        raise UsageError(f"{name}: holds a NUL character; expected a CSV text file")
    numbered = [(i, r) for i, r in enumerate(csv.reader(text.splitlines()), start=1)
                if any(cell.strip() for cell in r) and not r[0].lstrip().startswith("#")]
    if not numbered:
        raise UsageError(f"{name}: the file is empty; expected a header such as "
                         "'week,monthly_active' and one row per week")
    head_line, first = numbered[0]
    header = [h.strip() for h in first]
    for i, col in enumerate(header):
        if col not in COLUMNS:
            hint = did_you_mean(col, COLUMNS)
            raise UsageError(f"{name}: line {head_line}, column {i + 1}: unknown column "
                             f"{shown_value(col)}{hint}; expected week or date, headcount and "
                             f"measures among {', '.join(MEASURES)}")
        if header.count(col) > 1:
            raise UsageError(f"{name}: line {head_line}: column '{col}' appears twice")
    has_week, has_date = "week" in header, "date" in header
    if has_week == has_date:
        raise UsageError(f"{name}: line {head_line}: expected exactly one of the columns "
                         "'week' (weeks since launch) or 'date' (ISO date, with --launch-date)")
    if has_date and launch is None:
        raise UsageError(f"{name}: rows are dated; give the launch date with --launch-date "
                         "YYYY-MM-DD so dates become weeks since launch")
    metrics = [m for m in MEASURES if m in header]
    if not metrics:
        raise UsageError(f"{name}: line {head_line}: no measure column; expected one or more of "
                         f"{', '.join(MEASURES)}")
    counts = headcount is not None or "headcount" in header
    if len(numbered) - 1 > MAX_WEEK + 1:
        raise UsageError(f"{name}: {len(numbered) - 1:,} rows; expected at most one per week "
                         f"({MAX_WEEK + 1:,})")
    col = {c: header.index(c) for c in header}
    weeks: list[int] = []
    seen: dict[int, int] = {}
    values = {m: [] for m in metrics}
    heads: list[float] = []
    for line_no, row in numbered[1:]:
        if len(row) != len(header):
            raise UsageError(f"{name}: line {line_no}: {len(row)} cells; expected "
                             f"{len(header)}, one per column of the header")
        cell = {c: row[i].strip() for c, i in col.items()}
        if has_week:
            where = f"{name}: line {line_no}, column 'week'"
            w = cell["week"]
            if not (w.isascii() and w.isdigit()):
                raise UsageError(f"{where}: expected whole weeks since launch (0, 1, 2, ...), "
                                 f"found {shown_value(w)}")
            week = int(w)
        else:
            where = f"{name}: line {line_no}, column 'date'"
            try:
                day = dt.date.fromisoformat(cell["date"])
            except ValueError:
                raise UsageError(f"{where}: expected an ISO date such as 2024-03-04, found "
                                 f"{shown_value(cell['date'])}") from None
            assert launch is not None
            if day < launch:
                raise UsageError(f"{where}: {day} is before the launch date {launch}")
            week = (day - launch).days // 7
        if week > MAX_WEEK:
            raise UsageError(f"{where}: week {week}; expected at most {MAX_WEEK}")
        if week in seen:
            raise UsageError(f"{where}: week {week} again (first on line {seen[week]}); "
                             "expected one row per week")
        seen[week] = line_no
        weeks.append(week)
        n = float(headcount) if headcount is not None else math.nan
        if "headcount" in header:
            hw = f"{name}: line {line_no}, column 'headcount'"
            n = _number(cell["headcount"], hw, "the number of people (a whole number >= 1)")
            if n < 1 or n != int(n):
                raise UsageError(f"{hw}: expected a whole number of people >= 1, found "
                                 f"{shown_value(cell['headcount'])}")
        heads.append(n)
        for m in metrics:
            mw = f"{name}: line {line_no}, column '{m}'"
            if cell[m] == "":
                values[m].append(math.nan)
                continue
            if counts:
                v = _number(cell[m], mw, f"a count of people from 0 to {n:.0f}")
                if v < 0 or v > n:
                    raise UsageError(f"{mw}: expected a count of people from 0 to {n:.0f} "
                                     f"(the headcount), found {shown_value(cell[m])}")
                values[m].append(v / n)
            else:
                v = _number(cell[m], mw, "a share of headcount from 0 to 1")
                if not 0 <= v <= 1:
                    more = (" (a count? add a 'headcount' column or --headcount N)"
                            if v > 1 else "")
                    raise UsageError(f"{mw}: expected a share of headcount from 0 to 1, found "
                                     f"{shown_value(cell[m])}{more}")
                values[m].append(v)
    if not weeks:
        raise UsageError(f"{name}: no rows after the header; expected one row per week")
    order = np.argsort(weeks, kind="stable")
    arrays = {m: np.asarray(values[m], dtype=float)[order] for m in metrics}
    if all(np.isnan(a).all() for a in arrays.values()):
        raise UsageError(f"{name}: every measure cell is empty; expected at least one value")
    return UsageData(source=name, sha256=hashlib.sha256(raw).hexdigest(),
                     weeks=np.asarray(weeks, dtype=np.int64)[order], values=arrays,
                     headcount=np.asarray(heads)[order] if counts else None)
