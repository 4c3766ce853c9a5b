"""Evolve's four conditions for lasting impact, scored 0-100 each week.

Evolve's maturity model ("Vier randvoorwaarden voor blijvend impactvolle interne
community's", the four-conditions article): usage, goal-orientation,
organisation, integration in work processes. Each score is a weighted sum of
components in [0, 1], times 100. The anchors below are the rubric, not model
dynamics: they say what "fully mature" looks like (e.g. half the staff
reading, 15 % contributing), so two scenarios can be placed on one scale.
Formulas and reasons: docs/organisational_change.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.engine.people import Stage, Stance

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel

# Usage: what a mature internal community looks like.
ACTIVE_FULL = 0.5  # half the staff read it weekly (vendor data: ~80 % access, ~60 % only read)
VISIBLE_FULL = 0.15  # contributors: the 9 + 1 of 90-9-1, a little over
ATTENTION_SCALE = 0.05  # awareness hazard per week at which attention value is 63 %
# Goals.
KPI_SCORE = {"none": 0.0, "usage": 0.5, "impact": 1.0}
REPORTING_FULL = 13  # weeks: quarterly reporting or more often earns full marks
# Organisation.
CARRIERS_FULL = 0.02  # share of staff carrying responsibility (ambassadors, champions)
# Integration.
EMBEDDED_FULL = 0.2  # share of staff for whom use is automatic


MATURITY_COLUMNS = ("maturity_usage", "maturity_goals", "maturity_organisation",
                    "maturity_integration")


def _clip01(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def maturity_scores(model: CommunityModel) -> dict[str, float]:
    """``maturity_usage``, ``_goals``, ``_organisation``, ``_integration`` (0-100)."""
    p, org, sc = model.people, model.org, model.params
    n = p.n
    shares = np.bincount(p.stage, minlength=len(Stage)) / n
    active = shares[Stage.LURKING] + shares[Stage.CONTRIBUTING] + shares[Stage.EMBEDDED]
    visible = shares[Stage.CONTRIBUTING] + shares[Stage.EMBEDDED]
    # 1. Usage: reading, contributing, and attention value (channels, campaigns).
    att_lever = model.lever("attention")
    attention = float(getattr(att_lever, "value", 0.0)) if att_lever is not None else 0.0
    usage = (0.4 * _clip01(active / ACTIVE_FULL) + 0.4 * _clip01(visible / VISIBLE_FULL)
             + 0.2 * (1.0 - np.exp(-attention / ATTENTION_SCALE)))
    # 2. Goal-orientation: KPIs set, progress actually reported, alignment with goals.
    gov = sc.governance
    gov_lever = model.lever("governance")
    reviews = int(getattr(gov_lever, "reviews", 0)) if gov_lever is not None else 0
    reporting = (min(1.0, REPORTING_FULL / gov.reporting_every)
                 if gov.kpis != "none" and reviews > 0 else 0.0)
    alignment = _clip01(float(model.ctx.goal_alignment))
    goals = 0.4 * KPI_SCORE[gov.kpis] + 0.3 * reporting + 0.3 * alignment
    # 3. Organisation: formal roles spread, CM capacity, people and departments carrying it.
    role_depts = model.ctx.role_depts
    if role_depts is None:  # no governance lever (a reduced form): no formal roles
        role_depts = np.zeros(len(org.departments), dtype=bool)
    staffed = np.bincount(org.dept, minlength=len(org.departments)) > 0
    roles = float(role_depts[staffed].mean()) if staffed.any() else 0.0
    cm_lever = model.lever("community_manager")
    fte = float(getattr(cm_lever, "effective", 0.0)) if cm_lever is not None else 0.0
    if model.week == 0 and cm_lever is not None:  # before the first week: the planned FTE
        fte = float(getattr(cm_lever, "fte", 0.0))
    exp = 1.0 if sc.community_manager.experience == "experienced" else 0.8
    cm = _clip01(fte) * exp
    carriers = (p.ambassador & p.is_active()) | (p.stance == Stance.CHAMPION)
    carrying = np.bincount(org.dept[carriers], minlength=len(org.departments)) > 0
    breadth = float((carrying | role_depts)[staffed].mean()) if staffed.any() else 0.0
    depth = _clip01(carriers.sum() / (CARRIERS_FULL * n))
    organisation = 0.3 * roles + 0.3 * cm + 0.2 * breadth + 0.2 * depth
    # 4. Integration: work that runs through the platform, and use that became automatic.
    integration = 0.7 * _clip01(model.ctx.integration) + 0.3 * _clip01(
        shares[Stage.EMBEDDED] / EMBEDDED_FULL)
    return {"maturity_usage": 100.0 * usage, "maturity_goals": 100.0 * goals,
            "maturity_organisation": 100.0 * organisation,
            "maturity_integration": 100.0 * integration}
