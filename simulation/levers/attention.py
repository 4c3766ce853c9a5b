"""Attention value: online and offline channels, and adoption campaigns.

Second seed: usage needs *attention value* — how much the organisation's
channels (intranet, magazines, events, social media) bring the platform to
people's attention. First seed: an adoption campaign featuring sponsors
(posters, videos, personal stories) draws more attention. A campaign burst
also renews some of the novelty.
"""

from __future__ import annotations

import numpy as np

from simulation.levers.base import Lever


class Attention(Lever):
    """Channels always on after launch; campaign bursts on top."""

    name = "attention"

    def setup(self) -> None:
        """Work out the campaign weeks (launch, plus later bursts after the launch)."""
        la, at = self.sc.launch, self.sc.attention
        self.launch = la.week + la.pilot_weeks
        self.bursts = [self.launch] if self.sc.sponsorship.campaign else []
        self.bursts += [self.launch + b for b in at.campaign_bursts if b > 0]
        self.value = 0.0

    def prepare(self) -> None:
        """Set this week's awareness hazard and any burst novelty."""
        m, at, sp = self.model, self.sc.attention, self.sc.sponsorship
        week = m.week
        if week < self.sc.launch.week:
            self.value = 0.0
            return
        value = at.channels
        featured = 1.5 if sp.feature_sponsors and sp.champion_share > 0 else 1.0
        for start in self.bursts:
            if start <= week < start + at.campaign_weeks:
                value += at.campaign_boost * featured
            if start != self.launch and week >= start:
                since = week - start
                m.ctx.novelty += 0.5 * self.sc.dynamics.novelty * float(
                    np.exp(-since / self.sc.dynamics.novelty_tau))
        self.value = value
        m.ctx.attention += value

    def report(self) -> dict[str, float]:
        """The week's attention value (awareness hazard from channels and campaigns)."""
        return {"attention": self.value}
