"""The one shape of everything that takes part in a week: levers, people, organisational change.

The model keeps one ordered list of components (see ``CommunityModel``) and
walks it twice a week: every ``prepare()`` in list order (before anyone
moves: write this week's context), then every ``act()`` in list order (the
week's moves: people, then the CM and managers, then the organisation).
``setup()`` runs once, in list order, before week 0 is recorded; ``report()``
gives each component's columns of the time series (declared in
:mod:`simulation.measures.catalogue`).

State a component shares with others lives in the model's
:class:`~simulation.engine.context.Context`, never as an attribute set on the
model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


class Component:
    """Base class: override the hooks the component needs, leave the rest."""

    name: ClassVar[str] = "component"

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        self.sc = model.params

    def setup(self) -> None:
        """Set up before week 0 is recorded (called once)."""

    def prepare(self) -> None:
        """Write this week's context before anyone moves."""

    def act(self) -> None:
        """This component's move of the week, after every component prepared."""

    def report(self) -> dict[str, float]:
        """Extra columns for the time series (name -> value this week)."""
        return {}
