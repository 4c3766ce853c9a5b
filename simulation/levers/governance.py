"""Governance ('beheer'): formal roles, training, KPIs and progress reporting.

First seed: formal structures are easy to influence — assign roles, train
employees and managers, agree on progress reporting. Second seed: goals
translated into KPIs and reported periodically let the organisation steer
(goal-orientation), and the more departments formally hold responsibility the
more the community survives the loss of one person or one department's
preference (organisation).

Paths of effect:
    * formal roles: ``model.role_depts`` (the CM lever gives role holders a
      floor of capacity there) and a small lift of collaboration norms;
    * training: people trained (lower effort, facilitating conditions);
    * KPIs: a review every ``reporting_every`` weeks retargets the CM's effort
      to lagging departments (``model.cm_focus``); impact KPIs align the
      community with goals (``model.goal_alignment``); with
      ``budget_review`` a review that shows no value cuts the CM's budget.
"""

from __future__ import annotations

import numpy as np

from simulation.levers.base import Lever

ALIGNMENT = {"none": 0.3, "usage": 0.5, "impact": 1.0}
NORMS = {"none": 0.0, "usage": 0.03, "impact": 0.08}


class Governance(Lever):
    """Roles, training, KPI reviews."""

    name = "governance"

    def setup(self) -> None:
        """Decide which departments hold formal responsibility."""
        m, gov = self.model, self.sc.governance
        n_dept = len(m.org.departments)
        roles = np.zeros(n_dept, dtype=bool)
        if gov.formal_roles == "one_department":
            roles[m.host_dept] = True
        elif gov.formal_roles == "distributed":
            roles[:] = True
        m.role_depts = roles
        m.goal_alignment = ALIGNMENT[gov.kpis]
        m.cm_focus = np.ones(n_dept)
        self.reviews = 0
        self.cuts = 0

    def prepare(self) -> None:
        """Norms from roles and KPIs, and this week's training."""
        m, gov = self.model, self.sc.governance
        share_roles = float(m.role_depts[m.org.dept].mean())
        m.ctx.norms += 0.1 * share_roles + NORMS[gov.kpis]
        if m.week < self.sc.launch.week:
            return
        p = m.people
        draw = self.rng.random(p.n)
        if gov.train_employees:
            eligible = (p.stage > 0) & ~m.org.is_manager
            p.trained |= eligible & (draw < gov.training_reach)
        if gov.train_managers:  # after adoption: managers who use it
            p.trained |= m.org.is_manager & p.is_active() & (draw < 4 * gov.training_reach)

    def act(self) -> None:
        """A KPI review: retarget the CM's effort; maybe cut the budget."""
        m, gov = self.model, self.sc.governance
        if gov.kpis == "none" or m.week == 0 or m.week % gov.reporting_every:
            return
        self.reviews += 1
        p, org = m.people, m.org
        n_dept = len(org.departments)
        size = np.bincount(org.dept, minlength=n_dept)
        use = np.bincount(org.dept, weights=p.is_visible(), minlength=n_dept)
        share = np.divide(use, size, out=np.zeros(n_dept), where=size > 0)
        lag = np.maximum(share.max() - share, 0.0)
        m.cm_focus = 1.0 + 3.0 * lag / (lag.max() if lag.max() > 0 else 1.0)
        if gov.budget_review and m.week >= 26:
            shown = (m.impact_recent if gov.kpis == "impact" else float(p.is_visible().mean()))
            if shown < 0.05:
                m.cm_budget *= 0.75
                self.cuts += 1

    def report(self) -> dict[str, float]:
        """Share trained so far."""
        return {"trained": float(self.model.people.trained.mean())}
