"""Levers: one module per intervention or circumstance, one small interface.

``LEVERS`` lists them in the order they run each week (shocks first, so that
the CM acts on a world where it may have just left).
"""

from simulation.levers.attention import Attention
from simulation.levers.base import Lever
from simulation.levers.community_manager import CommunityManagerLever
from simulation.levers.governance import Governance
from simulation.levers.integration import Integration
from simulation.levers.launch import Launch
from simulation.levers.power import PowerThreat
from simulation.levers.shocks import Shocks
from simulation.levers.sponsorship import Sponsorship
from simulation.levers.turnover import Turnover

LEVERS: list[type[Lever]] = [
    Shocks,
    Launch,
    Attention,
    Integration,
    Governance,
    Sponsorship,
    CommunityManagerLever,
    PowerThreat,
    Turnover,  # last: leavers go once everyone else has acted on this week
]

__all__ = ["LEVERS", "Lever", "Attention", "CommunityManagerLever", "Governance",
           "Integration", "Launch", "PowerThreat", "Shocks", "Sponsorship", "Turnover"]
