"""Colours and labels shared by the dashboard and the animation.

One colour per stage, from the Okabe-Ito colour-blind-safe palette and
shared with ``simulation.figures.run``, so a class sees the same colours on the
dashboard, the animation and the consultant's slides.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba

from simulation.engine.people import STAGES
from simulation.figures import run as plots
from simulation.measures.catalogue import label

# The same stage colours as every other adoptsim figure (simulation.figures.run).
STAGE_COLOURS: dict[str, str] = dict(plots.STAGE_COLOURS)
# The stages in a class's words (the catalogue's labels, also on the slides).
STAGE_LABELS: dict[str, str] = {s: label(s) for s in STAGES}
PLATFORM_TIE = "#CC79A7"  # reddish purple: ties made on the platform
FORMAL_TIE = "#555555"
INFORMAL_TIE = "#BBBBBB"
MATURITY = {
    "maturity_usage": ("usage", "#0072B2"),
    "maturity_goals": ("goals", "#E69F00"),
    "maturity_organisation": ("organisation", "#009E73"),
    "maturity_integration": ("work processes", "#CC79A7"),
}
# Labels from the metrics catalogue, so the class reads the slides' words.
FLATTENING = {
    "rank_influence_corr": (label("rank_influence_corr"), "#000000"),
    "cross_department_ties": (label("cross_department_ties"), "#CC79A7"),
    "cross_level_ties": (label("cross_level_ties"), "#56B4E9"),
}
# Font sizes (points) for a projector at 1280 x 720: the chart image is shown
# about 430 px wide, so 14 pt on its 7.2 in reads as about 12 px on screen.
TITLE_SIZE = 15
TEXT_SIZE = 14
TICK_SIZE = 12
WEEKS_PER_MONTH = 52 / 12


# RGBA per stage code, so colouring a whole population is one fancy index.
STAGE_RGBA = np.array([to_rgba(STAGE_COLOURS[s]) for s in STAGES])
# Stacking order for stage-share areas: committed at the bottom, unaware on top.
STACK_ORDER: tuple[str, ...] = tuple(plots.STACK_ORDER)
