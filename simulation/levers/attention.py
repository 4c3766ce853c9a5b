"""Attention value: online and offline channels, and adoption campaigns.

Why: the four-conditions article says usage needs *attention value* — how much the
organisation's online channels (intranet, newsletters, social media) and
offline channels (magazines, events, posters) bring the platform to people's
attention. The embedding guide adds the adoption campaign, which draws more
attention when it features sponsors (posters, videos, personal stories).

Parameters (``[attention]``):
    channels, offline: awareness hazard per week from online and offline
        channels, always on from the launch.
    schedule: ``[[week, multiplier], ...]`` channel intensity over time,
        weeks counted from the organisation-wide launch (a step function).
    salience: utility per unit of channel attention (reminders).
    campaign_boost, campaign_weeks: a campaign burst's extra hazard and
        length; ``sponsorship.campaign`` runs one at the launch, and
        ``campaign_bursts`` lists later bursts (weeks after the launch).

Paths of effect:
    * ``ctx.attention`` (unaware -> aware hazard) = intensity x (channels +
      offline) + campaign_boost during a burst (x 1.5 when sponsors are
      featured). Open to whoever can reach the platform (pilot first).
    * ``ctx.novelty`` += salience x intensity x (channels + offline): channels
      keep reminding people who already know it, a small lasting utility for
      everyone (otherwise attention would stop mattering once all are aware).
    * a later campaign burst renews half the launch novelty, fading with
      ``novelty_tau``: a second, smaller honeymoon.
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

    def intensity(self, week: int) -> float:
        """The channel intensity multiplier in force ``week`` weeks after the launch."""
        level = 1.0
        for start, value in self.sc.attention.schedule:
            if week >= start:
                level = value
        return level

    def prepare(self) -> None:
        """Set this week's awareness hazard, reminders, and any burst novelty."""
        m, at, sp = self.model, self.sc.attention, self.sc.sponsorship
        week = m.week
        if week < self.sc.launch.week:
            self.value = 0.0
            return
        channels = self.intensity(max(0, week - self.launch)) * (at.channels + at.offline)
        value = channels
        featured = at.featured_attention if sp.feature_sponsors and sp.champion_share > 0 else 1.0
        for start in self.bursts:
            if start <= week < start + at.campaign_weeks:
                value += at.campaign_boost * featured
            if start != self.launch and week >= start:
                since = week - start
                m.ctx.novelty += self.sc.attention.burst_novelty * self.sc.dynamics.novelty * float(
                    np.exp(-since / self.sc.dynamics.novelty_tau))
        m.ctx.novelty += at.salience * channels
        self.value = value
        m.ctx.attention += value

    def report(self) -> dict[str, float]:
        """The week's attention value (awareness hazard from channels and campaigns)."""
        return {"attention": self.value}
