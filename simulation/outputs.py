"""Result folders: written atomically, recognised by a manifest, never wiping a user's files.

Every command that writes a folder (run, compare, change, quickscan,
validate) builds it under a hidden temporary name and moves it into place
when it is complete, so a failed or interrupted command never leaves a
half-written result.

Before anything is replaced, the folder must prove it is adoptsim's own: it
holds ``.adoptsim-manifest.json`` (written last, by :func:`staged`), which
records the *kind* of result (``run``, ``compare``, ...), the adoptsim
version and every file adoptsim wrote, with its size and SHA-256. An existing
folder is replaced only when it is empty, or when its manifest is of the same
kind and the folder holds exactly the files listed, unchanged. Anything else
— a file the user added or edited, a result of another command, a folder
written by an adoptsim without manifests, the current folder — is refused
with one line and exit status 2. A file adoptsim did not write is never
deleted. The check runs twice: before the work starts (fail fast) and again
just before the old folder is swapped out (nothing slipped in meanwhile).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from simulation.errors import InputError

MANIFEST = ".adoptsim-manifest.json"
MANIFEST_FORMAT = 1
KINDS = {
    "run": "an adoptsim run result",
    "compare": "an adoptsim comparison",
    "change": "an adoptsim change result",
    "quickscan": "an adoptsim quickscan report",
    "validate": "an adoptsim validation report",
    "validate-figures": "the figures of an adoptsim validation report",
    "sweep": "an adoptsim sweep",
    "sensitivity": "an adoptsim sensitivity analysis",
    "calibrate": "an adoptsim calibration",
    "discover": "an adoptsim scenario discovery",
}
# Files that marked a result before manifests existed: such a folder is
# probably adoptsim's, but nothing proves which files in it are.
LEGACY_MARKERS = ("summary.json", "comparison.csv", "report.md", "manifest.json")


def package_version() -> str:
    """Return the installed adoptsim version, so results can be traced to code."""
    try:
        return version("adoptsim")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entries(folder: Path) -> tuple[dict[str, Path], set[str], list[str]]:
    """Regular files, sub-folders and anything else (links, pipes) under ``folder``."""
    files: dict[str, Path] = {}
    dirs: set[str] = set()
    other: list[str] = []
    for root, subdirs, names in os.walk(folder):
        base = Path(root)
        for name in list(subdirs):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                other.append(rel)
                subdirs.remove(name)  # never walk through a link
            else:
                dirs.add(rel)
        for name in names:
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink() or not path.is_file():
                other.append(rel)
            else:
                files[rel] = path
    return files, dirs, other


def write_manifest(folder: Path, kind: str,
                   extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record every file in ``folder`` (size, SHA-256) as written by adoptsim ``kind``.

    Called on the finished temporary folder, so the list is exactly what this
    command wrote. ``extra`` adds keys (e.g. the hash of a report written
    beside the folder).
    """
    files, _, _ = _entries(folder)
    files.pop(MANIFEST, None)
    manifest = {
        "adoptsim_manifest": MANIFEST_FORMAT,
        "kind": kind,
        "version": package_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": {rel: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
                  for rel, path in sorted(files.items())},
        **(extra or {}),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def mark_growing(folder: Path, kind: str) -> None:
    """Mark a folder that grows run by run (sweep, sensitivity) as adoptsim's ``kind``.

    Its files are not listed (they are written over hours, and ``--resume``
    adds to them), so such a folder is never replaced by another command; the
    sweep itself only ever adds to it (see ``simulation/experiment/store.py``).
    """
    manifest = {"adoptsim_manifest": MANIFEST_FORMAT, "kind": kind,
                "version": package_version(),
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "files": {}, "growing": True}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder``, or ``None`` when it has none or it is not one."""
    path = folder / MANIFEST
    if not path.is_file() or path.is_symlink() or path.stat().st_size > 16 << 20:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("adoptsim_manifest") != MANIFEST_FORMAT
            or not isinstance(data.get("files"), dict)):
        return None
    return data


def foreign(folder: Path, manifest: dict[str, Any]) -> str | None:
    """Why ``folder`` is not exactly what ``manifest`` lists; ``None`` when it is."""
    files, dirs, other = _entries(folder)
    files.pop(MANIFEST, None)
    listed: dict[str, Any] = manifest["files"]
    if other:
        return f"'{sorted(other)[0]}' is not a regular file adoptsim wrote"
    extra = sorted(set(files) - set(listed))
    if extra:
        more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
        return f"it holds '{extra[0]}'{more}, which adoptsim did not write"
    missing = sorted(set(listed) - set(files))
    if missing:
        return f"'{missing[0]}' listed in its {MANIFEST} is missing"
    parents = {p.as_posix() for rel in listed for p in Path(rel).parents if p != Path(".")}
    empty = sorted(dirs - parents)
    if empty:
        return f"it holds the folder '{empty[0]}', which adoptsim did not write"
    for rel, meta in sorted(listed.items()):
        path = files[rel]
        if (not isinstance(meta, dict) or path.stat().st_size != meta.get("bytes")
                or _sha256(path) != meta.get("sha256")):
            return f"'{rel}' was changed after adoptsim wrote it"
    return None


def check_out(out: Path, kind: str) -> None:
    """Refuse an output folder that is not safe to replace with a result of ``kind``.

    Args:
        out: the folder the command will write.
        kind: what the command writes (a key of :data:`KINDS`).

    Raises:
        InputError: when ``out`` runs through a file, is not a folder, is the
            current folder or a parent of it, or holds anything but an
            unchanged earlier result of the same kind.
    """
    what = KINDS[kind]
    if not out.exists():
        if out.is_symlink():
            raise InputError(f"--out {out}: is a broken link; choose another --out")
        above = next(p for p in out.absolute().parents if p.exists())
        if not above.is_dir():
            raise InputError(f"--out {out}: '{above}' is a file, not a folder")
        return
    if out.is_symlink() or not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a folder")
    resolved, cwd = out.resolve(), Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise InputError(f"--out {out}: is the current folder or one of its parents")
    if not any(out.iterdir()):
        return
    manifest = read_manifest(out)
    if manifest is None:
        if any((out / m).exists() for m in LEGACY_MARKERS):
            raise InputError(
                f"--out {out}: holds a result without {MANIFEST} (written by an older adoptsim,"
                " or by hand), so adoptsim cannot tell its files from yours; keep what you need"
                " and delete the folder, or choose another --out")
        raise InputError(f"--out {out}: folder exists and does not hold {what}; "
                         "choose another --out or remove it")
    found = manifest.get("kind")
    if found != kind:
        shown = KINDS.get(str(found), f"an adoptsim result of kind {found!r}")
        raise InputError(f"--out {out}: holds {shown}, not {what}; adoptsim replaces only a "
                         "result of the same command; choose another --out")
    if manifest.get("growing"):
        raise InputError(f"--out {out}: holds {what}, which adoptsim only adds to (--resume); "
                         "choose another --out")
    reason = foreign(out, manifest)
    if reason is not None:
        raise InputError(f"--out {out}: holds {what}, but {reason}; adoptsim replaces only "
                         "the files it wrote; move your files out or choose another --out")


def publish(tmp: Path, out: Path) -> None:
    """Move a finished folder into place, replacing an older one (two renames)."""
    old = None
    if out.exists():
        if any(out.iterdir()):  # never silently: the user named this folder with --out
            import sys

            print(f"note: replaced the earlier result in {out} (it was adoptsim's, unchanged)",
                  file=sys.stderr)
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged(out: Path, kind: str, extra: dict[str, Any] | None = None) -> Iterator[Path]:
    """Yield a hidden temporary folder beside ``out``; publish it as ``out`` on success.

    The manifest of ``kind`` is written into it last, and ``out`` is checked
    again (:func:`check_out`) just before it is replaced. On any failure
    (including Ctrl-C) the temporary folder is removed and ``out`` is left
    as it was. ``extra`` goes into the manifest; it is read after the
    ``with`` block, so the caller may fill it in there.

    Raises:
        InputError: when the folder cannot be created, or ``out`` is no
            longer safe to replace.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the result is an ordinary folder
        yield tmp
        write_manifest(tmp, kind, extra)
        check_out(out, kind)
        publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
