"""The one small interface every lever implements.

A lever is an intervention or a circumstance (a community manager, a
campaign, a reorganisation). It reads the scenario, may set people up at the
start, and acts each week by writing into the week's
:class:`~simulation.engine.context.Context`. A new intervention is a new file with a
subclass of :class:`Lever`, added to ``simulation.levers.LEVERS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from simulation.engine.component import Component

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


class Lever(Component):
    """Base class: override what the lever needs, leave the rest.

    Hooks, in the order they run each week:
        ``prepare()`` at the start of the week, before the people move
        (schedules, shocks, attention); ``act()`` after the people moved
        (the CM and managers respond to what they see).
    """

    name: ClassVar[str] = "lever"

    def __init__(self, model: CommunityModel) -> None:
        super().__init__(model)
        # Each lever draws from its own stream, so switching one lever on or off
        # leaves every other random draw unchanged (common random numbers).
        self.rng = model.stream(self.name)
