"""The live plots beside the network: stage shares, relapses, flattening, maturity.

Each panel keeps its artists and only swaps their data each week, with the
x axis fixed to the scenario's horizon so the curves grow from left to right
like a chart recorder. Panels whose columns the model does not (yet) report
say so instead of showing an empty frame.

A reference run (the previous settings) can be overlaid as a dashed line on
the stage panel: "what happened before I moved the slider" is the question a
class asks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from simulation.dashboard.style import (
    FLATTENING,
    MATURITY,
    STACK_ORDER,
    STAGE_COLOURS,
    STAGE_RGBA,
    TEXT_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    WEEKS_PER_MONTH,
)
from simulation.engine.people import STAGES

ACTIVE = ("lurking", "contributing", "embedded")


def month_axis(ax: Axes, weeks: int) -> None:
    """Time in months on the x axis (the data stay in weeks): a class thinks in months.

    Ticks every 3, 6 or 12 months, so there are at most about seven of them.
    """
    months = weeks / WEEKS_PER_MONTH
    step = next((k for k in (3, 6, 12, 24) if months / k <= 7), 48)
    ticks = np.arange(0, months + 1e-9, step)
    ax.set_xticks(ticks * WEEKS_PER_MONTH, [f"{m:.0f}" for m in ticks])
    ax.set_xlabel("month", fontsize=TEXT_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)


def legend_below(ax: Axes, handles: list[Artist]) -> None:
    """A legend under the panel, outside the axes: no curve or area can cover it."""
    ax.legend(handles=handles, fontsize=TEXT_SIZE, loc="upper center",
              bbox_to_anchor=(0.5, -0.2), ncol=1, frameon=False, borderaxespad=0,
              handlelength=1.6)


def active_share(ts: pd.DataFrame) -> np.ndarray:
    """Share of headcount using the platform (lurking + contributing + embedded)."""
    return ts[list(ACTIVE)].sum(axis=1).to_numpy()


class StageChart:
    """Stacked stage shares over time, with an optional dashed reference line."""

    def __init__(self, ax: Axes, weeks: int, *, legend: bool = True,
                 reference: bool = True) -> None:
        self.ax = ax
        self.weeks = weeks
        ax.set_xlim(0, weeks)
        ax.set_ylim(0, 1)
        ax.set_title("Who is where (% of staff)", fontsize=TITLE_SIZE, loc="left")
        month_axis(ax, weeks)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        colours = [STAGE_RGBA[STAGES.index(s)] for s in STACK_ORDER]
        self.stack = PolyCollection([], facecolors=colours, linewidths=0, zorder=1)
        ax.add_collection(self.stack)
        self.active_line, = ax.plot([], [], color="black", lw=1.5, label="using it now")
        self.reference, = ax.plot([], [], color="black", lw=1.2, ls="--",
                                  label="using it: previous run")
        if legend:  # stage colours are explained beside the network
            lines = [self.active_line, self.reference] if reference else [self.active_line]
            legend_below(ax, lines)

    @property
    def artists(self) -> list[Artist]:
        """What changes from week to week."""
        return [self.stack, self.active_line, self.reference]

    def update(self, ts: pd.DataFrame, reference: np.ndarray | None = None) -> bool:
        """Set the stack for the weeks so far; returns False (limits never change)."""
        x = ts["week"].to_numpy(dtype=float)
        tops = np.cumsum([ts[s].to_numpy() for s in STACK_ORDER], axis=0)
        bottoms = np.vstack([np.zeros_like(x), tops[:-1]])
        self.stack.set_verts([
            np.column_stack([np.r_[x, x[::-1]], np.r_[top, bottom[::-1]]])
            for top, bottom in zip(tops, bottoms, strict=True)])
        self.active_line.set_data(x, active_share(ts))
        if reference is not None and reference.size:
            self.reference.set_data(np.arange(reference.size), reference)
        else:
            self.reference.set_data([], [])
        return False


class LinesChart:
    """A few named columns as lines; says so when none of them exists."""

    def __init__(self, ax: Axes, weeks: int, title: str,
                 series: dict[str, tuple[str, str]], ylim: tuple[float, float] | None = None,
                 missing: str = "not reported by this model version") -> None:
        self.ax = ax
        self.series = series
        self.ylim = ylim
        ax.set_xlim(0, weeks)
        ax.set_ylim(*(ylim or (0.0, 1.0)))  # auto-scaled panels grow from 0-1
        ax.set_title(title, fontsize=TITLE_SIZE, loc="left")
        month_axis(ax, weeks)
        self.lines = {col: ax.plot([], [], color=c, lw=1.5, label=lab)[0]
                      for col, (lab, c) in series.items()}
        self.missing = ax.text(0.5, 0.5, missing, ha="center", va="center", fontsize=TEXT_SIZE,
                               color="#777777", transform=ax.transAxes, visible=False)
        self._legend_for: tuple[str, ...] = ()

    @property
    def artists(self) -> list[Artist]:
        """What changes from week to week."""
        return list(self.lines.values())

    def update(self, ts: pd.DataFrame) -> bool:
        """Set each present column's line; returns True when the still parts changed.

        Without a fixed range the y axis grows in generous jumps (x 1.5), so
        the still background rarely has to be redrawn.
        """
        changed = False
        present = tuple(c for c in self.series if c in ts.columns)
        x = ts["week"].to_numpy()
        for col, line in self.lines.items():
            line.set_data((x, ts[col].to_numpy()) if col in present else ([], []))
        if self.missing.get_visible() == bool(present):
            self.missing.set_visible(not present)
            changed = True
        if present != self._legend_for:
            self._legend_for = present
            changed = True
            if present:
                legend_below(self.ax, [self.lines[c] for c in present])
            elif self.ax.get_legend():
                self.ax.get_legend().remove()
        if present and self.ylim is None:
            top = max(float(np.nanmax(ts[c].to_numpy())) for c in present)
            low = min(float(np.nanmin(ts[c].to_numpy())) for c in present)
            y0, y1 = self.ax.get_ylim()
            if top > y1 or low < y0:
                self.ax.set_ylim(min(0.0, low * 1.5), max(top * 1.5, 1.0))
                changed = True
        return changed


def flattening_series(ts: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The flattening columns to plot: the real ones, or platform ties as a stand-in."""
    if any(c in ts.columns for c in FLATTENING):
        return FLATTENING
    return {"platform_ties": ("ties made on the platform", "#CC79A7")}


