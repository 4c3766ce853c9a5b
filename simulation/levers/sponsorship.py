"""Manager sponsorship: champions, the campaign that features them, a mandate.

First seed: managers must set the example — people look at them. Not every
manager comes along; find the few with a warm heart for it, make them
sponsors and feature them in the adoption campaign so that they tie their
reputation to its success (featured sponsors never drop out), and train them
after adoption. A mandate from the top without conviction makes people log
in (``lurk_push``) but gives no reason to contribute.
"""

from __future__ import annotations

import numpy as np

from simulation.levers.base import Lever
from simulation.people import Stance


class Sponsorship(Lever):
    """Sets managers' stances and lets trained managers come round."""

    name = "sponsorship"

    def setup(self) -> None:
        """Champions are the warmest-hearted managers, sceptics the coolest."""
        m, sp = self.model, self.sc.sponsorship
        p = m.people
        managers = np.flatnonzero(m.org.is_manager)
        self.managers = managers
        if managers.size == 0:
            return
        warmth = p.innovativeness[managers] + p.taste[managers]
        order = managers[np.argsort(-warmth, kind="stable")]
        n_champ = int(round(sp.champion_share * managers.size))
        n_scept = min(int(round(sp.sceptic_share * managers.size)), managers.size - n_champ)
        p.stance[order[:n_champ]] = Stance.CHAMPION
        if n_scept:
            p.stance[order[managers.size - n_scept:]] = Stance.SCEPTIC
        if sp.campaign and sp.feature_sponsors:
            p.featured[order[:n_champ]] = True
        # Champions hear of it first.
        champs = order[:n_champ]
        p.stage[champs] = np.maximum(p.stage[champs], 1)
        p.ti_aware[champs] = np.where(p.ti_aware[champs] < 0, 0, p.ti_aware[champs])

    def prepare(self) -> None:
        """A mandate pushes people to log in and makes the board visibly for it."""
        m, sp = self.model, self.sc.sponsorship
        if sp.mandate_from_top and m.week >= self.sc.launch.week:
            m.ctx.lurk_push += 1.0
            m.ctx.executives += 0.3
        # Featured sponsors tied their reputation to it: they use it visibly.
        feat = m.people.featured
        if feat.any():
            m.ctx.boost[feat] = np.maximum(m.ctx.boost[feat], 2.0)

    def act(self) -> None:
        """Trained managers who use it may become champions (training after adoption)."""
        m, gov = self.model, self.sc.governance
        if not gov.train_managers or self.managers.size == 0:
            return
        p = m.people
        mg = self.managers
        draw = self.rng.random(mg.size)
        come_round = p.trained[mg] & p.is_active()[mg] & (p.stance[mg] == Stance.NEUTRAL)
        p.stance[mg[come_round & (draw < 0.05)]] = Stance.CHAMPION

    def report(self) -> dict[str, float]:
        """Shares of managers who are champions and sceptics."""
        mg = self.managers
        if mg.size == 0:
            return {"champions": 0.0, "sceptics": 0.0}
        st = self.model.people.stance[mg]
        return {"champions": float(np.mean(st > 0)), "sceptics": float(np.mean(st < 0))}
