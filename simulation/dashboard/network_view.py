"""The organisation drawn as a network, coloured by stage, updated week by week.

Drawing is split into what never changes (positions, reporting lines,
informal ties: drawn once) and what changes each week (node colours, the
platform ties, the title), so a redraw touches only colour arrays and one
line collection. That keeps the dashboard smooth at classroom speed.

Encodings: colour = stage; circle = employee; square = manager (
triangle up = sponsor/champion, triangle down = sceptic); large star = the
community manager; pink lines = ties made on the platform; a black ring =
the person the class clicked on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulation.dashboard.layout import layout_for
from simulation.dashboard.style import (
    FORMAL_TIE,
    INFORMAL_TIE,
    PLATFORM_TIE,
    STAGE_COLOURS,
    STAGE_LABELS,
    STAGE_RGBA,
)
from simulation.engine.people import STAGES, Stance

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel
    from simulation.org.organisation import Organisation

def _segments(xy: np.ndarray, mat: sp.spmatrix) -> np.ndarray:
    """Line segments (m, 2, 2) for the upper triangle of a symmetric matrix."""
    upper = sp.triu(mat, k=1).tocoo()
    return np.stack([xy[upper.row], xy[upper.col]], axis=1)


def legend_handles() -> list:
    """Legend entries: the stages, the roles and the tie kinds."""
    handles: list = [Patch(color=STAGE_COLOURS[s], label=STAGE_LABELS[s]) for s in STAGES]
    grey = "#999999"
    handles += [
        Line2D([], [], ls="", marker="o", color=grey, label="employee"),
        Line2D([], [], ls="", marker="s", color=grey, mec="#444444", mew=0.5,
               label="manager"),
        Line2D([], [], ls="", marker="^", color=grey, mec="black", mew=1.3, ms=8,
               label="manager: sponsor"),
        Line2D([], [], ls="", marker="v", color=grey, mec="black", mew=1.3, ms=8,
               label="manager: sceptic"),
        Line2D([], [], ls="", marker="*", color=grey, mec="black", ms=12,
               label="community manager"),
        Line2D([], [], color=FORMAL_TIE, lw=1, label="reporting line"),
        Line2D([], [], color=PLATFORM_TIE, lw=2, label="new tie via platform"),
    ]
    return handles


class NetworkView:
    """Draws one model's network on a matplotlib Axes and updates it in place.

    Args:
        ax: the axes to draw on (the view owns it).
        model: the model to show; its organisation fixes the layout.
        informal: draw the informal ties (light grey) as well as reporting lines.
    """

    def __init__(self, ax: Axes, model: CommunityModel, *, informal: bool = True) -> None:
        self.ax = ax
        self.model = model
        org = model.org
        self.xy = layout_for(org)
        n = org.size
        scale = float(np.clip(np.sqrt(500.0 / n), 0.35, 2.0))
        ax.clear()
        ax.set_axis_off()
        ax.set_xlim(-1.45, 1.45)
        ax.set_ylim(-1.1, 1.1)
        ax.set_aspect("equal")
        if informal:
            ax.add_collection(LineCollection(
                _segments(self.xy, org.informal), colors=INFORMAL_TIE,
                linewidths=0.25 * scale, alpha=0.35, zorder=1))
        child, boss = org.formal_edges()
        ax.add_collection(LineCollection(
            np.stack([self.xy[child], self.xy[boss]], axis=1), colors=FORMAL_TIE,
            linewidths=0.5 * scale, alpha=0.6, zorder=2))
        self.platform = LineCollection(np.zeros((0, 2, 2)), colors=PLATFORM_TIE,
                                       linewidths=0.9 * scale, alpha=0.8, zorder=3)
        ax.add_collection(self.platform)
        self._n_platform = -1
        self.managers = np.flatnonzero(org.is_manager)
        self.staff = np.flatnonzero(~org.is_manager)
        self.dots = ax.scatter(*self.xy[self.staff].T, s=16 * scale, marker="o",
                               linewidths=0, zorder=4)
        # One collection per stance; a manager shows in the one matching their
        # stance now (the others get size 0), since stances change during a run.
        self.m_size = 42 * scale
        self.stances = {
            Stance.NEUTRAL: ax.scatter(*self.xy[self.managers].T, s=self.m_size, marker="s",
                                       edgecolors="#444444", linewidths=0.5, zorder=5),
            Stance.CHAMPION: ax.scatter(*self.xy[self.managers].T, s=self.m_size * 1.6,
                                        marker="^", edgecolors="black", linewidths=1.3,
                                        zorder=5),
            Stance.SCEPTIC: ax.scatter(*self.xy[self.managers].T, s=self.m_size * 1.6,
                                       marker="v", edgecolors="black", linewidths=1.3,
                                       zorder=5),
        }
        self.star = ax.scatter([], [], s=320 * scale, marker="*", edgecolors="black",
                               linewidths=1.2, zorder=6)
        # The person a class clicked on: a thick ring around them.
        self.ring = ax.scatter([], [], s=380 * scale + 120, marker="o", facecolors="none",
                               edgecolors="black", linewidths=3.0, zorder=8)
        self.selected: int | None = None
        self._label_departments(org)
        self.title = ax.set_title("", fontsize=15, loc="left")
        self.update()

    def person_at(self, fx: float, fy: float, reach: float = 0.08) -> int | None:
        """The person nearest a point of the picture, or None when nobody is near.

        Args:
            fx: the point's distance from the image's left edge, as a fraction
                of its width (as a browser reports a click).
            fy: the same from the top edge, as a fraction of its height.
            reach: how far from a dot a click still picks it (layout units;
                the picture spans about 2.9 of them).
        """
        fig = self.ax.figure
        w, h = fig.bbox.width, fig.bbox.height
        x, y = self.ax.transData.inverted().transform((fx * w, (1.0 - fy) * h))
        d = np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y)
        i = int(np.argmin(d))
        return i if d[i] <= reach else None

    def where(self, i: int) -> tuple[float, float]:
        """Person ``i``'s place in the picture, as fractions from the top-left corner."""
        fig = self.ax.figure
        x, y = self.ax.transData.transform(self.xy[i])
        return float(x / fig.bbox.width), float(1.0 - y / fig.bbox.height)

    def select(self, i: int | None) -> None:
        """Ring person ``i`` (None: nobody)."""
        self.selected = i
        self.ring.set_offsets(self.xy[[i]] if i is not None else np.zeros((0, 2)))

    def _label_departments(self, org: Organisation) -> None:
        """Name each department at the outer rim of its cluster."""
        for d, name in enumerate(org.departments):
            members = np.flatnonzero(org.dept == d)
            if members.size < 3:
                continue
            centre = self.xy[members].mean(axis=0)
            norm = float(np.hypot(*centre)) or 1.0
            direction = centre / norm
            reach = float((self.xy[members] @ direction).max())
            x, y = direction * min(reach + 0.04, 1.02)
            label = name.replace(" ", "\n") if len(name) > 12 else name
            self.ax.text(x, y, label, fontsize=12, color="#333333", zorder=7,
                         ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                         va="bottom" if y > 0 else "top",
                         bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                               "alpha": 0.7})

    @property
    def artists(self) -> list:
        """What changes from week to week."""
        return [self.platform, self.dots, *self.stances.values(), self.star, self.ring,
                self.title]

    def update(self) -> None:
        """Recolour nodes, redraw platform ties and the title for the current week."""
        m = self.model
        p = m.people
        rgba = STAGE_RGBA[p.stage]
        self.dots.set_facecolor(rgba[self.staff])
        stance = p.stance[self.managers]
        for value, coll in self.stances.items():
            coll.set_facecolor(rgba[self.managers])
            size = self.m_size * (1.0 if value == Stance.NEUTRAL else 1.6)
            coll.set_sizes(np.where(stance == value, size, 0.0))
        cm = m.ctx.cm_person
        if cm >= 0:
            self.star.set_offsets(self.xy[[cm]])
            self.star.set_facecolor(rgba[[cm]])
        else:
            self.star.set_offsets(np.zeros((0, 2)))
        nnz = m.org.platform.nnz
        if nnz != self._n_platform:
            self.platform.set_segments(_segments(self.xy, m.org.platform))
            self._n_platform = nnz
        active = float(p.is_active().mean())
        self.title.set_text(f"Week {m.week}   ·   using it: {active:.0%}   ·   "
                            f"platform ties: {nnz // 2}")

