"""Errors that speak to the person who typed the input.

Every error raised for bad input derives from :class:`InputError`. The CLI
catches it, prints its one-line message and exits with status 2, so a user
never sees a traceback for a typo.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(Exception):
    """Bad input from a user: a file, a key or a command-line value.

    The message names the file and key path, what was expected and what was
    found; it is printed as is by the CLI.
    """

    exit_code = 2


class ScenarioError(InputError):
    """A scenario file (or an override of it) is invalid."""


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The valid name nearest to ``word`` (case ignored), or None when none is close."""
    word = str(word)
    if len(word) > 100:  # not a typo of a name; and difflib is slow on long text
        return None
    by_lower: dict[str, str] = {}
    for choice in map(str, choices):
        by_lower.setdefault(choice.lower(), choice)
    match = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.5)
    return by_lower[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return a ' (did you mean "x"?)' suffix for the nearest valid name, or ''.

    Case is ignored when matching (``HEADCOUNT`` suggests ``headcount``), and
    what is suggested is always one of ``choices``.

    Args:
        word: What the user typed.
        choices: The valid names at that place.
    """
    match = nearest(word, choices)
    return f' (did you mean "{match}"?)' if match else ""


def shown_value(value: object, limit: int = 80) -> str:
    """A value from an input as it may appear in a message: its repr, cut to ``limit``.

    ``repr`` escapes control characters, so nothing in the value can move the
    cursor or colour the terminal; the cut keeps one line one line.
    """
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text):,} characters)"
