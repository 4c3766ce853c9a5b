"""adoptsim: how an online community takes root inside an organisation.

Modules (one concept each): ``params`` (the scenario schema), ``scenario``
(reading scenario files), ``organisation`` (the org graph), ``people`` (state
arrays), ``dynamics`` (weekly transitions), ``context`` (what levers hand the
dynamics), ``levers`` (one file per intervention), ``change`` (organisational
change), ``metrics`` (what is measured), ``agents`` (Mesa agents), ``model``
(the Mesa model), ``run`` / ``plots`` / ``cli`` (running and showing it).
"""

from simulation.model import CommunityModel
from simulation.params import Scenario
from simulation.people import STAGES, Stage
from simulation.scenario import load_scenario

__version__ = "0.1.0"

__all__ = ["CommunityModel", "Scenario", "STAGES", "Stage", "load_scenario", "__version__"]