class Charts:
    """The four live panels on a 2 x 2 grid of axes."""

    def __init__(self, axes: np.ndarray, weeks: int, ts: pd.DataFrame) -> None:
        a = axes.ravel()
        self.stages = StageChart(a[0], weeks)
        lapsed = STAGE_COLOURS["lapsed"]
        self.relapses = LinesChart(a[1], weeks, "Falling back (people a week)",
                                   {"new_relapses": ("fell back into old habits", lapsed)})
        flat = flattening_series(ts)
        # Shares are 0-1; the rank correlation starts positive and falls toward 0.
        lim = (-0.5, 1.0) if flat is FLATTENING else None
        self.flattening = LinesChart(a[2], weeks, "Is the hierarchy flattening?", flat, lim)
        self.maturity = LinesChart(a[3], weeks, "Maturity (score 0-100)", MATURITY, (0, 100))

    @property
    def artists(self) -> list[Artist]:
        """What changes from week to week, in all panels."""
        return [*self.stages.artists, *self.relapses.artists, *self.flattening.artists,
                *self.maturity.artists]

    def update(self, ts: pd.DataFrame, reference: np.ndarray | None = None) -> bool:
        """Update all panels to the time series so far; True when still parts changed."""
        changed = self.stages.update(ts, reference)
        for panel in (self.relapses, self.flattening, self.maturity):
            changed = panel.update(ts) or changed
        return changed
