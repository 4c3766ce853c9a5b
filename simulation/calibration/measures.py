"""The platform measures a usage export holds, read by name from a run's time series.

This is the one place that knows where the measures live: calibration,
forecasts and figures call :func:`measure` and nothing else. The model
records them as shares of headcount in its weekly time series (columns of
the same names; see ``simulation/measures/recorder.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MEASURES: tuple[str, ...] = ("weekly_active", "weekly_posters", "monthly_active",
                             "monthly_posters")
LABELS = {
    "weekly_active": "active in the week",
    "weekly_posters": "posted in the week",
    "monthly_active": "active in the last 4 weeks",
    "monthly_posters": "posted in the last 4 weeks",
}


def measure(timeseries: pd.DataFrame, name: str) -> np.ndarray:
    """One platform measure, week by week from week 0, as shares of headcount.

    Args:
        timeseries: ``CommunityModel.timeseries()`` (one row per week).
        name: one of :data:`MEASURES`.

    Raises:
        KeyError: when the model does not record the measure (a model
            older than the measures); a programming error, not bad input.
    """
    if name not in timeseries.columns:
        raise KeyError(f"the model's time series has no column {name!r}; "
                       f"it records {', '.join(map(str, timeseries.columns))}")
    return timeseries[name].to_numpy(dtype=float)
