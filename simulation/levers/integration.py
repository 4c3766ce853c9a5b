"""Process integration: work that runs through the platform.

Second seed: integration in work processes is the strongest predictor of
lasting activity — people use the platform because their work runs through
it. The level (0-1) follows a schedule of ``[week, level]`` steps. It raises
expected performance, makes use regular, and shields embedded people from
relapse (``dynamics.people_step``).
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
