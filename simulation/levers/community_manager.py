"""The community manager: capacity, experience, and a weekly effort budget.

Why (embedding guide): no community succeeds without an experienced community
manager, a strategist who organises mandate at board level and on the floor;
the role must be formally anchored, not a side job (a full-time job for an
average community). The CM gathers allies (ambassadors and change agents),
tells success stories, responds to contributors, lobbies and coaches
managers, and trains people. The CM first lands the community through the
existing hierarchy, then works through the informal network.

Parameters (``[community_manager]``; ``governance.role_fte``):
    capacity / fte: none, side job (0.2 FTE), full time (1.0), or explicit FTE.
    experience: junior or experienced (30 % more reach, 2.5 x the lobbying
        success, and a mandate at board level and on the floor).
    reach_per_fte: people one FTE contacts per week, as a share of 1,000
        (0.12 = 120 people a week, whatever the organisation's size).
    recruiting / storytelling / responding / lobbying / training: the split
        of the weekly effort (normalised to sum 1).
    phase_shift_week: weeks after the organisation-wide launch when the CM
        moves from the hierarchy to the informal network.
    change_agents: the ambassador + change-agent group is recruited up to this
        share of headcount.

Paths of effect (each week, after the people moved; capacity =
fte x budget left after cuts x present, plus ``role_fte`` per department with
formal roles, which works only inside that department and survives the CM
leaving and budget cuts):
    * every person contacted: facilitating support ``ctx.support`` +0.5
      (lingers) and, if unaware, becomes aware;
    * recruiting (keen people, innovators first): about one in three asked
      becomes a change agent: threshold 0 for complex contagion, starts
      contributing, ``ctx.boost`` +1;
    * storytelling: ``ctx.performance`` (expected performance, org-wide),
      a stock that fades by 10 % a week;
    * responding (to people who posted this week): ``ctx.retention`` 0.5,
      halving their relapse hazard while it lingers;
    * lobbying (managers): coached (shielded from the power threat in
      ``change.py``); neutral -> champion, sceptic -> neutral;
    * training: ``people.trained`` (lower effort, facilitating conditions);
    * the CM writes ``CM_POSTS`` (10) posts a week per FTE (their posting
      propensity is raised while in the role): content, so usefulness
      (``content_value``) for everyone; it stops when the CM leaves;
    * experienced CM present: ``ctx.executives`` +0.2 x FTE (board mandate),
      ``ctx.norms`` +0.05 (floor mandate);
    * the CM person never relapses while in the role.
Whom the effort reaches: before the phase shift, weight 1 + 3 for managers
+ 2 for people whose manager is a champion (through the hierarchy); after
it, informal influence x (1 + 2 if aware) (through the informal network);
times the KPI focus on lagging departments (``model.ctx.cm_focus``).
Contacts are Bernoulli draws with probability capacity x share x weight /
total weight, so the expected number contacted is exactly the budget.

Shocks call :meth:`CommunityManagerLever.leave` and :meth:`hire_successor`.
"""

from __future__ import annotations

import math

import numpy as np

from simulation.engine.agents import CommunityManager, Employee
from simulation.engine.people import Stage, Stance
from simulation.levers.base import Lever

FTE = {"none": 0.0, "side_job": 0.2, "full_time": 1.0}  # the names of the capacity key


def saturating(stock: float, cap: float) -> float:
    """A stock's effect that approaches ``cap``: the tenth story convinces less than the first."""
    return cap * (1.0 - math.exp(-stock / cap))


