"""Numbers for readers: never a false zero, always a unit.

A report that prints 0.004 as ``+0.0`` tells a manager "no effect" when the
chart beside it shows one. Every value here is rounded to the given number of
decimals *unless* that would hide it: then as many decimals as needed to show
its first significant digit shows are used (0.004 -> ``0.004``, 0.00004 ->
``0.00004``).
Only an exact zero prints as ``0``.
"""

from __future__ import annotations

import math


def decimals_for(x: float, decimals: int = 1) -> int:
    """``decimals``, or the fewest more that show ``x`` (non-zero) as non-zero."""
    if x == 0 or not math.isfinite(x):
        return decimals
    d = decimals
    while float(f"{abs(x):.{d}f}") == 0 and d < 12:
        d += 1
    return d


def num(x: float, decimals: int = 1, signed: bool = False) -> str:
    """``x`` with ``decimals`` decimals, or more when fewer would show a non-zero as zero.

    >>> num(0.004), num(0.004, signed=True), num(18.12), num(0.0, signed=True)
    ('0.004', '+0.004', '18.1', '0')
    """
    if not math.isfinite(x):
        return "n/a"
    if x == 0:
        return "0"
    d = decimals_for(x, decimals)
    text = f"{x:+.{d}f}" if signed else f"{x:.{d}f}"
    return text.replace("-", "\u2212")  # a real minus sign


def span(lo: float, hi: float, decimals: int = 1, signed: bool = True) -> str:
    """A range ``lo to hi``, both ends at the same precision and never a false zero."""
    d = max(decimals_for(lo, decimals) if lo else decimals,
            decimals_for(hi, decimals) if hi else decimals)
    return f"{num(lo, d, signed)} to {num(hi, d, signed)}"


def per_100(share: float, decimals: int = 1, signed: bool = False) -> str:
    """A share of staff as people per 100 employees (0.181 -> ``18.1``)."""
    return num(100 * share, decimals, signed)


def shows_false_zero(text: str, value: float) -> bool:
    """True when ``text`` reads as zero while ``value`` is not (used by the tests)."""
    import re

    if value == 0:
        return False
    digits = re.sub(r"[^0-9.]", "", text)
    return bool(digits) and float(digits) == 0
