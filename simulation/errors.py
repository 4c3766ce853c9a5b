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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return a ' (did you mean "x"?)' suffix for the nearest valid name, or ''.

    Args:
        word: What the user typed.
        choices: The valid names at that place.
    """
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return f' (did you mean "{match[0]}"?)' if match else ""
