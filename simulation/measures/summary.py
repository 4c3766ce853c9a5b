"""Summaries of runs: the one run summary and the one interval for replicate means.

Every command that reduces a time series to a few numbers (``run``,
``compare``, ``sweep``, ``quickscan``) does it here, so "peak", "sustained"
and "weeks to half" mean the same everywhere, and every interval over
replicates is the same t-interval, bounded where the metric is bounded (a
share cannot be below 0 % or above 100 %).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from simulation.measures.catalogue import (
    ACTIVE,
    HEADLINE,
    SUMMARY_METRICS,
    SUSTAINED_WEEKS,
    bounds,
)

SETTLED_POINTS = 0.01  # a quarter-on-quarter move below one point of staff is a plateau

ID_COLUMNS = ("scenario", "name", "replicate", "seed", "week")


def _plain(value: Any) -> Any:
    """Turn numpy scalars into JSON-friendly Python values; NaN becomes null."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def run_summary(df: pd.DataFrame) -> dict[str, Any]:
    """Reduce a weekly time series to the handful of numbers a client asks about.

    Usage is not success: the *sustained* level after the honeymoon matters
    more than the peak, so both are reported side by side. "Active" here is
    :data:`~simulation.measures.catalogue.ACTIVE` (contributing + embedded).

    Args:
        df: ``CommunityModel.timeseries()``; one row per week from week 0.

    Returns:
        ``final`` (last row of every numeric column), ``peak_active`` and
        ``peak_active_week``, ``sustained_active`` (mean over the last
        :data:`SUSTAINED_WEEKS` weeks) and
        ``weeks_to_half_adopted`` (first week with ``adopted_ever >= 0.5``, or
        ``None`` if never reached). NaN becomes ``None``.
    """
    if df.empty:
        raise ValueError("the time series is empty")
    weeks = df["week"] if "week" in df.columns else pd.Series(range(len(df)), index=df.index)
    numeric = df.select_dtypes(include="number")
    final = {str(k): _plain(numeric[k].iloc[-1]) for k in numeric.columns}  # keep int dtypes
    active = df[list(ACTIVE)].sum(axis=1)
    peak_at = active.idxmax()
    half = df.index[df["adopted_ever"] >= 0.5] if "adopted_ever" in df.columns else []
    return {
        **headline(df),
        "final": final,
        "peak_active": _plain(active.loc[peak_at]),
        "peak_active_week": _plain(weeks.loc[peak_at]),
        "sustained_active": _plain(active.tail(SUSTAINED_WEEKS).mean()),
        "weeks_to_half_adopted": _plain(weeks.loc[half[0]]) if len(half) else None,
    }


def trend(series: pd.Series) -> str:
    """Whether a share has settled: "settled", "still rising" or "still falling".

    Why: a level read off a curve that is still climbing is not a result; a
    client must know whether "sustained" is a plateau. The mean of the last
    :data:`SUSTAINED_WEEKS` weeks is compared with the quarter before it; a
    move of less than :data:`SETTLED_POINTS` (one point of staff) is settled.
    """
    if len(series) < 2 * SUSTAINED_WEEKS + 1:
        return "too short to tell"
    last = float(series.tail(SUSTAINED_WEEKS).mean())
    before = float(series.iloc[-2 * SUSTAINED_WEEKS:-SUSTAINED_WEEKS].mean())
    if abs(last - before) < SETTLED_POINTS:
        return "settled"
    return "still rising" if last > before else "still falling"


def headline(df: pd.DataFrame) -> dict[str, Any]:
    """The numbers every summary leads with: the platform measures a client's export has.

    ``monthly_active`` and ``monthly_posters`` (shares of staff) at the horizon
    and as the mean of the last :data:`SUSTAINED_WEEKS` weeks, each with its
    :func:`trend`. Empty for a series without them (a reduced form's columns).
    """
    out: dict[str, Any] = {}
    for name in HEADLINE:
        if name in df.columns:
            col = df[name]
            out[name] = _plain(col.iloc[-1])
            out[f"sustained_{name}"] = _plain(col.tail(SUSTAINED_WEEKS).mean())
            out[f"{name}_trend"] = trend(col)
    return out


def summary_values(df: pd.DataFrame, metrics: list[str]) -> dict[str, float]:
    """The named numbers of one run as floats, NaN where a run has none (a sweep's row).

    :data:`~simulation.measures.catalogue.SUMMARY_METRICS` come from
    :func:`run_summary` (``final_active`` is the last week's contributing +
    embedded); any other name is the final value of that column.
    """
    s = run_summary(df)
    derived = {k: s[k] for k in SUMMARY_METRICS if k in s and s[k] is not None}
    derived["final_active"] = float(df[list(ACTIVE)].iloc[-1].sum())
    out: dict[str, float] = {}
    for name in metrics:
        if name in derived:
            value = derived[name]
        elif name in df.columns:
            value = df[name].iloc[-1]
        else:
            value = None
        out[name] = math.nan if value is None else float(value)
    return out


def metric_columns(runs: pd.DataFrame) -> list[str]:
    """Every numeric column of a table of runs that is a metric (not an identifier)."""
    return [c for c in runs.columns
            if c not in ID_COLUMNS and pd.api.types.is_numeric_dtype(runs[c])]


def t_half_width(sd: Any, n: Any, level: float = 0.95) -> Any:
    """Half-width of the t-interval of a mean: t(0.5 + level/2, n - 1) * sd / sqrt(n)."""
    from scipy import stats

    return stats.t.ppf(0.5 + level / 2, np.asarray(n) - 1) * sd / np.sqrt(n)


def mean_interval(values: np.ndarray, level: float = 0.95, metric: str | None = None,
                  ) -> tuple[float, float, float, float]:
    """Mean, sample sd and the t-interval of the mean over replicates.

    NaNs are dropped; with fewer than two values sd and bounds are NaN. When
    ``metric`` names a bounded metric of the catalogue (a share), the bounds
    are cut to its range: the mean of shares is never below 0 %.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return (np.nan,) * 4
    mean = float(v.mean())
    if v.size < 2:
        return mean, np.nan, np.nan, np.nan
    sd = float(v.std(ddof=1))
    half = float(t_half_width(sd, v.size, level))
    lo, hi = mean - half, mean + half
    if metric is not None:
        low, high = bounds(metric)
        lo, hi = max(lo, low), min(hi, high)
    return mean, sd, lo, hi
