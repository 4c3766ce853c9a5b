"""The platform measures a usage export holds, read by week since launch from a run.

This is the one place that knows where the measures live and how the model's
weeks line up with an export's: calibration, forecasts and figures call
:func:`measure` and nothing else. The model records them as shares of
headcount (``simulation/measures/recorder.py``, ``platform_measures``; declared
in ``simulation/measures/catalogue.py``).

Why the shift by one: the model's row 0 is the state before launch and row
*w* is the *w*-th week simulated, whereas an export's week 0 is the launch week
itself (weeks since launch). So export week *k* is the model's row *k* + 1, and
a run of *W* weeks covers export weeks 0 to *W* - 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.measures.catalogue import label

MEASURES: tuple[str, ...] = ("weekly_active", "weekly_posters", "monthly_active",
                             "monthly_posters")
LABELS = {name: label(name) for name in MEASURES}


def run_weeks(last_week: int) -> int:
    """Weeks to simulate so that the run covers export weeks 0 to ``last_week``."""
    return int(last_week) + 1


def measure(timeseries: pd.DataFrame, name: str) -> np.ndarray:
    """One platform measure by week since launch (index 0 = the launch week), as shares.

    Args:
        timeseries: ``CommunityModel.run()``'s time series (one row per week,
            row 0 before launch).
        name: one of :data:`MEASURES`.

    Raises:
        KeyError: when the model does not record the measure (a model
            older than the measures); a programming error, not bad input.
    """
    if name not in timeseries.columns:
        raise KeyError(f"the model's time series has no column {name!r}; "
                       f"it records {', '.join(map(str, timeseries.columns))}")
    return timeseries[name].to_numpy(dtype=float)[1:]
