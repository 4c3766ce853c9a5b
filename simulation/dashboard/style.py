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

# The same stage colours as every other adoptsim figure (simulation.figures.run).
STAGE_COLOURS: dict[str, str] = dict(plots.STAGE_COLOURS)
STAGE_LABELS: dict[str, str] = {
    "unaware": "unaware", "aware": "aware", "lurking": "lurking (reads)",
    "contributing": "contributing", "embedded": "embedded (habit)",
    "lapsed": "lapsed (old habits)",
}
PLATFORM_TIE = "#CC79A7"  # reddish purple: ties made on the platform
FORMAL_TIE = "#555555"
INFORMAL_TIE = "#BBBBBB"
MATURITY = {
    "maturity_usage": ("usage", "#0072B2"),
    "maturity_goals": ("goals", "#E69F00"),
    "maturity_organisation": ("organisation", "#009E73"),
    "maturity_integration": ("integration", "#CC79A7"),
}
FLATTENING = {
    "rank_influence_corr": ("rank corr. level vs influence", "#000000"),
    "cross_department_ties": ("cross-department tie share", "#CC79A7"),
    "cross_level_ties": ("cross-level tie share", "#56B4E9"),
}

# RGBA per stage code, so colouring a whole population is one fancy index.
STAGE_RGBA = np.array([to_rgba(STAGE_COLOURS[s]) for s in STAGES])
# Stacking order for stage-share areas: committed at the bottom, unaware on top.
STACK_ORDER: tuple[str, ...] = tuple(plots.STACK_ORDER)
