"""Result folders written atomically: one place for the rules every command follows.

Every command that writes a folder (run, compare, quickscan, validate) builds
it under a hidden temporary name and moves it into place when it is complete,
so a failed or interrupted command never leaves a half-written result. An
existing folder is replaced only if it is empty or holds an earlier result of
the same command (its ``marker`` file), and never the current folder or one
of its parents: ``--out .`` must not wipe a user's work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulation.errors import InputError


def check_out(out: Path, marker: str = "summary.json", what: str = "an adoptsim result") -> None:
    """Refuse an output folder that is not safe to replace.

    Args:
        out: the folder the command will write.
        marker: a file an earlier result of the same command holds.
        what: how to name that kind of result in the message.

    Raises:
        InputError: when ``out`` runs through a file, is not a folder, is the
            current folder or a parent of it, or holds something else.
    """
    if not out.exists():
        above = next(p for p in out.absolute().parents if p.exists())
        if not above.is_dir():
            raise InputError(f"--out {out}: '{above}' is a file, not a folder")
        return
    if not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a folder")
    resolved, cwd = out.resolve(), Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise InputError(f"--out {out}: is the current folder or one of its parents")
    if any(out.iterdir()) and not (out / marker).is_file():
        raise InputError(
            f"--out {out}: folder exists and does not hold {what}; "
            "choose another --out or remove it"
        )


def publish(tmp: Path, out: Path) -> None:
    """Move a finished folder into place, replacing an older one (two renames)."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield a hidden temporary folder beside ``out``; publish it as ``out`` on success.

    On any failure (including Ctrl-C) the temporary folder is removed and
    ``out`` is left as it was.

    Raises:
        InputError: when the folder cannot be created.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the result is an ordinary folder
        yield tmp
        publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
