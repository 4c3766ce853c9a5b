"""Process integration: work that runs through the platform.

Why: the four-conditions article names integration in work processes the strongest
predictor of lasting activity — people use the platform because their work
runs through it, not because they like it. McKinsey (2012) found
embeddedness in daily work correlated strongly with benefits.

Parameters (``[integration]``):
    schedule: ``[[week, level], ...]``, a step function of the share of work
        (0-1) that runs through the platform from that week on (absolute
        weeks, so integration can precede or follow the launch).

Paths of effect (read by ``dynamics.people_step`` from ``ctx.integration``):
    * usefulness: + level in the performance term of the utility
      (``w_performance``), so adoption and re-entry rise;
    * use: P(use in a week) = level + (1 - level) x the usual choice, so
      active people keep using it and build habit even when they are not keen;
    * durable embedding: embedded people's relapse hazard x (1 - level) — the
      reason they are embedded does not go away.
"""

from __future__ import annotations

from simulation.levers.base import Lever


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
        """Apply the schedule."""
        self.model.ctx.integration = self.level_at(self.model.week)

    def report(self) -> dict[str, float]:
        """The integration level this week."""
        return {"integration": self.model.ctx.integration}
