"""Mesa agents: the public face of the people.

Each person is a Mesa agent placed on a node of the organisation's
:class:`mesa.discrete_space.Network`. Agents hold no state of their own: their
properties read the model's arrays (``simulation.engine.people``), so what an agent
reports is exactly what the vectorised dynamics computed. Managers and the
community manager are subclasses, so ``model.agents_by_type[Manager]`` works
as in any Mesa model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from simulation.engine.people import ROGERS, STAGES, Stance

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


class Employee(FixedAgent):
    """A person in the organisation; reads its state from the model's arrays."""

    def __init__(self, model: CommunityModel, pid: int) -> None:
        super().__init__(model)
        self.pid = pid

    @property
    def stage(self) -> str:
        """Stage name: unaware, aware, lurking, contributing, embedded or lapsed."""
        return STAGES[int(self.model.people.stage[self.pid])]

    @property
    def habit(self) -> float:
        """Strength of the new habit, 0-1."""
        return float(self.model.people.habit[self.pid])

    @property
    def old_habit(self) -> float:
        """Pull of the old way of working, 0-1."""
        return float(self.model.people.old_habit[self.pid])

    @property
    def adopter_category(self) -> str:
        """Rogers category."""
        return ROGERS[int(self.model.people.category[self.pid])]

    @property
    def trained(self) -> bool:
        """Took part in training."""
        return bool(self.model.people.trained[self.pid])

    @property
    def posts(self) -> int:
        """Posts this week."""
        return int(self.model.people.posts[self.pid])

    @property
    def influence(self) -> float:
        """Informal influence (mean 1 over the organisation)."""
        return float(self.model.people.influence[self.pid])

    @property
    def level(self) -> int:
        """Level in the hierarchy (0 = top)."""
        return int(self.model.org.level[self.pid])

    @property
    def department(self) -> str:
        """Department name."""
        return self.model.org.departments[int(self.model.org.dept[self.pid])]


class Manager(Employee):
    """A person with reports, with a stance toward the community."""

    @property
    def stance(self) -> str:
        """champion, neutral or sceptic."""
        return Stance(int(self.model.people.stance[self.pid])).name.lower()

    @property
    def n_reports(self) -> int:
        """Direct reports."""
        return int(self.model.org.n_reports[self.pid])


class CommunityManager(Employee):
    """The community manager: a person in the hosting department with a capacity."""

    @property
    def fte(self) -> float:
        """Capacity this week in FTE (0 while gone)."""
        lever = self.model.lever("community_manager")
        return float(lever.effective) if lever is not None else 0.0
