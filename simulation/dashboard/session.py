"""One dashboard session: a model, its settings, and its two pictures.

Kept free of Solara so it can be benchmarked and tested on its own: the page
(``app.py``) only turns buttons into calls on a :class:`Session` and shows the
PNG bytes it renders. Figures are plain :class:`matplotlib.figure.Figure`
objects with an Agg canvas (no pyplot global state), so sessions in different
browser tabs never share a figure.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulation.dashboard.blit import Blitter
from simulation.dashboard.charts import Charts, active_share
from simulation.dashboard.network_view import NetworkView, legend_handles
from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario
from simulation.scenario.schema import Scenario


class Session:
    """A run the user steers: settings in, pictures out.

    Args:
        scenario: path to a scenario file (``None`` for all defaults).
        overrides: dotted-key overrides, as on the command line (``{"a.b": v}``).
        seed: the seed of the run.
        dpi: resolution of the rendered pictures.
        base: overrides applied under ``overrides`` to every scenario the
            session loads (``adoptsim dashboard --set``), e.g. a headcount
            for the whole class.
    """

    def __init__(self, scenario: str | Path | None = None,
                 overrides: dict[str, Any] | None = None, seed: int = 1,
                 dpi: int = 80, base: dict[str, Any] | None = None) -> None:
        self.base: dict[str, Any] = dict(base or {})
        self.lock = threading.RLock()
        self.dpi = dpi
        self.scenario_path = scenario
        self.overrides: dict[str, Any] = dict(overrides or {})
        self.seed = int(seed)
        self.reference: np.ndarray | None = None
        self.net_fig = Figure(figsize=(7.2, 6.6), dpi=dpi)
        FigureCanvasAgg(self.net_fig)
        self.chart_fig = Figure(figsize=(7.2, 8.6), dpi=dpi)  # room for legends below
        FigureCanvasAgg(self.chart_fig)
        self.net_blit = Blitter(self.net_fig, lambda: self.view.artists)
        self.chart_blit = Blitter(self.chart_fig, lambda: self.charts.artists)
        self.model: CommunityModel
        self.reset()

    @property
    def scenario(self) -> Scenario:
        """The scenario with the current overrides applied."""
        return self.model.params

    def configure(self, scenario: str | Path | None = None,
                  overrides: dict[str, Any] | None = None, seed: int | None = None) -> None:
        """Change settings and restart at week 0, keeping the old run as reference.

        Raises:
            InputError: the new settings do not load; the session keeps the
                settings and the run it had.
        """
        with self.lock:
            before = (self.scenario_path, self.overrides, self.seed)
            if scenario is not None:
                self.scenario_path = scenario
            if overrides is not None:
                self.overrides = dict(overrides)
            if seed is not None:
                self.seed = int(seed)
            try:
                self.reset(keep_reference=True)
            except Exception:
                # A broken scenario file must not poison the next lever move.
                self.scenario_path, self.overrides, self.seed = before
                raise

    def reset(self, keep_reference: bool = False) -> None:
        """Start the run again at week 0 with the current settings.

        Args:
            keep_reference: remember the current run's "using it" curve, dashed,
                so the new settings can be compared with the old ones.
        """
        with self.lock:
            if keep_reference and getattr(self, "model", None) is not None \
                    and self.model.week > 0:
                self.reference = active_share(self.model.timeseries())
            sc = load_scenario(self.scenario_path, overrides={**self.base, **self.overrides})
            self.model = CommunityModel(sc, seed=self.seed, agents=False)
            self._build_figures()

    def _build_figures(self) -> None:
        self.net_fig.clear()
        ax = self.net_fig.add_axes((0.0, 0.27, 1.0, 0.67))
        self.view = NetworkView(ax, self.model)
        self.net_fig.legend(handles=legend_handles(), loc="lower center", fontsize=12,
                            frameon=False, ncol=3, columnspacing=0.8, handletextpad=0.3,
                            borderaxespad=0.2)
        self.chart_fig.clear()
        axes = self.chart_fig.subplots(2, 2)
        self.chart_fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.2,
                                       hspace=0.95, wspace=0.25)
        ts = self.model.timeseries()
        self.charts = Charts(axes, self.model.params.weeks, ts)
        self.charts.update(ts, self.reference)
        self.net_blit.invalidate()
        self.chart_blit.invalidate()

    def select_at(self, fx: float, fy: float) -> int | None:
        """Pick the person at a point of the network picture (fractions from top-left).

        A click beside every dot clears the choice. The choice is kept when the
        run restarts only if the organisation stays the same size.
        """
        with self.lock:
            i = self.view.person_at(fx, fy)
            self.view.select(i)
            self.net_blit.invalidate()
            return i

    def person(self) -> list[tuple[str, str]]:
        """The chosen person's state this week, as (what, value) in a class's words."""
        from simulation.dashboard.teaching import describe

        with self.lock:
            i = self.view.selected
            return [] if i is None else describe(self.model, i)

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.model.week

    @property
    def finished(self) -> bool:
        """The run reached the scenario's horizon."""
        return self.model.week >= self.model.params.weeks

    def step(self, weeks: int = 1) -> None:
        """Simulate ``weeks`` more weeks (not beyond the horizon) and update the pictures."""
        with self.lock:
            for _ in range(weeks):
                if self.finished:
                    break
                self.model.step()
            self.view.update()
            if self.charts.update(self.model.timeseries(), self.reference):
                self.chart_blit.invalidate()

    def render(self, fmt: str = "jpeg") -> tuple[bytes, bytes]:
        """The network and the charts as image bytes (``"jpeg"`` or ``"png"``)."""
        with self.lock:
            return self.net_blit.encode(fmt), self.chart_blit.encode(fmt)
