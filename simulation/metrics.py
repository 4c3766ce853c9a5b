"""What the model measures each week (DESIGN.md §3.6), computed on arrays.

:class:`Recorder` keeps one row per week in preallocated columns; no
per-agent Python loop. Levers and the organisational-change module add
columns through their ``report()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulation.people import STAGES

if TYPE_CHECKING:
    from simulation.model import CommunityModel


def core_metrics(model: CommunityModel, events: dict[str, float]) -> dict[str, float]:
    """Stage shares, ever-adopted, relapses and posts for the current week."""
    p = model.people
    row: dict[str, float] = {"week": model.week}
    row.update(zip(STAGES, p.shares().tolist(), strict=True))
    row["adopted_ever"] = float(np.mean(p.ti_adopted >= 0))
    row["relapses"] = int(p.n_relapses.sum())
    row["new_relapses"] = int(events.get("new_relapses", 0))
    row["posts"] = int(events.get("posts", 0))
    row["content_value"] = float(model.content_value)
    row["novelty"] = float(model.ctx.novelty)
    row.update(platform_measures(model))
    return row


# --- Platform measures (interim, issue 16) ------------------------------------------------
# What a platform's usage export counts, as shares of headcount. The model rework
# (issue 14) will define these properly; until then they are read off the per-person
# arrays the dynamics already keep: `used` (visited the platform this week: an active
# member, lurking, contributing or embedded, who used it) and `posts` (posts this week).
# A "month" is the last 4 weeks, this week included. simulation/calibration reads them
# by name only (simulation/calibration/measures.py).
PLATFORM_MONTH_WEEKS = 4


def platform_measures(model: CommunityModel) -> dict[str, float]:
    """Weekly and monthly active users and posters, as shares of headcount."""
    p = model.people
    used, posts = getattr(p, "used", None), getattr(p, "posts", None)
    if used is None or posts is None:
        return {}
    last = getattr(p, "last_seen", None)  # week of the last visit (row 0) and post (row 1)
    if last is None:
        last = p.last_seen = np.full((2, p.n), -PLATFORM_MONTH_WEEKS, dtype=np.int32)
    posted = posts > 0
    last[0, used] = model.week
    last[1, posted] = model.week
    recent = last > model.week - PLATFORM_MONTH_WEEKS
    return {"weekly_active": float(used.mean()), "weekly_posters": float(posted.mean()),
            "monthly_active": float(recent[0].mean()),
            "monthly_posters": float(recent[1].mean())}


class Recorder:
    """Collects one row of metrics per week; ``frame()`` gives the time series."""

    def __init__(self) -> None:
        self.rows: list[dict[str, float]] = []

    def record(self, row: dict[str, float]) -> None:
        """Append this week's row."""
        self.rows.append(row)

    def frame(self) -> pd.DataFrame:
        """The time series: one row per week, week 0 first."""
        return pd.DataFrame(self.rows)
