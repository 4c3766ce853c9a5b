"""Process integration: work that runs through the platform.

Why: the four-conditions article names integration in work processes the strongest
predictor of lasting activity — people use the platform because their work
runs through it, not because they like it. McKinsey (2012) found
embeddedness in daily work correlated strongly with benefits.

Parameters (``[integration]``):
    schedule: ``[[week, level], ...]``, a step function of the share of work
        (0-1) that runs through the platform from that week on (absolute
        weeks, so integration can precede or follow the launch).

    concavity: k in the share of staff whose work runs through the platform,
        (1 - exp(-k L)) / (1 - exp(-k)): the first processes moved are the broad
        ones (a helpdesk, company news), later ones touch fewer people, so each
        step of integration adds less than the one before.
    onboarding: weekly chance that such a person starts using it.

Paths of effect (read by ``dynamics.people_step`` from ``ctx``):
    * usefulness: + level in the performance term of the utility
      (``w_performance``), so adoption and re-entry rise for everyone;
    * whose work runs through it (``ctx.work_share``; a person's fixed
      ``work_rank`` below it): told and onboarded (``ctx.onboarding``, also
      for joiners), use it every week and do not relapse while it lasts;
      when the level falls, they are back to choosing.
"""

from __future__ import annotations

import math

from simulation.levers.base import Lever


def work_share(level: float, k: float) -> float:
    """Share of staff whose work runs through the platform at integration ``level``.

    Concave in the level for k > 0 (diminishing returns of moving more processes).
    """
    if k <= 1e-9:
        return level
    return (1.0 - math.exp(-k * level)) / (1.0 - math.exp(-k))


class Integration(Lever):
    """Sets ``ctx.integration`` from the schedule each week."""

    name = "integration"

    def level_at(self, week: int) -> float:
        """The scheduled integration level in force at ``week``."""
        level = 0.0
        for start, value in self.sc.integration.schedule:
            if week >= start:
                level = value
        return level

    def prepare(self) -> None:
        """Apply the schedule: the level, and the share of staff it reaches."""
        ig, ctx = self.sc.integration, self.model.ctx
        level = self.level_at(self.model.week)
        ctx.integration = level
        ctx.work_share = work_share(level, ig.concavity)
        ctx.onboarding = ig.onboarding if level > 0 else 0.0

    def report(self) -> dict[str, float]:
        """The integration level this week."""
        return {"integration": self.model.ctx.integration,
                "work_share": self.model.ctx.work_share}
