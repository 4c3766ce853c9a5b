"""What the model measures each week, computed on arrays (columns: ``catalogue``).

:class:`Recorder` keeps one row per week in preallocated columns; no
per-agent Python loop. Levers and the organisational-change module add
columns through their ``report()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulation.engine.people import STAGES

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


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
    return row


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
