"""Runs named by what changed, and result folders that replace nothing.

A ``--set`` run that kept the scenario's title and folder would silently
replace ``results/Baseline`` and label a different organisation "Baseline"
on every figure. So a run's name says what was changed
(``Baseline, community manager fte = 1``), and a command left to choose its
own folder picks a new one (``results/Baseline-2``, ``-3``, ...) rather than
replacing an earlier result. A folder named with ``--out`` is the user's
explicit choice: the manifest rules of :mod:`simulation.outputs` decide
whether it may be replaced, and the command says so when it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAX_NAME = 90


def _value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def changes(overrides: Mapping[str, Any]) -> str:
    """``community_manager.fte=1.0`` -> ``community manager fte = 1``, joined by commas."""
    parts = []
    for key, value in overrides.items():
        if key == "weeks":
            parts.append(f"{_value(value)} weeks")
            continue
        section, _, name = str(key).rpartition(".")
        words = f"{section.replace('_', ' ').replace('.', ' ')} {name.replace('_', ' ')}".strip()
        parts.append(f"{words} = {_value(value)}")
    return ", ".join(parts)


def described(name: str, overrides: Mapping[str, Any] | None) -> str:
    """The scenario's name followed by what ``--set``/``--weeks`` changed (shortened if long)."""
    what = changes(overrides or {})
    if not what:
        return name
    text = f"{name}, {what}"
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip(", ") + "…"


def fresh_out(path: Path) -> Path:
    """``path`` when it is free (missing or empty), else the first free ``path-2``, ``-3``...

    Used only for a default folder (no ``--out``): a command that picks its own
    folder never replaces an earlier result.
    """
    def free(p: Path) -> bool:
        return not p.exists() and not p.is_symlink() or (p.is_dir() and not any(p.iterdir()))

    if free(path):
        return path
    i = 2
    while not free(path.with_name(f"{path.name}-{i}")):
        i += 1
    return path.with_name(f"{path.name}-{i}")
