"""Shocks: the CM leaves, the budget is cut, the organisation is reorganised.

Why: the four-conditions article says a community whose governance is formally held in
many places survives the loss of one person, one department's preference or
a budget shift; one that hangs on one person does not. A reorganisation
rewires who knows whom and opens a window of about three months in which
habits, old and new, are weaker (habit discontinuity: Wood et al. 2005;
Verplanken & Roy 2016).

Parameters (``[shocks]``):
    cm_leaves_week, successor_after: the CM leaves at week W; a successor
        (same capacity and experience, a new person) starts at W + delay,
        or never if ``successor_after`` is unset.
    budget_cut_week, budget_cut_fraction: the CM's budget is cut by this
        share at week W (role holders' time is not: it sits in departments).
    reorganisation_week, reorganisation_rewire, disruption_weeks: at week W
        this share of informal ties is replaced by random ties within the
        same department (teams reshuffled), and for ``disruption_weeks``
        habits are disrupted.

Paths of effect:
    * CM leaves: ``CommunityManagerLever.leave`` — capacity 0, the board
      mandate and the CM's lingering support fade, the agent becomes an
      ordinary Employee; ``hire_successor`` appoints the next keenest
      non-manager of the hosting department.
    * budget cut: ``model.ctx.cm_budget`` x (1 - fraction).
    * reorganisation: ``org.informal`` rewired (platform ties are kept: the
      platform network survives a reorganisation), ``ctx.disruption`` = 1 in
      the window: old-habit pull and new-habit protection halved in the
      utility and the relapse rule, habit decay doubled.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from simulation.levers.base import Lever
from simulation.org.organisation import symmetric


class Shocks(Lever):
    """Applies the scheduled shocks at the start of their week."""

    name = "shocks"

    def prepare(self) -> None:
        """Apply whatever happens this week."""
        m, sh = self.model, self.sc.shocks
        week = m.week
        cm = m.lever("community_manager")
        if sh.cm_leaves_week is not None and cm is not None:
            if week == sh.cm_leaves_week:
                cm.leave()
            if sh.successor_after is not None and week == sh.cm_leaves_week + sh.successor_after:
                cm.hire_successor()
        if sh.budget_cut_week is not None and week == sh.budget_cut_week:
            m.ctx.cm_budget *= 1.0 - sh.budget_cut_fraction
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
        # Each dropped tie's first end meets someone new in its department.
        src = upper.row[~keep]
        order = np.argsort(org.dept, kind="stable")
        sorted_dept = org.dept[order]
        lo = np.searchsorted(sorted_dept, org.dept[src], side="left")
        hi = np.searchsorted(sorted_dept, org.dept[src], side="right")
        dst = order[lo + (rng.random(n_new) * (hi - lo)).astype(np.int64)]
        org.informal = symmetric(np.concatenate([upper.row[keep], src]),
                                 np.concatenate([upper.col[keep], dst]), org.size)
        m.refresh_adjacency()

    def report(self) -> dict[str, float]:
        """1 inside a reorganisation's habit-disruption window."""
        return {"disruption": self.model.ctx.disruption}
