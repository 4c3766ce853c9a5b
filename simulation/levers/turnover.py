"""Staff turnover: people leave and are replaced, so a community can settle.

Why: without turnover every habit, once formed, lasts for ever and adoption
can only climb; a real organisation replaces part of its people every year
(``population.turnover_per_year``; default 11 %, LinkedIn Talent Solutions
2018: 10.9 % a year across industries). Joiners meet the platform fresh and
leavers take their habits, posts and platform ties with them, which is what
lets the shares of a long run level off (a steady state) and what the
honeymoon's decline is partly made of.

Paths of effect (after the week's other levers acted):
    * each person except the CM in role leaves with the weekly probability
      ``1 - (1 - rate) ** (1 / 52)``; headcount stays constant: the joiner takes
      the leaver's place in the reporting tree and the informal network (the
      team's ties belong to the position), but not their platform ties;
    * the joiner's traits are drawn afresh (:meth:`People.replace`), stage
      unaware, no habit, no posts, no training; a new manager is neutral;
    * the lingering support, boost and retention of the leaver are cleared.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from simulation.engine.kernels import drop_rows_and_columns
from simulation.levers.base import Lever

WEEKS_PER_YEAR = 52.0


class Turnover(Lever):
    """Replaces leavers by joiners each week; draws from its own stream."""

    name = "turnover"

    def setup(self) -> None:
        """The weekly hazard from the annual rate; no leavers yet."""
        rate = self.sc.population.turnover_per_year
        self.weekly = 1.0 - (1.0 - rate) ** (1.0 / WEEKS_PER_YEAR)
        self.leavers = 0
        self.total = 0

    def act(self) -> None:
        """Draw this week's leavers and put joiners in their places."""
        m = self.model
        p = m.people
        u = self.rng.random(p.n)  # one draw per person every week: common random numbers
        leave = u < self.weekly
        if m.ctx.cm_person >= 0:
            leave[m.ctx.cm_person] = False  # the CM leaving is a scenario of its own (shocks)
        idx = np.flatnonzero(leave)
        self.leavers = int(idx.size)
        self.total += self.leavers
        if idx.size == 0:
            return
        p.replace(idx, self.sc, self.rng)
        ctx = m.ctx
        for linger in (ctx.support, ctx.boost, ctx.retention):
            linger[idx] = 0.0
        platform = m.org.platform
        if platform.nnz:
            # The leavers' platform ties go: D @ platform @ D with D = diag(stays),
            # done in one pass over the stored ties (same matrix, same order).
            gone = np.zeros(p.n, dtype=np.bool_)
            gone[idx] = True
            indptr, indices, data = drop_rows_and_columns(
                platform.indptr, platform.indices, platform.data, gone)
            if indices.size != platform.nnz:
                m.org.platform = sp.csr_matrix((data, indices, indptr), shape=platform.shape)
                m.refresh_adjacency()

    def report(self) -> dict[str, float]:
        """People who left (and were replaced) this week."""
        return {"leavers": float(self.leavers)}
