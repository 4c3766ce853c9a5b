"""The week's context: what the levers hand to the people's dynamics.

Levers never touch the transition rules. They write into this one object,
and the dynamics read it; that is the whole interface between an
intervention and the crowd. Scalars describe the organisation this week and
are reset at the start of every week; per-person arrays carry effects that
linger (a CM's coaching, a story someone heard) and fade by ``persistence``
each week.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Context:
    """Lever effects for one week.

    Attributes:
        available: who can reach the platform (pilot group first, then everyone).
        attention: awareness hazard per week from channels and campaigns.
        performance: utility added to expected performance (success stories).
        integration: process integration level this week, 0-1.
        norms: added to the collaboration norms (KPIs, roles, training).
        executives: added to executives' visible use (mandate, board lobbying).
        novelty: the honeymoon's novelty bonus (utility).
        disruption: 1 inside a reorganisation's habit-discontinuity window.
        lurk_push: utility added to aware -> lurking only (a mandate to log in).
        work_share: share of staff whose daily work runs through the platform (0-1).
        onboarding: weekly chance that someone whose work runs through the platform
            starts using it, whatever they think of it.
        support: per-person facilitating support from the CM (lingers).
        boost: per-person utility from being recruited, coached, featured (lingers).
        retention: per-person relapse protection from being answered (lingers).
        persistence: share of a lingering effect left after a week.

    Standing arrangements (kept from week to week, set by the lever that owns
    them and read by others and by the measures through this object):

        cm_person: the community manager's id, -1 when there is none (CM lever).
        cm_present: whether a CM is in post (CM lever; shocks make them leave).
        cm_budget: share of the CM's time the budget still pays (CM lever sets
            1; a budget cut and governance's budget review lower it).
        cm_focus: per department, the CM's effort weight (governance's KPI
            review retargets it; 1 everywhere before any review).
        role_depts: per department, whether it formally holds responsibility
            (governance); ``None`` without the governance lever.
        goal_alignment: how far the community works on the organisation's goals,
            0-1 (governance: KPIs none 0.3, usage 0.5, impact 1.0); 0 without it.
        norms_gain: collaboration norms carried over from the pilot, added to
            ``norms`` every week (launch).
        impact_recent: mean weekly impact over the trailing window (impact
            measure); nothing reads it yet.
        events: this week's event counts (posts, new relapses), left by the
            people's move for the organisational change and the measurement.
    """

    n: int
    available: np.ndarray = field(init=False)
    attention: float = 0.0
    performance: float = 0.0
    integration: float = 0.0
    norms: float = 0.0
    executives: float = 0.0
    novelty: float = 0.0
    disruption: float = 0.0
    lurk_push: float = 0.0
    work_share: float = 0.0
    onboarding: float = 0.0
    persistence: float = 0.7
    support: np.ndarray = field(init=False)
    boost: np.ndarray = field(init=False)
    retention: np.ndarray = field(init=False)
    cm_person: int = -1
    cm_present: bool = False
    cm_budget: float = 1.0
    cm_focus: np.ndarray | None = None
    role_depts: np.ndarray | None = None
    goal_alignment: float = 0.0
    norms_gain: float = 0.0
    impact_recent: float = 0.0
    events: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.available = np.ones(self.n, dtype=bool)
        self.support = np.zeros(self.n)
        self.boost = np.zeros(self.n)
        self.retention = np.zeros(self.n)

    def new_week(self) -> None:
        """Reset the week's scalars and let lingering effects fade."""
        self.attention = self.performance = self.integration = 0.0
        self.norms = self.executives = self.novelty = self.disruption = self.lurk_push = 0.0
        self.work_share = self.onboarding = 0.0
        self.support *= self.persistence
        self.boost *= self.persistence
        self.retention *= self.persistence
