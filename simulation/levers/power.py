"""Power threat: managers who lose informal standing may turn against the community.

Embedding guide: the community transforms the organisation; power positions come
under pressure because people low in the hierarchy can gain large influence
through the informal network — and not everyone likes that.

Each week, for every manager (vectorised over managers):

    standing_t = influence_t / mean influence of the manager's direct reports
                 (``power.reference = "reports"``), or influence_t itself ("start")
    loss_t     = 1 - standing_t / standing_0          (0 = as at week 0)
    threatened = loss_t > ``power.threat_threshold``

A threatened *neutral* manager turns sceptic with probability
``power.sceptic_rate`` per week — unless a champion, a featured sponsor
(``people.featured``: they tied their reputation to it) or coached by the CM
(``people.coached``). A sceptic's reports see a -1 manager signal
(``dynamics.manager_signal``), which dampens their adoption: the backlash
feeds on the very success that caused it.

Interaction with the CM's phase shift (``community_manager.phase_shift_week``):
before the shift the CM works through the hierarchy and spends effort on
managers, coaching some of them (which shields them here); after it the CM
works through the informal network — its effort goes to influential and
already-involved people, which speeds up their gain in influence and coaches
few new managers. A CM who shifts before the managers are on board therefore
provokes more power sceptics; "hierarchy first" buys the protection that the
later flattening needs.
"""

from __future__ import annotations

import numpy as np

from simulation.engine.people import Stance
from simulation.levers.base import Lever


class PowerThreat(Lever):
    """Neutral managers who lose relative influence may turn sceptic."""

    name = "power"

    def setup(self) -> None:
        """Remember every manager's standing at the start."""
        m = self.model
        self.managers = np.flatnonzero(m.org.is_manager)
        self.standing0 = self._standing()
        self.threatened = np.zeros(self.managers.size, dtype=bool)
        self._seen = m.people.influence  # loss is re-evaluated only when influence changes
        self.turned = np.zeros(self.managers.size, dtype=bool)

    def _standing(self) -> np.ndarray:
        """Each manager's influence, relative to their reports' mean if so configured."""
        m = self.model
        infl = m.people.influence
        own = infl[self.managers]
        if self.sc.power.reference == "start":
            return own.copy()
        org = m.org
        child = np.flatnonzero(org.parent >= 0)
        total = np.bincount(org.parent[child], weights=infl[child], minlength=org.size)
        mean_reports = total[self.managers] / np.maximum(org.n_reports[self.managers], 1)
        return own / np.maximum(mean_reports, 1e-12)

    def act(self) -> None:
        """Feel the loss; some unprotected neutral managers turn sceptic."""
        pw = self.sc.power
        if not pw.enabled or self.managers.size == 0 or self.sc.reduced.mode != "full":
            return
        m = self.model
        p = m.people
        mg = self.managers
        if p.influence is not self._seen:
            loss = 1.0 - self._standing() / np.maximum(self.standing0, 1e-12)
            self.threatened = loss > pw.threat_threshold
            self._seen = p.influence
        protected = p.featured[mg] | p.coached[mg] | (p.stance[mg] == Stance.CHAMPION)
        draw = self.rng.random(mg.size)
        turn = (self.threatened & ~protected & (p.stance[mg] == Stance.NEUTRAL)
                & (draw < pw.sceptic_rate))
        p.stance[mg[turn]] = Stance.SCEPTIC
        self.turned |= turn

    def report(self) -> dict[str, float]:
        """Shares of managers under threat now, and turned sceptic by it so far."""
        if self.managers.size == 0:
            return {"threatened_managers": 0.0, "power_sceptics": 0.0}
        return {"threatened_managers": float(self.threatened.mean()),
                "power_sceptics": float(self.turned.mean())}
