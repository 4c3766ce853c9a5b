"""Impact: cross-department knowledge exchange that counts (four-conditions article).

Usage is not success; success is a lasting contribution to organisational
goals or daily work. We measure the exchange the community adds across
department walls — a post read by a colleague in another department through
an informal or platform tie (a question answered, work reused) — and weight
it by how much of that exchange lands in work:

    exchange_t = mean over people j of  used_j * (1 - exp(-x_j))
        x_j = posts this week by j's contacts in OTHER departments
    impact_t   = exchange_t * (adhoc_reuse + (1 - adhoc_reuse) * integration_t)
                            * goal_alignment

``exchange_t`` is the share of staff who this week picked up something from
another department (saturating: the tenth post helps less than the first).
``integration_t`` (process integration, 0-1) says how much work runs through
the platform, so that what is read is also used; ``goal_alignment`` (from
governance: KPIs none 0.3, usage 0.5, impact 1.0) says whether the community
works on the organisation's goals. Without integration only ``adhoc_reuse``
(default 10 %) of the exchange counts, so heavy usage without integration
shows low impact. ``impact_per_100_month`` is the same weekly value in a unit a
manager reads: useful cross-department exchanges per 100 employees per month
(one exchange = one person in one week). ``impact_cumulative`` sums the weekly
values (staff-weeks of useful cross-department exchange per head);
``ctx.impact_recent`` is the mean over the trailing window. Nothing reads it
yet: governance's budget review computes its own value shown
(``Governance.value_shown``).

Cost: only posters' rows of the sparse adjacency are touched (a few per cent
of people post in a week), in one compiled loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.engine.kernels import cross_department_reads

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


def cross_department_exchange(model: CommunityModel) -> float:
    """Share of staff who this week read posts by contacts in other departments."""
    p = model.people
    posters = np.flatnonzero(p.posts > 0)
    if posters.size == 0:
        return 0.0
    adj = model.adjacency
    seen = cross_department_reads(adj.indptr, adj.indices, posters, p.posts, model.org.dept)
    return float(np.mean(p.used * (1.0 - np.exp(-seen))))


class ImpactTracker:
    """Weekly and cumulative impact; keeps ``model.ctx.impact_recent`` up to date."""

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        window = model.params.impact.window
        self.history = np.zeros(window)
        self.slot = 0
        self.exchange = 0.0
        self.weekly = 0.0
        self.cumulative = 0.0

    def weight(self) -> float:
        """How much of this week's exchange counts: integration and goal alignment."""
        m = self.model
        adhoc = m.params.impact.adhoc_reuse
        alignment = float(m.ctx.goal_alignment)
        return (adhoc + (1.0 - adhoc) * m.ctx.integration) * alignment

    def step(self) -> None:
        """Measure this week's exchange and impact; update the trailing mean."""
        m = self.model
        self.exchange = cross_department_exchange(m)
        self.weekly = self.exchange * self.weight()
        self.cumulative += self.weekly
        self.history[self.slot] = self.weekly
        self.slot = (self.slot + 1) % self.history.size
        weeks = min(max(m.week + 1, 1), self.history.size)
        m.ctx.impact_recent = float(self.history.sum() / weeks)

    def report(self) -> dict[str, float]:
        """Columns: raw exchange, weekly impact, cumulative impact."""
        return {"cross_dept_exchange": self.exchange, "impact": self.weekly,
                "impact_cumulative": self.cumulative,
                "impact_per_100_month": per_100_a_month(self.weekly)}


WEEKS_PER_MONTH = 52.0 / 12.0


def per_100_a_month(weekly_share: float) -> float:
    """A weekly share of staff as occasions per 100 employees per month.

    Why: "0.002" means nothing to a manager; "0.9 useful exchanges across
    departments per 100 employees a month" does. One occasion is one person in
    one week picking up something from another department that lands in work.
    """
    return 100.0 * WEEKS_PER_MONTH * weekly_share
