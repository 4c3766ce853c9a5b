"""Levers: one module per intervention or circumstance, one small interface.

``LEVERS`` lists them in the order they run: ``setup`` once, then each week
``prepare`` (before the people move) and ``act`` (after), all in this order.
The reasons for the order stand next to the list. The order also fixes the
order in which levers add into the same :class:`Context` scalars (``novelty``,
``norms``, ``performance``, ``attention``), so moving a lever changes results
in their last bits: the golden test (tests/test_golden.py) will say so.
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
    # First: the CM leaves or a successor starts, the budget is cut, a
    # reorganisation rewires ties and opens its disruption window, so every
    # lever after it acts on this week's world.
    Shocks,
    # Sets ctx.available (who can reach the platform: nobody, the pilot, all),
    # which Governance (training), Sponsorship and the CM read; seeds the core
    # group at the launch; adds the honeymoon's novelty.
    Launch,
    # Channels and campaign bursts add attention and novelty.
    Attention,
    # Sets ctx.integration, which Governance's value shown and impact read.
    Integration,
    # setup sets ctx.cm_focus and ctx.role_depts before the CM's first act;
    # act (the KPI review) retargets cm_focus and may cut ctx.cm_budget
    # before the CM spends this week's capacity.
    Governance,
    # Champions spread the word to available people; a mandate pushes to log in.
    Sponsorship,
    # After Shocks, Launch and Governance: spends the capacity the budget and
    # focus allow, on the people available this week.
    CommunityManagerLever,
    # Managers feel the week's shift of informal influence.
    PowerThreat,
    # Last: leavers go, and joiners take their places, once everyone else has
    # acted on this week (a leaver's posts still counted for the CM's answers).
    Turnover,
]

__all__ = ["LEVERS", "Lever", "Attention", "CommunityManagerLever", "Governance",
           "Integration", "Launch", "PowerThreat", "Shocks", "Sponsorship", "Turnover"]
