"""Governance ('beheer'): formal roles, training, KPIs and progress reporting.

Why: the embedding guide says formal structures are the easy ones to influence —
assign roles, train employees and managers (managers after they adopted),
agree on progress reporting. The four-conditions article says goals translated into KPIs
and reported periodically let the organisation steer (goal-orientation), and
that the more departments formally hold responsibility, the more the
community survives the loss of one person, one department's preference or a
budget shift (organisation).

Parameters (``[governance]``):
    formal_roles: none / one_department (the host) / distributed (every
        department except the board).
    role_fte: time each department with formal roles gives (FTE).
    train_employees, train_managers, training_reach: training programmes.
    kpis: none / usage / impact; reporting_every: review cadence (weeks).
    budget_review, kpi_target, review_cut: a review that shows less value
        than the target cuts the CM's budget by ``review_cut``.

Paths of effect:
    * formal roles: ``model.ctx.role_depts``; the CM lever spends ``role_fte`` of
      extra capacity inside each such department. It is not cut with the CM's
      budget and does not leave with the CM: that is the resilience the
      four-conditions article describes. Roles also lift collaboration norms
      (``ctx.norms`` +0.1 x share of staff in departments with roles).
    * training employees: ``training_reach`` of aware staff per week become
      ``trained`` (lower effort, facilitating conditions in the utility).
    * training managers *after adoption*: managers who use the platform are
      trained (4 x ``training_reach`` a week) and thereby coached (shielded
      from the power threat); trained, active neutral managers may become
      champions (``sponsorship`` lever).
    * KPIs: norms lift (usage +0.03, impact +0.08: managers discuss it); a
      review every ``reporting_every`` weeks sets ``model.ctx.cm_focus`` so the CM
      and role holders spend up to 4 x more effort in lagging departments;
      impact KPIs tie the community to work goals (``ctx.performance`` +0.1).
    * budget review: value shown below ``kpi_target`` multiplies
      ``model.ctx.cm_budget`` by 1 - ``review_cut``. Value shown: usage KPIs, the
      share active; impact KPIs, the share contributing or embedded weighted
      by 0.25 + 0.75 x process integration (usage alone is not impact).
"""

from __future__ import annotations

import numpy as np

from simulation.engine.people import Stage
from simulation.levers.base import Lever
from simulation.org.organisation import BOARD


class Governance(Lever):
    """Roles, training, KPI reviews."""

    name = "governance"

    def setup(self) -> None:
        """Decide which departments hold formal responsibility."""
        m, gov = self.model, self.sc.governance
        names = m.org.departments
        roles = np.zeros(len(names), dtype=bool)
        if gov.formal_roles == "one_department":
            roles[m.host_dept] = True
        elif gov.formal_roles == "distributed":
            roles[:] = [name != BOARD for name in names]
        m.ctx.role_depts = roles
        # How far the community's work serves the organisation's goals: impact and
        # maturity read it (usage KPIs count activity, impact KPIs steer on goals).
        m.ctx.goal_alignment = {"none": gov.alignment_none, "usage": gov.alignment_usage,
                            "impact": 1.0}[gov.kpis]
        m.ctx.cm_focus = np.ones(len(names))
        self.reviews = 0
        self.cuts = 0
        self.shown = 0.0

    def prepare(self) -> None:
        """Norms from roles and KPIs, goal alignment, and this week's training."""
        m, gov = self.model, self.sc.governance
        share_roles = float(m.ctx.role_depts[m.org.dept].mean())
        m.ctx.norms += gov.roles_norms * share_roles + {
            "none": 0.0, "usage": gov.kpi_norms_usage, "impact": gov.kpi_norms_impact}[gov.kpis]
        m.ctx.performance += gov.kpi_performance if gov.kpis == "impact" else 0.0
        draw = self.rng.random(m.people.n)  # drawn every week: common random numbers
        if m.week < self.sc.launch.week:
            return
        p = m.people
        if gov.train_employees:
            eligible = (p.stage > Stage.UNAWARE) & ~m.org.is_manager & m.ctx.available
            p.trained |= eligible & (draw < gov.training_reach)
        if gov.train_managers:  # after adoption: managers who use it
            new = m.org.is_manager & p.is_active() & (draw < 4 * gov.training_reach)
            p.trained |= new
            p.coached |= new

    def value_shown(self) -> float:
        """What a review measures: usage, or impact (usage weighted by integration)."""
        m, gov = self.model, self.sc.governance
        p = m.people
        if gov.kpis == "impact":
            floor = gov.usage_value_floor
            return float(p.is_visible().mean()) * (floor + (1.0 - floor) * m.ctx.integration)
        return float(p.is_active().mean())

    def act(self) -> None:
        """A KPI review: retarget the CM's effort; maybe cut the budget."""
        m, gov = self.model, self.sc.governance
        if gov.kpis == "none" or m.week < self.sc.launch.week:
            return
        since = m.week - self.sc.launch.week
        if since == 0 or since % gov.reporting_every:
            return
        self.reviews += 1
        p, org = m.people, m.org
        n_dept = len(org.departments)
        size = np.bincount(org.dept, minlength=n_dept)
        use = np.bincount(org.dept, weights=p.is_visible(), minlength=n_dept)
        share = np.divide(use, size, out=np.zeros(n_dept), where=size > 0)
        lag = np.maximum(share.max() - share, 0.0)
        m.ctx.cm_focus = 1.0 + (gov.focus_max - 1.0) * lag / (lag.max() if lag.max() > 0 else 1.0)
        self.shown = self.value_shown()
        if gov.budget_review and self.shown < gov.kpi_target:
            m.ctx.cm_budget *= 1.0 - gov.review_cut
            self.cuts += 1

    def report(self) -> dict[str, float]:
        """Share trained so far, and budget cuts by reviews so far."""
        return {"trained": float(self.model.people.trained.mean()),
                "review_cuts": self.cuts}
