"""Which organisation a scenario gets: a generated one, a client's org chart, or a textbook graph.

Kept apart from the three builders so that each of them imports only what it
needs and none imports another through a function body (no import cycle).
"""

from __future__ import annotations

import numpy as np

from simulation.org.chart import load_org_chart
from simulation.org.organisation import Organisation, generate
from simulation.org.structures import build_structure
from simulation.scenario.schema import Scenario


def build_organisation(sc: Scenario, rng: np.random.Generator) -> Organisation:
    """The scenario's organisation: a client's org chart if given, else generated.

    A textbook ``network.structure`` (ring, complete, ...) gives a flat one
    (``simulation.org.structures``) for the reduced forms.
    """
    if sc.network.structure != "organisation":
        return build_structure(sc, rng)
    if sc.population.org_chart:
        return load_org_chart(sc, rng)
    return generate(sc, rng)
