"""Shocks: the CM leaves, the budget is cut, the organisation is reorganised.

Second seed: a community built on formal responsibility in many places
survives the loss of one person, one department's preference or a budget
shift. A reorganisation rewires who knows whom and opens a window of about
three months in which habits, old and new, are weaker (habit discontinuity:
Wood et al. 2005; Verplanken & Roy 2016).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from simulation.levers.base import Lever
from simulation.organisation import symmetric


class Shocks(Lever):
    """Applies the scheduled shocks at the start of their week."""

    name = "shocks"

    def prepare(self) -> None:
        """Apply whatever happens this week."""
        m, sh = self.model, self.sc.shocks
        week = m.week
        if sh.cm_leaves_week is not None:
            if week == sh.cm_leaves_week:
                m.cm_present = False
            if sh.successor_after is not None and week == sh.cm_leaves_week + sh.successor_after:
                m.cm_present = True
        if sh.budget_cut_week is not None and week == sh.budget_cut_week:
            m.cm_budget *= 1.0 - sh.budget_cut_fraction
        if sh.reorganisation_week is not None:
            if week == sh.reorganisation_week:
                self._rewire()
            if sh.reorganisation_week <= week < sh.reorganisation_week + sh.disruption_weeks:
                m.ctx.disruption = 1.0

    def _rewire(self) -> None:
        """Replace a share of informal ties by new ties within departments."""
        m, sh = self.model, self.sc.shocks
        org, rng = m.org, self.rng
        upper = sp.triu(org.informal, k=1).tocoo()
        keep = rng.random(upper.nnz) >= sh.reorganisation_rewire
        n_new = int((~keep).sum())
        src = rng.integers(0, org.size, n_new)
        # New colleagues come from the same department (teams are reshuffled).
        order = np.argsort(org.dept, kind="stable")
        sorted_dept = org.dept[order]
        lo = np.searchsorted(sorted_dept, org.dept[src], side="left")
        hi = np.searchsorted(sorted_dept, org.dept[src], side="right")
        dst = order[lo + (rng.random(n_new) * (hi - lo)).astype(np.int64)]
        org.informal = symmetric(np.concatenate([upper.row[keep], src]),
                                 np.concatenate([upper.col[keep], dst]), org.size)
        m.refresh_adjacency()
