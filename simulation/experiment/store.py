"""Results on disk: a Parquet dataset written in atomic chunks, plus a manifest.

Layout of a result folder::

    manifest.json            experiment hash, package version, design
    runs/part-000000.parquet one row per run: ids, factor values, seed, metrics, status
    timeseries/part-000000.parquet  one row per run and week
    summary.csv, plots/      written at the end (see ``summary`` and ``plots``)

Finished runs are buffered and flushed every ``flush_every`` runs (or
``flush_seconds``), so memory stays bounded however long the sweep. Each part
is written to a hidden temporary name and renamed into place; the time-series
part goes first and the runs part second, and a run counts as done only once
its runs part exists. A kill therefore loses at most the unflushed chunk and
never leaves a run recorded twice: on resume, time-series parts without a
matching runs part (and temporary files) are removed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from simulation.errors import InputError
from simulation.inputs import read_text
from simulation.outputs import mark_growing

ID_COLUMNS = ("run_id", "point_id", "replicate", "seed")


def write_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary name and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def factor_type(values: list[Any]) -> pa.DataType:
    """One Arrow type per factor column, so that every part has the same schema."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()


def runs_schema(factors: dict[str, pa.DataType], metrics: list[str]) -> pa.Schema:
    """Schema of the runs table."""
    return pa.schema([*(pa.field(c, pa.int64()) for c in ID_COLUMNS),
                      *(pa.field(k, t) for k, t in factors.items()),
                      *(pa.field(m, pa.float64()) for m in metrics),
                      pa.field("status", pa.string()), pa.field("error", pa.string()),
                      pa.field("elapsed_s", pa.float64())])


def timeseries_schema(columns: list[str]) -> pa.Schema:
    """Schema of the time-series table."""
    return pa.schema([pa.field("run_id", pa.int64()), pa.field("week", pa.int64()),
                      *(pa.field(c, pa.float64()) for c in columns)])


