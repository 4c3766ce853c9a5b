"""Manager sponsorship: champions, the campaign that features them, a mandate.

Why (embedding guide): managers must set the example — people look at them. Not
every manager comes along; find the few with a warm heart for it, make them
sponsors and feature them in the adoption campaign (posters, videos, personal
stories) so that they tie their reputation to its success, and train them
after adoption. A mandate from the top without conviction is the opposite:
an order to log in, with nobody at the top setting the example.

Parameters (``[sponsorship]``):
    champion_share: share of managers who are champions (sponsors), chosen as
        the warmest-hearted (innovativeness + taste) managers.
    sceptic_share: share who are sceptics, the coolest-hearted.
    campaign, feature_sponsors: an adoption campaign at launch, featuring
        the champions.
    mandate_from_top, mandate_push: the board orders use.

Paths of effect:
    * champions: ``people.stance``; a champion's reports feel the manager
      signal in the utility (``w_manager``: +0.5, +1 if the champion also
      contributes; a sceptic -1), and champions among the top levels count as
      executives' visible use (``w_executives``). Champions hear of it first
      (aware as soon as they can reach the platform).
    * featured sponsors (campaign + feature_sponsors): start contributing at
      the organisation-wide launch, ``ctx.retention`` = 1 every week (they
      never drop out) and their stance is re-asserted as champion every week
      (they tied their reputation to it, so no power threat turns them).
      The attention lever gives a featuring campaign 1.5 x the attention.
    * mandate without conviction: ``ctx.lurk_push`` +``mandate_push`` on
      aware -> lurking only (people log in because they must), plus the memo
      makes everyone aware in the launch week. It adds nothing to
      contributing, habit or relapse, and the board does not use it more.
    * training of managers after adoption (``governance.train_managers``):
      trained managers who use the platform turn from neutral to champion
      with probability 0.05 a week.
"""

from __future__ import annotations

import numpy as np

from simulation.engine.people import Stage, Stance
from simulation.levers.base import Lever


class Sponsorship(Lever):
    """Sets managers' stances and lets trained managers come round."""

    name = "sponsorship"

    def setup(self) -> None:
        """Champions are the warmest-hearted managers, sceptics the coolest."""
        m, sp = self.model, self.sc.sponsorship
        p = m.people
        managers = np.flatnonzero(m.org.is_manager)
        self.managers = managers
        self.champions = np.zeros(p.n, dtype=bool)
        la = self.sc.launch
        self.org_launch = la.week + la.pilot_weeks
        if managers.size == 0:
            return
        warmth = p.innovativeness[managers] + p.taste[managers]
        order = managers[np.argsort(-warmth, kind="stable")]
        n_champ = int(round(sp.champion_share * managers.size))
        n_scept = min(int(round(sp.sceptic_share * managers.size)), managers.size - n_champ)
        p.stance[order[:n_champ]] = Stance.CHAMPION
        self.champions[order[:n_champ]] = True
        if n_scept:
            p.stance[order[managers.size - n_scept:]] = Stance.SCEPTIC
        if sp.campaign and sp.feature_sponsors:
            p.featured[order[:n_champ]] = True

    def prepare(self) -> None:
        """Champions hear first; featured sponsors stay; a mandate pushes logins."""
        m, sp = self.model, self.sc.sponsorship
        p, ctx = m.people, m.ctx
        week = m.week
        if week < self.sc.launch.week:
            return
        hear = self.champions & ctx.available & (p.stage == Stage.UNAWARE)
        p.stage[hear] = Stage.AWARE
        p.ti_aware[hear & (p.ti_aware < 0)] = week
        feat = p.featured
        if feat.any() and week >= self.org_launch:
            if week == self.org_launch:
                start = feat & ((p.stage <= Stage.LURKING) | (p.stage == Stage.LAPSED))
                p.stage[start] = Stage.CONTRIBUTING
                for ti in (p.ti_aware, p.ti_adopted, p.ti_contrib):
                    ti[start & (ti < 0)] = week
            ctx.retention[feat] = 1.0
            p.stance[feat] = Stance.CHAMPION
        if sp.mandate_from_top and week >= self.org_launch:
            ctx.lurk_push += sp.mandate_push
            if week == self.org_launch:
                ctx.attention += self.sc.sponsorship.memo_attention

    def act(self) -> None:
        """Trained managers who use it may become champions (training after adoption)."""
        m, gov = self.model, self.sc.governance
        draw = self.rng.random(self.managers.size)  # every week: common random numbers
        if not gov.train_managers or self.managers.size == 0:
            return
        p = m.people
        mg = self.managers
        come_round = p.trained[mg] & p.is_active()[mg] & (p.stance[mg] == Stance.NEUTRAL)
        p.stance[mg[come_round & (draw < self.sc.sponsorship.come_round)]] = Stance.CHAMPION

    def report(self) -> dict[str, float]:
        """Shares of managers who are champions and sceptics."""
        mg = self.managers
        if mg.size == 0:
            return {"champions": 0.0, "sceptics": 0.0}
        st = self.model.people.stance[mg]
        return {"champions": float(np.mean(st > 0)), "sceptics": float(np.mean(st < 0))}
