"""adoptsim: how an online community takes root inside an organisation.

Packages by role (docs/architecture.md): ``scenario`` (schema, files),
``org`` (the organisation), ``engine`` (model, people, dynamics, levers'
context, organisational change, reduced forms), ``levers`` (one file per
intervention), ``measures`` (the metrics catalogue, the recorder, summaries),
``runs`` (one run, comparisons), ``figures``, ``cli``, and ``experiment``,
``quickscan``, ``validation``, ``dashboard``.

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
