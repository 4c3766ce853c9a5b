"""What the model measures each week, computed on arrays (columns: ``catalogue``).

:class:`Recorder` keeps one row per week in preallocated columns; no
per-agent Python loop. Levers and the organisational-change module add
columns through their ``report()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulation.engine.people import STAGES, People

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


def core_metrics(model: CommunityModel, events: dict[str, float]) -> dict[str, float]:
    """Stage shares, ever-adopted, relapses and posts for the current week."""
    p = model.people
    row: dict[str, float] = {"week": model.week}
    row.update(zip(STAGES, p.shares().tolist(), strict=True))
    row["adopted_ever"] = float(np.mean(p.ti_adopted >= 0))
    row["relapses"] = p.relapses_total  # a count of events: turnover does not undo it
    row["new_relapses"] = int(events.get("new_relapses", 0))
    row["posts"] = int(events.get("posts", 0))
    row.update(platform_measures(p, model.week))
    row["content_value"] = float(model.content_value)
    row["novelty"] = float(model.ctx.novelty)
    return row


MONTH_WEEKS = 4  # platforms' 30-day windows, in whole weeks


def platform_measures(p: People, week: int) -> dict[str, float]:
    """What a platform's analytics report, as shares of current headcount.

    Why: a client's usage export speaks in these terms (Jive's user-adoption
    report; Viva Engage and Workplace exports have the same shape), so the model
    and the client's data can be laid side by side. Stages stay the model's
    inner states: a "contributing" person need not post in a given month.

    ``weekly_*`` is the week just simulated; ``monthly_*`` the last four weeks;
    ``ever_active`` is anyone on the staff now who ever used it (the members who
    never posted are the participation measure's ``never_posted``).
    """
    last = week - 1  # the week just simulated
    if last < 0:
        return dict.fromkeys(("weekly_active", "weekly_posters", "monthly_active",
                              "monthly_posters", "ever_active"), 0.0)
    used, posted = p.ti_used, p.ti_posted
    ever = used >= 0
    n_ever = int(ever.sum())
    return {
        "weekly_active": float(np.mean(used == last)),
        "weekly_posters": float(np.mean(posted == last)),
        "monthly_active": float(np.mean(ever & (used > last - MONTH_WEEKS))),
        "monthly_posters": float(np.mean((posted >= 0) & (posted > last - MONTH_WEEKS))),
        "ever_active": n_ever / p.n,
    }


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