class ResultStore:
    """Append-only, chunked, atomic storage of finished runs.

    Args:
        out: the result folder.
        runs: schema of the runs table.
        timeseries: schema of the time-series table.
        flush_every: write a part after this many finished runs...
        flush_seconds: ...or when the oldest buffered run is this old.
    """

    def __init__(self, out: Path, runs: pa.Schema, timeseries: pa.Schema,
                 flush_every: int = 50, flush_seconds: float = 30.0) -> None:
        self.out = Path(out)
        self.runs_dir, self.ts_dir = self.out / "runs", self.out / "timeseries"
        self.runs_schema, self.ts_schema = runs, timeseries
        self.flush_every, self.flush_seconds = max(1, flush_every), flush_seconds
        self.rows: list[dict[str, Any]] = []
        self.series: list[pd.DataFrame] = []
        self.since = time.monotonic()
        self.next_part = 0

    # -- opening ---------------------------------------------------------------
    def check_new(self) -> None:
        """Refuse a folder that is not empty, before anything is started or written."""
        if self.out.exists() and not self.out.is_dir():
            raise InputError(f"--out {self.out}: exists and is not a folder")
        if self.out.exists() and any(self.out.iterdir()):
            hint = ("it holds results of an earlier sweep; add --resume to finish it"
                    if (self.out / "manifest.json").exists() else "it is not empty")
            raise InputError(f"--out {self.out}: {hint}, or choose another --out")

    def create(self, manifest: dict[str, Any]) -> None:
        """Start a new result folder (it must be absent or empty)."""
        self.check_new()
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.ts_dir.mkdir(exist_ok=True)
        self._lock()
        mark_growing(self.out, "sensitivity" if "method" in manifest else "sweep")
        write_atomic(self.out / "manifest.json", json.dumps(manifest, indent=2) + "\n")

    def _lock(self) -> None:
        """Hold an exclusive lock on the folder: two sweeps never write one folder.

        ``filelock`` takes an OS lock on ``.lock`` (``flock`` on POSIX,
        ``msvcrt.locking`` on Windows), which the operating system releases
        when the process ends, however it ends, so a killed sweep never leaves
        a stale lock behind. (Only where neither exists does filelock fall back
        to the file's existence; a killed sweep's ``.lock`` must then be deleted
        by hand, and the message below says what holds the folder.)
        """
        lock = FileLock(self.out / ".lock", timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise InputError(f"--out {self.out}: another adoptsim sweep is writing to this "
                             "folder; wait for it to finish (or stop it) first") from None
        self._lock_file = lock

    def close(self) -> None:
        """Write what is buffered and release the folder."""
        self.flush()
        lock = getattr(self, "_lock_file", None)
        if lock is not None:
            lock.release()
            self._lock_file = None

    def resume(self, fingerprint: str, source: str,
               inputs: dict[str, str] | None = None) -> set[int]:
        """Reopen a folder for ``--resume``; return the run ids already done.

        Args:
            fingerprint: hash of the content of every input now.
            source: the experiment file, named when the change cannot be pinned down.
            inputs: the hash of each input now, to name the one that changed.
        """
        path = self.out / "manifest.json"
        if not path.is_file():
            raise InputError(f"--resume: {self.out} has no manifest.json, so there is no sweep "
                             "to resume there; run without --resume to start one")
        text = read_text(path, "sweep manifest", 64 * 2**20)  # regular file, bounded
        try:
            manifest = json.loads(text)
        except ValueError:
            raise InputError(f"--resume: {path} is not a sweep manifest adoptsim wrote "
                             "(not valid JSON); run without --resume into a new --out") from None
        if manifest.get("fingerprint") != fingerprint:
            before = manifest.get("inputs")
            now = inputs or {}
            changed = [k for k in now if isinstance(before, dict) and before.get(k) != now[k]]
            if changed:
                raise InputError(
                    f"--resume: the {changed[0]} has changed since {self.out} was started; "
                    "resuming would mix two experiments. Restore it, or run into a new --out "
                    "without --resume")
            raise InputError(
                f"--resume: {source} has changed since {self.out} was started (hash "
                f"{str(manifest.get('fingerprint'))[:12]} in the manifest, "
                f"{fingerprint[:12]} now); resuming would mix two experiments. Restore the "
                "file, or run into a new --out without --resume")
        self.runs_dir.mkdir(exist_ok=True)
        self.ts_dir.mkdir(exist_ok=True)
        self._lock()
        for folder in (self.runs_dir, self.ts_dir):
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink()
        runs = {p.name for p in self.runs_dir.glob("part-*.parquet")}
        for orphan in self.ts_dir.glob("part-*.parquet"):
            if orphan.name not in runs:  # killed between the two renames
                orphan.unlink()
        done: set[int] = set()
        for name in sorted(runs):
            table = pq.read_table(self.runs_dir / name, columns=["run_id"])
            done.update(table.column("run_id").to_pylist())
        self.next_part = 1 + max((int(n[5:11]) for n in runs), default=-1)
        return done

    # -- writing ---------------------------------------------------------------
    def add(self, row: dict[str, Any], series: pd.DataFrame | None) -> None:
        """Buffer one finished run; flush when the chunk is full or old."""
        if not self.rows:
            self.since = time.monotonic()
        self.rows.append(row)
        if series is not None:
            self.series.append(series)
        if (len(self.rows) >= self.flush_every
                or time.monotonic() - self.since >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Write the buffered runs as one part of each table."""
        if not self.rows:
            return
        name = f"part-{self.next_part:06d}.parquet"
        cols = self.ts_schema.names
        frame = (pd.concat(self.series, ignore_index=True) if self.series
                 else pd.DataFrame(columns=cols))
        ts = pa.Table.from_pandas(frame.reindex(columns=cols), schema=self.ts_schema,
                                  preserve_index=False)
        text = {f.name for f in self.runs_schema if f.type == pa.string()}
        runs = pa.Table.from_pylist(
            [{k: _as(r.get(k), k in text) for k in self.runs_schema.names} for r in self.rows],
            schema=self.runs_schema)
        self._write(ts, self.ts_dir / name)
        self._write(runs, self.runs_dir / name)  # last: this rename marks the runs done
        self.next_part += 1
        self.rows, self.series = [], []

    @staticmethod
    def _write(table: pa.Table, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, path)


def _as(value: Any, text: bool) -> Any:
    """Factor values of mixed types are stored as text (``None`` stays null)."""
    return str(value) if text and value is not None and not isinstance(value, str) else value


def read_runs(out: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The runs table of a result folder, ordered by run id."""
    df = pq.read_table(Path(out) / "runs", columns=columns).to_pandas()
    return df.sort_values("run_id", ignore_index=True) if "run_id" in df.columns else df


def read_timeseries(out: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The time-series table of a result folder, ordered by run id and week."""
    df = pq.read_table(Path(out) / "timeseries", columns=columns).to_pandas()
    return df.sort_values(["run_id", "week"], ignore_index=True)
