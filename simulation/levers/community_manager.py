"""The community manager: capacity, experience, and a weekly effort budget.

First seed: no community succeeds without an experienced community manager,
a strategist who organises mandate at board level and on the floor; the role
must be formally anchored, not a side job. The CM gathers allies (ambassadors
and change agents), tells success stories, responds to contributors, lobbies
and coaches managers, and trains people. The CM first lands the community
through the existing hierarchy, then works through the informal network.

Capacity: ``fte`` (or ``capacity``: side job 0.2, full time 1.0) times the
budget left after cuts, zero while the CM is gone. One FTE reaches
``reach_per_fte`` x 1,000 people a week (an experienced CM 30 % more);
formal role holders (governance) add a floor of capacity in their
departments that survives the CM leaving.
"""

from __future__ import annotations

import numpy as np

from simulation.levers.base import Lever
from simulation.people import Stage, Stance

FTE = {"none": 0.0, "side_job": 0.2, "full_time": 1.0}
ROLE_FLOOR_FTE = 0.1  # capacity each department with formal roles keeps


class CommunityManagerLever(Lever):
    """Spends the CM's capacity each week; the CM is a person in the hosting department.

    An org chart may name the CM (role ``community_manager``); otherwise the
    keenest non-manager of the hosting department is appointed.
    """

    name = "community_manager"

    def setup(self) -> None:
        """Appoint the CM: the keenest non-manager of the hosting department."""
        m, cm = self.model, self.sc.community_manager
        self.fte = cm.fte if cm.fte is not None else FTE[cm.capacity]
        m.cm_present = self.fte > 0
        m.cm_budget = 1.0
        self.story = 0.0
        self.effective = 0.0
        self.person = -1
        if self.fte > 0:
            p, org = m.people, m.org
            pool = np.flatnonzero((org.dept == m.host_dept) & ~org.is_manager)
            if pool.size == 0:
                pool = np.arange(p.n)
            named = (np.flatnonzero(org.role == "community_manager")
                     if org.role is not None else np.empty(0, np.int64))
            if named.size:  # an org chart names the CM: prefer one in the hosting department
                here = named[org.dept[named] == m.host_dept]
                self.person = int((here if here.size else named)[0])
            else:
                self.person = int(pool[np.argmax(p.innovativeness[pool] + p.taste[pool])])
            m.cm_person = self.person
            p.stage[self.person] = Stage.CONTRIBUTING
            p.habit[self.person] = 0.5
            p.ambassador[self.person] = True
            for ti in (p.ti_aware, p.ti_adopted, p.ti_contrib):
                ti[self.person] = 0

    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Whom the CM's and the role holders' effort reaches, before scaling."""
        m = self.model
        p, org = m.people, m.org
        focus = m.cm_focus[org.dept]
        if m.week < self.sc.community_manager.phase_shift_week:
            # Through the hierarchy: managers, and teams whose manager is a champion.
            w = 1.0 + 3.0 * org.is_manager + 2.0 * (p.stance[m.boss] == Stance.CHAMPION)
        else:
            # Through the informal network: the influential and those already in.
            w = p.influence * (1.0 + 2.0 * (p.stage > Stage.UNAWARE))
        w = w * focus * m.ctx.available
        roles = w * m.role_depts[org.dept]
        return w, roles

    def act(self) -> None:
        """Spend this week's effort: recruit, tell stories, respond, lobby, train."""
        m, cm = self.model, self.sc.community_manager
        p = m.people
        fte = self.fte * m.cm_budget * m.cm_present
        self.effective = fte
        experience = 1.3 if cm.experience == "experienced" else 1.0
        scale = cm.reach_per_fte * 1000.0 * experience
        w, w_roles = self._weights()
        reach = np.zeros(p.n)
        if fte > 0 and w.sum() > 0:
            reach += fte * scale * w / w.sum()
        n_role_depts = int(m.role_depts.sum())
        if n_role_depts and w_roles.sum() > 0:
            reach += ROLE_FLOOR_FTE * n_role_depts * scale * w_roles / w_roles.sum()
        reach = np.minimum(reach, 1.0)
        draw = self.rng.random((2, p.n))
        reached = draw[0] < reach
        if m.week < self.sc.launch.week:
            reached[:] = False
        split = np.array([cm.recruiting, cm.storytelling, cm.responding, cm.lobbying, cm.training])
        split = split / split.sum() if split.sum() > 0 else split
        recruit, story, respond, lobby, train = split
        total_fte = fte + ROLE_FLOOR_FTE * n_role_depts
        # Everyone reached gets help (facilitating conditions) and hears of it.
        m.ctx.support[reached] += 0.5
        hears = reached & (p.stage == Stage.UNAWARE) & m.ctx.available
        p.stage[hears] = Stage.AWARE
        p.ti_aware[hears & (p.ti_aware < 0)] = m.week
        # Recruiting ambassadors and change agents among the keen.
        keen = reached & (p.stage >= Stage.AWARE) & (p.stage <= Stage.LURKING)
        new_amb = keen & (draw[1] < recruit * (1.0 + 0.5 * (p.innovativeness > 0)))
        p.ambassador |= new_amb
        p.threshold[new_amb] = 0
        m.ctx.boost[new_amb] += 1.0
        # Stories raise expected performance organisation-wide; they fade.
        self.story = 0.9 * self.story + 0.03 * story * total_fte * experience
        # Responding to contributors: reward keeps them.
        contributors = reached & (p.stage >= Stage.CONTRIBUTING) & (p.stage <= Stage.EMBEDDED)
        m.ctx.retention[contributors] = np.maximum(m.ctx.retention[contributors],
                                                   min(0.9, 1.5 * respond))
        # Lobbying and coaching managers.
        mgr = reached & m.org.is_manager
        p.coached |= mgr & (draw[1] < 2 * lobby)
        convert = (0.3 if cm.experience == "experienced" else 0.15) * lobby
        to_champ = mgr & (p.stance == Stance.NEUTRAL) & (draw[1] < convert)
        to_neutral = mgr & (p.stance == Stance.SCEPTIC) & (draw[1] < convert / 2)
        p.stance[to_champ] = Stance.CHAMPION
        p.stance[to_neutral] = Stance.NEUTRAL
        # Training.
        p.trained |= reached & (p.stage >= Stage.AWARE) & (draw[1] < train * 2)

    def prepare(self) -> None:
        """Carry last week's stories and an experienced CM's mandate into this week."""
        m, cm = self.model, self.sc.community_manager
        m.ctx.performance += self.story
        if cm.experience == "experienced" and m.cm_present and self.fte > 0:
            m.ctx.executives += 0.2 * min(1.0, self.fte * m.cm_budget)  # board-level mandate
            m.ctx.norms += 0.05  # and on the floor

    def report(self) -> dict[str, float]:
        """Effective CM capacity this week."""
        return {"cm_fte": self.effective}
