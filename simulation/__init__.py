"""adoptsim: how an online community takes root inside an organisation.

Modules (one concept each): ``params`` (the scenario schema), ``scenario``
(reading scenario files), ``organisation`` (the org graph), ``people`` (state
arrays), ``dynamics`` (weekly transitions), ``context`` (what levers hand the
dynamics), ``levers`` (one file per intervention), ``change`` (organisational
change), ``metrics`` (what is measured), ``agents`` (Mesa agents), ``model``
(the Mesa model), ``run`` / ``plots`` / ``cli`` (running and showing it).

The public names are imported lazily, so that ``adoptsim --help`` and an input
error answer at once instead of waiting for Mesa and pandas to load.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "CommunityModel": "simulation.engine.model",
    "Scenario": "simulation.scenario.schema",
    "STAGES": "simulation.engine.people",
    "Stage": "simulation.engine.people",
    "load_scenario": "simulation.scenario.files",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'simulation' has no attribute {name!r}")
