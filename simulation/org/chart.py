"""A client's own organisation: read an org chart (and a known informal network).

A consultant works for one client at a time, so the model must run on that
client's reporting lines rather than a generated tree. The chart is a CSV with
one row per person:

    id, manager_id, department[, role][, name][, team]

``manager_id`` is empty for the one person at the top. Ids are text (``007``
and ``7`` are different people) and are mapped to 0..N-1 in file order. The
chart decides the headcount: ``population.headcount`` is ignored when a chart
is given (documented in docs/org_chart.md). Levels come from the tree (the top
is level 0). ``role`` is used where the model has a place for it:
``manager`` marks a manager even without reports in the chart (a vacancy, a
team outside the file), ``community_manager`` names the person the CM lever
appoints; other roles are kept as labels.

Informal ties come from ``population.ties_file`` (``source, target[, weight]``)
when the client knows them, otherwise they are generated on top of the chart
by :func:`simulation.org.organisation.informal_layer`, exactly as for a generated
organisation. Everything that can be wrong with a file is reported in one line
that names the file and the line numbers. Parsing is one pass of the csv
module; every check after it works on whole numpy arrays (cycle detection and
levels by parent-pointer jumping), so a 100,000-row chart loads in about a
second.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from simulation.errors import InputError, did_you_mean, nearest
from simulation.inputs import control_in_text, read_text, stat_regular
from simulation.org.organisation import Organisation, informal_layer, symmetric
from simulation.scenario.schema import Scenario

REQUIRED = ("id", "manager_id", "department")
OPTIONAL = ("role", "name", "team")
TIE_COLUMNS = ("source", "target", "weight")
MAX_PEOPLE = 5_000_000  # the same bound as population.headcount
MAX_BYTES = 2 * 1024**3
KNOWN_ROLES = ("employee", "manager", "community_manager")


class OrgChartError(InputError):
    """An org chart or ties file cannot be used; the message names file and lines."""


def _lines(numbers: np.ndarray | list[int], limit: int = 5) -> str:
    """'lines 3, 8 and 12' (at most ``limit`` shown, then 'and N more')."""
    nums = [int(n) for n in numbers]
    shown = ", ".join(str(n) for n in nums[:limit])
    more = len(nums) - limit
    word = "line" if len(nums) == 1 else "lines"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "")


def _cell(text: str) -> str:
    """A cell of a recognised chart as it may be quoted in a message (cut when long)."""
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"


def _read_rows(path: Path, what: str, required: tuple[str, ...], optional: tuple[str, ...]
               ) -> tuple[list[str], list[list[str]], list[int], dict[str, int]]:
    """Header (lower-cased), rows, the line number of each row and the column index.

    The header is checked before any row is read: until a file is recognised
    as a chart (or ties file) by its columns, a message names only what was
    expected and how many columns were found, never what the file holds.
    """
    text = read_text(path, what, MAX_BYTES, OrgChartError)
    if not text.strip():
        raise OrgChartError(f"{path}: the {what} is empty (expected a header line "
                            f"{', '.join(required)})")
    bad = control_in_text(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        raise OrgChartError(f"{path}: line {line}: a control character (U+{ord(text[bad]):04X})"
                            f" where the {what} should hold plain text")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    col: dict[str, int] = {}
    rows: list[list[str]] = []
    line_no: list[int] = []
    end = 0  # the last line read so far
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if end != start:  # a quoted field ran over a line break: an unclosed quote
                raise OrgChartError(
                    f"{path}: line {start}: a quoted field runs on to line {end} (an unclosed "
                    '" quote?); a field may not contain a line break')
            if not any(f.strip() for f in fields):
                continue  # blank lines are allowed
            if header is None:
                header = [f.strip().lower() for f in fields]
                col = _columns(path, header, required, optional)
                width = len(header)
                continue
            if len(fields) != width:
                names = ", ".join(h if h in required + optional else "..." for h in header)
                raise OrgChartError(f"{path}: line {end}: expected {width} fields "
                                    f"({names}), found {len(fields)}")
            rows.append(fields)
            line_no.append(end)
            if len(rows) > MAX_PEOPLE:
                raise OrgChartError(f"{path}: more than {MAX_PEOPLE:,} rows; "
                                    "that is not one organisation")
    except csv.Error as exc:
        raise OrgChartError(f"{path}: line {reader.line_num}: CSV syntax error ({exc})") from None
    assert header is not None
    return header, rows, line_no, col


def _columns(path: Path, header: list[str], required: tuple[str, ...],
             optional: tuple[str, ...]) -> dict[str, int]:
    """Index of each known column; missing or repeated columns are errors on line 1.

    Column names are quoted only when they are known ones, or (as a likely
    typo) close to one: a header of an unrelated file is not repeated.
    """
    known = required + optional
    missing = [c for c in required if c not in header]
    if missing:
        n = len(header)
        typos = [h for h in header if h not in known and re.fullmatch(r"[\w .-]{1,40}", h)]
        close = nearest(missing[0], typos)
        hint = f'; is column "{close}" meant to be "{missing[0]}"?' if close else ""
        raise OrgChartError(
            f"{path}: line 1: missing column(s) {', '.join(missing)}; expected "
            f"{', '.join(required)} (optional {', '.join(optional)}), found {n} "
            f"column{'s' * (n != 1)}{hint}")
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in index:
            which = f"column '{name}'" if name in known else "a column name"
            raise OrgChartError(f"{path}: line 1: {which} appears twice "
                                f"(columns {index[name] + 1} and {i + 1})")
        index[name] = i
    return index


@dataclass(frozen=True)
class Chart:
    """A parsed, validated org chart (the part that does not depend on the seed)."""

    ids: np.ndarray
    parent: np.ndarray
    level: np.ndarray
    dept: np.ndarray
    departments: list[str]
    role: np.ndarray
    names: list[str] | None
    teams: list[str] | None
    line: np.ndarray


def _column(rows: list[list[str]], i: int) -> np.ndarray:
    return np.array([r[i].strip() for r in rows], dtype=object)


def _check_cycles(path: Path, parent: np.ndarray, ids: np.ndarray, line: np.ndarray) -> None:
    """Refuse reporting lines that loop, found by parent-pointer jumping on arrays."""
    n = parent.size
    ptr = np.where(parent >= 0, parent, np.arange(n))
    for _ in range(max(1, math.ceil(math.log2(n)) + 1)):
        nxt = ptr[ptr]
        if np.array_equal(nxt, ptr):
            break
        ptr = nxt
    stuck = parent[ptr] >= 0  # a root points to itself; anyone else never reached a root
    if not stuck.any():
        return
    start = int(ptr[np.flatnonzero(stuck)[0]])  # a person on a cycle
    cycle, node = [start], int(parent[start])
    while node != start and len(cycle) <= n:
        cycle.append(node)
        node = int(parent[node])
    first = cycle.index(min(cycle))  # start the story at the earliest line in the file
    cycle = cycle[first:] + cycle[:first]
    shown = " -> ".join(_cell(str(ids[c])) for c in cycle[:8]) + (" -> ..." * (len(cycle) > 8))
    raise OrgChartError(
        f"{path}: reporting lines form a cycle ({shown} -> {_cell(str(ids[cycle[0]]))}) on "
        f"{_lines(np.sort(line[cycle]))}; {int(stuck.sum())} people do not reach the top")


def _levels(parent: np.ndarray) -> np.ndarray:
    """Depth of every person below the top, by pointer jumping (list ranking)."""
    n = parent.size
    ptr = np.where(parent >= 0, parent, np.arange(n))
    dist = (parent >= 0).astype(np.int64)
    while True:
        up = ptr[ptr]
        if np.array_equal(up, ptr):
            return dist
        dist = dist + dist[ptr]  # a top has distance 0, so reaching it adds nothing
        ptr = up


@lru_cache(maxsize=8)
def _parse_chart(path_str: str, mtime_ns: int, size: int) -> Chart:
    """Read and validate a chart; cached on (path, mtime, size) for replicates."""
    path = Path(path_str)
    _, rows, line_no, col = _read_rows(path, "org chart", REQUIRED, OPTIONAL)
    n = len(rows)
    if n < 2:
        raise OrgChartError(f"{path}: {n} person(s) in the org chart; at least 2 are needed")
    line = np.asarray(line_no, dtype=np.int64)
    ids = _column(rows, col["id"])
    mgr = _column(rows, col["manager_id"])
    dept_names = _column(rows, col["department"])
    blank = np.flatnonzero(ids == "")
    if blank.size:
        raise OrgChartError(f"{path}: empty id on {_lines(line[blank])}")
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    dup = np.flatnonzero(sorted_ids[1:] == sorted_ids[:-1])
    if dup.size:
        first = sorted_ids[dup[0]]
        where = line[order[sorted_ids == first]]
        raise OrgChartError(f"{path}: duplicate id '{_cell(first)}' on {_lines(np.sort(where))}"
                            + (f" ({dup.size} duplicates in all)" if dup.size > 1 else ""))
    no_dept = np.flatnonzero(dept_names == "")
    if no_dept.size:
        raise OrgChartError(f"{path}: empty department on {_lines(line[no_dept])}; "
                            "every person needs a department")
    is_root = mgr == ""
    self_ref = np.flatnonzero(mgr == ids)
    if self_ref.size:
        raise OrgChartError(f"{path}: id '{_cell(ids[self_ref[0]])}' reports to itself on "
                            f"{_lines(line[self_ref])}; leave manager_id empty for the top")
    pos = np.searchsorted(sorted_ids, mgr)
    pos = np.minimum(pos, n - 1)
    found = sorted_ids[pos] == mgr
    unknown = np.flatnonzero(~found & ~is_root)
    if unknown.size:
        bad = mgr[unknown[0]]
        raise OrgChartError(
            f"{path}: unknown manager_id '{_cell(bad)}' on {_lines(line[unknown])}: no such id "
            f"in the chart{did_you_mean(bad, ids[: min(n, 10_000)].tolist())}")
    parent = np.where(is_root, -1, order[pos]).astype(np.int64)
    roots = np.flatnonzero(is_root)
    if roots.size > 1:
        raise OrgChartError(
            f"{path}: {roots.size} people have no manager ({_lines(line[roots])}); the chart "
            "needs exactly one top: give the others a manager_id")
    _check_cycles(path, parent, ids, line)  # with no top at all, there must be a loop
    departments, dept = np.unique(dept_names, return_inverse=True)
    first_seen = np.full(departments.size, n)
    np.minimum.at(first_seen, dept, np.arange(n))
    rank = np.argsort(np.argsort(first_seen))  # departments in order of first appearance
    names = [str(departments[i]) for i in np.argsort(first_seen)]
    role = (np.char.lower(_column(rows, col["role"]).astype(str)) if "role" in col
            else np.full(n, "", dtype=str))
    role = np.where(role == "", "employee", role)
    return Chart(
        ids=ids, parent=parent, level=_levels(parent), dept=rank[dept].astype(np.int64),
        departments=names, role=role,
        names=_column(rows, col["name"]).tolist() if "name" in col else None,
        teams=_column(rows, col["team"]).tolist() if "team" in col else None, line=line)


def read_chart(path: str | Path) -> Chart:
    """Read and validate an org chart file (cached while the file is unchanged).

    Raises:
        OrgChartError: for anything wrong with the file, naming the lines.
    """
    p = Path(path)
    st = stat_regular(p, "org chart", MAX_BYTES, OrgChartError)
    return _parse_chart(str(p.resolve()), st.st_mtime_ns, st.st_size)


def read_ties(path: str | Path, chart: Chart) -> sp.csr_matrix:
    """Read a known informal network: ``source, target[, weight]`` by chart id.

    A tie is present or absent in the model (exposure counts contacts), so a
    weight only decides presence: 0 drops the tie, a positive weight keeps it.
    Self-ties and repeats are dropped; reporting lines are formal, not informal.
    """
    p = Path(path)
    _, rows, line_no, col = _read_rows(p, "ties file", TIE_COLUMNS[:2], TIE_COLUMNS[2:])
    line = np.asarray(line_no, dtype=np.int64)
    n = chart.ids.size
    if not rows:
        return sp.csr_matrix((n, n), dtype=np.float32)
    order = np.argsort(chart.ids, kind="stable")
    sorted_ids = chart.ids[order]
    ends = []
    for key in ("source", "target"):
        vals = _column(rows, col[key])
        pos = np.minimum(np.searchsorted(sorted_ids, vals), n - 1)
        bad = np.flatnonzero(sorted_ids[pos] != vals)
        if bad.size:
            raise OrgChartError(f"{p}: unknown {key} id '{_cell(vals[bad[0]])}' on "
                                f"{_lines(line[bad])}; ids must be ids of the org chart")
        ends.append(order[pos])
    keep = np.ones(len(rows), dtype=bool)
    if "weight" in col:
        raw = _column(rows, col["weight"])
        weight = np.full(raw.size, np.nan)
        for i, text in enumerate(raw):  # float() per cell: the csv module gives text
            try:
                weight[i] = float(text) if text else 1.0
            except ValueError:
                pass
        bad = np.flatnonzero(~np.isfinite(weight) | (weight < 0))
        if bad.size:
            raise OrgChartError(f"{p}: bad weight '{_cell(raw[bad[0]])}' on {_lines(line[bad])}; "
                                "expected a number >= 0 (0 means no tie)")
        keep = weight > 0
    mat = symmetric(ends[0][keep], ends[1][keep], n)
    formal = symmetric(np.flatnonzero(chart.parent >= 0), chart.parent[chart.parent >= 0], n)
    out = (mat - mat.multiply(formal)).tocsr()
    out.eliminate_zeros()
    return out


def load_org_chart(sc: Scenario, rng: np.random.Generator) -> Organisation:
    """The organisation of ``population.org_chart``, with its informal layer.

    Args:
        sc: the scenario; ``population.org_chart`` (and optionally
            ``population.ties_file``) name the files, already resolved
            relative to the scenario file.
        rng: the organisation's stream, used only to generate informal ties.

    Raises:
        OrgChartError: for a bad chart or ties file, a hosting department that
            is not in the chart, or a core group larger than the chart.
    """
    pop = sc.population
    assert pop.org_chart is not None
    chart = read_chart(pop.org_chart)
    host = sc.launch.hosting_department
    n = int(chart.ids.size)
    if "core_group_size" in sc.launch.model_fields_set and sc.launch.core_group_size > n:
        raise OrgChartError(
            f"{sc.origin}: key 'launch.core_group_size': expected at most the headcount of "
            f"{pop.org_chart} ({n} people), found {sc.launch.core_group_size}")
    if host not in chart.departments:
        raise OrgChartError(
            f"{sc.origin}: key 'launch.hosting_department': "
            f"'{host}' is not a department of "
            f"{pop.org_chart}{did_you_mean(host, chart.departments)}; the chart has "
            f"{', '.join(chart.departments[:12])}"
            + (" ..." if len(chart.departments) > 12 else ""))
    if pop.ties_file:
        informal = read_ties(pop.ties_file, chart)
    else:
        informal = informal_layer(chart.parent, chart.dept, sc, rng)
        informal.eliminate_zeros()
    return Organisation(parent=chart.parent.copy(), level=chart.level.copy(),
                        dept=chart.dept.copy(), departments=list(chart.departments),
                        informal=informal, role=chart.role.copy(),
                        names=list(chart.names) if chart.names else None,
                        team_names=list(chart.teams) if chart.teams else None)