class CommunityManagerLever(Lever):
    """Spends the CM's capacity each week; the CM is a person in the hosting department.

    An org chart may name the CM (role ``community_manager``); otherwise, and
    for a successor when no other is named, the keenest non-manager of the
    hosting department is appointed.
    """

    name = "community_manager"

    def setup(self) -> None:
        """Appoint the CM: the keenest non-manager of the hosting department."""
        m, cm = self.model, self.sc.community_manager
        self.fte = cm.fte if cm.fte is not None else FTE[cm.capacity]
        la = self.sc.launch
        self.org_launch = la.week + la.pilot_weeks
        m.ctx.cm_present = self.fte > 0
        m.ctx.cm_budget = 1.0
        self.story = 0.0
        self.effective = 0.0
        self.role_capacity = 0.0
        self.former: list[int] = []
        self.person = -1
        if self.fte > 0:
            self._appoint()

    # -- the person in the role ---------------------------------------------------
    def _appoint(self) -> None:
        """Make the keenest eligible non-manager of the hosting department the CM."""
        m = self.model
        p, org = m.people, m.org
        eligible = ~org.is_manager
        eligible[self.former] = False
        named = (np.flatnonzero(org.role == "community_manager")
                 if org.role is not None else np.empty(0, np.int64))
        named = np.setdiff1d(named, self.former)
        pool = np.flatnonzero((org.dept == m.host_dept) & eligible)
        if pool.size == 0:
            pool = np.flatnonzero(eligible) if eligible.any() else np.arange(p.n)
        if named.size:  # an org chart names the CM: prefer one in the hosting department
            here = named[org.dept[named] == m.host_dept]
            self.person = int((here if here.size else named)[0])
        else:
            self.person = int(pool[np.argmax(p.innovativeness[pool] + p.taste[pool])])
        m.ctx.cm_person = self.person
        pid = self.person
        self.own_propensity = float(p.propensity[pid])
        if not Stage.CONTRIBUTING <= p.stage[pid] <= Stage.EMBEDDED:
            p.stage[pid] = Stage.CONTRIBUTING
        p.habit[pid] = max(p.habit[pid], 0.5)
        p.ambassador[pid] = True
        p.threshold[pid] = 0
        for ti in (p.ti_aware, p.ti_adopted, p.ti_contrib):
            if ti[pid] < 0:
                ti[pid] = m.week
        self._swap_agent(pid, CommunityManager)

    def _swap_agent(self, pid: int, kind: type[Employee]) -> None:
        """Give person ``pid`` a Mesa agent of class ``kind`` (only if agents exist)."""
        m = self.model
        if getattr(m, "grid", None) is None:  # agents not placed (yet, or at all)
            return
        old = next((a for a in m.agents if getattr(a, "pid", None) == pid), None)
        if old is None or type(old) is kind:
            return
        cell = old.cell
        old.remove()
        new = kind(m, pid)
        new.cell = cell

    def leave(self) -> None:
        """The CM leaves the role: capacity drops to zero (role holders remain)."""
        m = self.model
        m.ctx.cm_present = False
        if self.person >= 0:
            self.former.append(self.person)
            m.people.propensity[self.person] = self.own_propensity
            self._swap_agent(self.person, Employee)
        self.person = -1
        m.ctx.cm_person = -1

    def hire_successor(self) -> None:
        """A successor, with the same capacity and experience, starts in the role."""
        if self.fte <= 0:
            return
        self.model.ctx.cm_present = True
        self._appoint()

    # -- the week ---------------------------------------------------------------------
    def prepare(self) -> None:
        """Carry stories and an experienced CM's mandate into this week; keep the CM active."""
        m, cm = self.model, self.sc.community_manager
        m.ctx.performance += saturating(self.story, cm.story_cap)
        if not (m.ctx.cm_present and self.fte > 0):
            return
        if cm.experience == "experienced" and m.week >= self.sc.launch.week:
            m.ctx.executives += cm.board_mandate * min(1.0, self.fte * m.ctx.cm_budget)
            m.ctx.norms += cm.floor_mandate  # and on the floor
        if self.person >= 0:
            pid = self.person
            m.ctx.retention[pid] = 1.0
            # The CM writes: posts scale with the capacity left after cuts.
            rate = max(self.sc.dynamics.posts_contributing, 1e-9)
            m.people.propensity[pid] = (self.own_propensity
                                        + cm.cm_posts * self.fte * m.ctx.cm_budget / rate)

    def _weights(self) -> np.ndarray:
        """Whom the effort reaches: the hierarchy first, the informal network later."""
        m = self.model
        p, org = m.people, m.org
        if m.week < self.org_launch + self.sc.community_manager.phase_shift_week:
            w = 1.0 + 3.0 * org.is_manager + 2.0 * (p.stance[m.boss] == Stance.CHAMPION)
        else:
            w = p.influence * (1.0 + 2.0 * (p.stage > Stage.UNAWARE))
        return w * m.ctx.cm_focus[org.dept] * m.ctx.available

    def _contacts(self, eligible: np.ndarray, effort: float, w: np.ndarray,
                  in_roles: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Bernoulli contacts among ``eligible``: expected count = capacity x effort share."""
        prob = np.zeros(w.size)
        for capacity, mask in ((self.effective, None), (self.role_capacity, in_roles)):
            ww = w * eligible if mask is None else w * eligible * mask
            total = ww.sum()
            if capacity > 0 and total > 0:
                prob += capacity * effort * self.scale * ww / total
        return u < np.minimum(prob, 1.0)

    def act(self) -> None:
        """Spend this week's effort: recruit, tell stories, respond, lobby, train."""
        m, cm, gov = self.model, self.sc.community_manager, self.sc.governance
        p, org = m.people, m.org
        self.effective = self.fte * m.ctx.cm_budget * m.ctx.cm_present
        n_roles = int(m.ctx.role_depts.sum())
        self.role_capacity = gov.role_fte * n_roles
        u = self.rng.random((7, p.n))  # drawn every week: common random numbers
        if m.week < self.sc.launch.week or self.effective + self.role_capacity <= 0:
            return
        # Finite hours: a fixed number of people a week per FTE, whatever the headcount.
        reach = cm.experienced_reach if cm.experience == "experienced" else 1.0
        self.scale = cm.contacts_per_fte * reach
        split = np.array([cm.recruiting, cm.storytelling, cm.responding, cm.lobbying,
                          cm.training])
        recruit, story, respond, lobby, train = split / split.sum() if split.sum() else split
        w = self._weights()
        in_roles = m.ctx.role_depts[org.dept]
        avail = m.ctx.available
        stage = p.stage
        # Recruiting change agents among the keen, up to the group's target size.
        keen = avail & ~p.ambassador & ((stage <= Stage.LURKING) | (stage == Stage.LAPSED))
        recruited = np.zeros(p.n, dtype=bool)
        if p.ambassador.sum() < cm.change_agents * p.n:
            asked = self._contacts(keen, recruit, w * (1.0 + (p.innovativeness > 0)),
                                   in_roles, u[0])
            recruited = asked & (u[5] < cm.recruit_yes)
            contacted = asked
        else:
            contacted = np.zeros(p.n, dtype=bool)
        # Responding to those who posted this week: being answered keeps people.
        answered = self._contacts(p.posts > 0, respond, m.ctx.cm_focus[org.dept], in_roles, u[1])
        # Lobbying and coaching managers.
        lobbied = self._contacts(org.is_manager & avail, lobby, w, in_roles, u[2])
        # Training: invitations to those not yet trained who know the platform; half attend.
        invited = self._contacts(avail & ~p.trained & (stage > Stage.UNAWARE), train, w,
                                 in_roles, u[3])
        trained = invited & (u[6] < cm.train_attend)
        contacted = contacted | answered | lobbied | invited
        # Everyone contacted gets help (facilitating conditions) and hears of it.
        # Help saturates: each contact closes part of the gap to the cap.
        sup = m.ctx.support
        sup[contacted] += cm.contact_support * (1.0 - sup[contacted] / cm.support_cap)
        hears = contacted & (stage == Stage.UNAWARE)
        stage[hears] = Stage.AWARE
        p.ti_aware[hears & (p.ti_aware < 0)] = m.week
        p.ambassador |= recruited
        p.threshold[recruited] = 0
        start = recruited & ((stage <= Stage.LURKING) | (stage == Stage.LAPSED))
        stage[start] = Stage.CONTRIBUTING
        for ti in (p.ti_aware, p.ti_adopted, p.ti_contrib):
            ti[start & (ti < 0)] = m.week
        m.ctx.boost[recruited] += cm.recruit_boost
        m.ctx.retention[answered] = np.maximum(m.ctx.retention[answered], cm.respond_retention)
        p.coached |= lobbied
        convert = cm.convert_experienced if cm.experience == "experienced" else cm.convert_junior
        p.stance[lobbied & (p.stance == Stance.NEUTRAL) & (u[4] < convert)] = Stance.CHAMPION
        p.stance[lobbied & (p.stance == Stance.SCEPTIC) & (u[4] < convert / 2)] = Stance.NEUTRAL
        p.trained |= trained
        total = self.effective + self.role_capacity
        reach = cm.experienced_reach if cm.experience == "experienced" else 1.0
        self.story = cm.story_keep * self.story + cm.story_gain * story * total * reach

    def report(self) -> dict[str, float]:
        """Effective CM capacity, role holders' capacity, and the change-agent group."""
        return {"cm_fte": self.effective, "role_fte": self.role_capacity,
                "change_agents": float(self.model.people.ambassador.mean())}
