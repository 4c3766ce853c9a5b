"""Launch: internal pilot, hosting department, core group, and the honeymoon.

Why: the embedding guide says *start internally* — practise first with a closed
group, so staff learn that sharing makes them stronger — and start with a
core group of ambassadors, preferably drawn from several departments and
from the target group, in a hosting department that fits the goal. The
four-conditions article says the hard part is keeping it active after the honeymoon.

Parameters (``[launch]``):
    week: when the platform opens (to the pilot group, if there is a pilot).
    pilot_weeks: length of the internal pilot before the organisation-wide
        launch (at ``week + pilot_weeks``).
    pilot_group: hosting_department, or volunteers (the keenest tenth).
    hosting_department: hosts the community; the CM and (by default) the
        core group come from it.
    core_group_size, core_group_cross_department: ambassadors seeded at the
        start, from the host only, or spread over departments.

Paths of effect:
    * ``ctx.available``: before ``week`` nobody, during the pilot only the
      pilot group plus the ambassadors (core group, CM), then everyone. Only
      available people can become aware, adopt, re-enter or be reached.
    * core group: ambassadors start contributing with threshold 0 (no social
      proof needed) and habit 0.3: the seeds of complex contagion. Spread
      over departments they give every department contributing contacts.
    * ``ctx.novelty``: ``dynamics.novelty`` decaying with time constant
      ``novelty_tau`` from the pilot start and again from the launch.
    * a pilot's lesson: at the launch, collaboration norms rise by
      0.2 x the share of the pilot group then contributing (``norms_gain``),
      and the pilot's content and habits are already there.
"""

from __future__ import annotations

import numpy as np

from simulation.engine.people import Stage
from simulation.levers.base import Lever


class Launch(Lever):
    """Opens the platform (pilot group first), seeds the core group, sets novelty."""

    name = "launch"

    def setup(self) -> None:
        """Pick the pilot group and seed the core group if the launch is at week 0."""
        m, la = self.model, self.sc.launch
        p, org = m.people, m.org
        self.start = la.week
        self.org_launch = la.week + la.pilot_weeks
        if la.pilot_group == "hosting_department":
            self.pilot = org.dept == m.host_dept
        else:  # volunteers: the keenest tenth of the organisation
            cutoff = np.quantile(p.innovativeness + p.taste, 0.9)
            self.pilot = p.innovativeness + p.taste >= cutoff
        self.seeded = False
        if la.week == 0:
            self._seed_core_group()

    def _seed_core_group(self) -> None:
        m, la = self.model, self.sc.launch
        p, org = m.people, m.org
        size = min(la.core_group_size, p.n)
        if size == 0:
            self.seeded = True
            return
        keen = p.innovativeness + p.taste + 0.01 * self.rng.random(p.n)
        if la.core_group_cross_department:
            # Spread over departments: rank within department, then take the top ranks.
            order = np.lexsort((-keen, org.dept))
            sorted_dept = org.dept[order]
            rank = np.empty(p.n, dtype=np.int64)
            rank[order] = np.arange(p.n) - np.searchsorted(sorted_dept, sorted_dept)
            chosen = np.lexsort((-keen, rank))[:size]
        else:
            pool = np.flatnonzero(org.dept == m.host_dept)
            pool = pool if pool.size else np.arange(p.n)
            chosen = pool[np.argsort(-keen[pool], kind="stable")[:size]]
        p.ambassador[chosen] = True
        p.threshold[chosen] = 0
        p.stage[chosen] = Stage.CONTRIBUTING
        p.habit[chosen] = np.maximum(p.habit[chosen], 0.3)
        for ti in (p.ti_aware, p.ti_adopted, p.ti_contrib):
            ti[chosen] = np.where(ti[chosen] < 0, m.week, ti[chosen])
        self.seeded = True

    def prepare(self) -> None:
        """Open the platform to whom it is open this week; the honeymoon's novelty."""
        m, d = self.model, self.sc.dynamics
        week = m.week
        if week < self.start:
            m.ctx.available[:] = False
            return
        if not self.seeded:
            self._seed_core_group()
        if week < self.org_launch:
            m.ctx.available[:] = self.pilot | m.people.ambassador
            since = week - self.start
        else:
            m.ctx.available[:] = True
            since = week - self.org_launch
        m.ctx.novelty += d.novelty * float(np.exp(-since / d.novelty_tau))
        if week == self.org_launch and self.org_launch > self.start:
            # The pilot taught that sharing makes you stronger: norms carry over.
            group = self.pilot | m.people.ambassador
            share = float(m.people.is_visible()[group].mean())
            m.ctx.norms_gain += 0.2 * share
