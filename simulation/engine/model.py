"""CommunityModel: the Mesa model that ties organisation, people and levers together.

One step is one week: every component of ``self.components`` prepares, in
order, then every component acts, in order (the list and the reasons for its
order are in ``__init__``; components: :mod:`simulation.engine.component`).
The order of one week (read this to learn the loop):

0. **The week starts** (``PeopleDynamics.prepare``): the context's weekly
   values are reset; norms carried over from the pilot are added.
1. **Levers prepare** (``Lever.prepare``, in ``LEVERS`` order; the reasons for
   that order stand next to the list in :mod:`simulation.levers`): shocks, who
   can reach the platform, novelty, attention from channels and campaigns,
   process integration, norms, training.
2. **People move** (``PeopleDynamics.act``: ``dynamics.people_step``):
   attention and word of mouth make people aware; exposure (one sparse
   product: contributing contacts, aware contacts), the manager's stance,
   executives' use and the CM's support feed a UTAUT-style utility;
   adoption, complex contagion to contribute, habit, embedding and relapse;
   posts.
3. **CM and managers act** (``Lever.act``): the CM spends the week's capacity
   (through the hierarchy first, the informal network later); KPI reviews
   retarget it; managers come round or turn sceptic.
4. **Organisation changes** (``OrganisationalChange.act``): platform ties,
   influence, impact (nothing changes in a reduced form).
5. **Measurement** (``measures.recorder``; every column declared in
   ``measures.catalogue``): one row of the time series.

Randomness: one seed decides everything. It seeds Mesa (``model.rng``,
``model.random``) and, through :class:`numpy.random.SeedSequence`, one
independent stream per purpose (organisation, people, weekly draws, posts,
each lever), so that switching a lever on leaves the other draws unchanged
(common random numbers across scenarios).
"""

from __future__ import annotations

import gc
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from mesa.discrete_space import Network

from simulation.engine import mesa_api, reduced
from simulation.engine import organisational_change as change
from simulation.engine.agents import CommunityManager, Employee, Manager
from simulation.engine.component import Component
from simulation.engine.context import Context
from simulation.engine.dynamics import PeopleDynamics
from simulation.engine.kernels import csr_insert
from simulation.engine.people import People
from simulation.levers import LEVERS, Lever
from simulation.measures.recorder import Recorder, core_metrics
from simulation.org.build import build_organisation
from simulation.org.organisation import Organisation
from simulation.scenario.schema import Scenario


class CommunityModel(mesa.Model):
    """An online community taking root in an organisation.

    Args:
        scenario: a :class:`Scenario`, a path to a scenario file, or ``None``
            for all defaults.
        seed: the one seed that decides the run (default 1; ``None`` draws one).
        rng: Mesa's name for the seed; when given, it is the seed.
        agents: create the Mesa agents and network space (the public face).
            Switch off for very large batch runs that only need the time series.
        **levers: flat keyword parameters for Mesa's tools (``batch_run``,
            SolaraViz): ``champion_share=0.4`` or ``dynamics__habit_decay=0.1``
            (see :mod:`simulation.engine.mesa_api` and docs/mesa.md).
        measures: the columns a batch run needs (names of
            :mod:`simulation.measures.catalogue`), or ``None`` for every column.
            Measures nobody reads (reaching centrality, maturity, participation
            inequality, tie crossings, the rank correlation) are then neither
            computed nor recorded; the stage shares, platform usage and the
            levers' columns always are. The dynamics do not read any of these,
            so every recorded number is the same as in a full run
            (docs/performance.md, "Measures only when recorded").

    Attributes:
        params: the scenario.
        org: the :class:`Organisation` (arrays and sparse matrices).
        people: the :class:`People` (one array per state variable).
        ctx: this week's lever :class:`Context`.
        week: weeks simulated so far (0 before the first step).
        grid: the Mesa network space (when ``agents``).
        datacollector: a Mesa DataCollector over every time-series column.
        running: False once the scenario's horizon is reached.
    """

    def __init__(
        self, scenario: Scenario | str | Path | None = None, seed: int | None = 1, *,
        rng: int | None = None, agents: bool = True,
        measures: Collection[str] | None = None, **levers: Any,
    ) -> None:
        scenario, rng = mesa_api.unwrap(scenario, rng)
        seed = mesa_api.resolve_seed(seed, rng)
        super().__init__(rng=seed)
        sc = (mesa_api.scenario_with(scenario, levers) if levers or not isinstance(
            scenario, Scenario) else scenario)
        self.measures = None if measures is None else _known_measures(measures)
        self.params = sc
        self.seed = int(seed)
        self.week = 0
        self.rng_week = self.stream("week")
        self.rng_posts = self.stream("posts")
        self.org: Organisation = build_organisation(sc, self.stream("organisation"))
        n = self.org.size
        self.people = People(n, sc, self.stream("people"))
        self.boss = np.where(self.org.parent >= 0, self.org.parent, np.arange(n))
        self.executives = np.flatnonzero(self.org.level <= 1)
        depts = self.org.departments
        host = sc.launch.hosting_department
        self.host_dept = depts.index(host) if host in depts else 0
        self.ctx = Context(n)
        self.content = 0.0
        self.refresh_adjacency()
        self.reduced: reduced.ReducedState | None = None  # a reduced form's state
        # Organisational change measures the starting organisation when it is
        # built, before any setup (the power-threat lever's setup reads it).
        self.change = change.OrganisationalChange(self)
        full = sc.reduced.mode == "full"
        self.levers: list[Lever] = [cls(self) for cls in LEVERS] if full else []
        # The week, in one ordered list; every component's prepare() runs in this
        # order, then every act(), then the measurement reads every report().
        # - people first: its prepare starts the week (resets the context) before
        #   any lever writes into it; its act moves everyone before any lever
        #   responds to what happened (the levers' own order and its reasons:
        #   simulation/levers/__init__.py).
        # - organisational change last: ties and influence follow from the week's
        #   posts and the CM's and managers' moves.
        # A reduced form (simulation/engine/reduced.py) takes the people's place
        # and switches every lever off.
        mover: Component = PeopleDynamics(self) if full else reduced.ReducedForm(self)
        self.components: list[Component] = [mover, *self.levers, self.change]
        for component in self.components:
            component.setup()
        self.recorder = Recorder()
        self.grid: Network | None = None
        if agents:
            self._place_agents()
        self._record({})
        mesa_api.attach_datacollector(self)

    # -- randomness -------------------------------------------------------------
    def stream(self, purpose: str) -> np.random.Generator:
        """An independent generator for one purpose, decided by the seed alone."""
        return np.random.default_rng(
            np.random.SeedSequence([self.seed & 0xFFFFFFFF, zlib.crc32(purpose.encode())]))

    # -- structure ----------------------------------------------------------------
    def refresh_adjacency(self) -> None:
        """Rebuild the exposure matrix (informal + platform ties) and degrees.

        The matrix is float64 (0/1): every product the model takes is with a
        float64 vector, and a float32 matrix would be upcast (copied) by scipy
        on every product, tripling the cost of PageRank's iterations.
        """
        informal, platform = self.org.informal, self.org.platform
        if platform.dtype != informal.dtype:  # mixed dtypes would upcast all of `informal`
            platform = platform.astype(informal.dtype)
        both = (informal + platform).tocsr()
        self.adjacency = sp.csr_matrix((np.ones(both.nnz), both.indices, both.indptr),
                                       shape=both.shape)
        self.degree = np.maximum(np.diff(both.indptr), 1).astype(np.float64)

    def add_platform_ties(self, a: np.ndarray, b: np.ndarray) -> None:
        """Add new platform ties between pairs (a[k], b[k]) that are not tied yet.

        Incremental: the new ties are added to the platform layer and to the
        exposure matrix directly, instead of summing the layers again (the
        result is the same matrix as :meth:`refresh_adjacency` would build).
        """
        n = self.org.size
        rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
        platform, adj = self.org.platform, self.adjacency
        if platform.has_sorted_indices and adj.has_sorted_indices:
            # One pass each that inserts the (distinct, untied) pairs in place order:
            # the same canonical matrices as the sparse sums below, without them.
            order = np.lexsort((cols, rows))
            rows, cols = rows[order], cols[order]
            parts = csr_insert(platform.indptr, platform.indices, platform.data, rows, cols, 1.0)
            self.org.platform = _csr(parts, n)
            self.adjacency = _csr(csr_insert(adj.indptr, adj.indices, adj.data, rows, cols,
                                             1.0), n)
        else:
            new = sp.csr_matrix((np.ones(rows.size, dtype=platform.dtype), (rows, cols)),
                                shape=(n, n))
            platform = (platform + new).tocsr()
            platform.data[:] = 1.0
            self.org.platform = platform
            self.adjacency = (adj + new.astype(np.float64)).tocsr()
        self.degree = np.maximum(np.diff(self.adjacency.indptr), 1).astype(np.float64)

    def records(self, *columns: str) -> bool:
        """Whether any of these columns is recorded (every column when ``measures`` is None)."""
        return self.measures is None or not self.measures.isdisjoint(columns)

    @property
    def content_value(self) -> float:
        """Usefulness of recent content, 0-1: the network effect with decay."""
        half = self.params.dynamics.content_half
        return self.content / (self.content + half)

    def graph(self) -> nx.Graph:
        """The organisation now as a networkx graph (formal, informal, platform ties).

        Node attribute ``role`` marks managers and the community manager.
        """
        g = self.org.to_networkx()
        if self.cm_person >= 0:
            g.nodes[self.cm_person]["role"] = "community_manager"
        return g

    def _place_agents(self) -> None:
        """Create one Mesa agent per person on a network space (no layout).

        The cyclic garbage collector is paused meanwhile: creating a million
        agents and cells would otherwise trigger hundreds of full collections
        that walk every object made so far (about a third of the set-up time),
        while none of these objects is garbage.
        """
        n = self.org.size
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            g = nx.Graph()
            g.add_nodes_from(range(n))
            child, boss = self.org.formal_edges()
            g.add_edges_from(zip(child.tolist(), boss.tolist(), strict=True))
            self.grid = Network(g, layout=None, random=self.random)
            kinds = np.where(self.org.is_manager, 1, 0)
            if self.cm_person >= 0:
                kinds[self.cm_person] = 2
            classes = (Employee, Manager, CommunityManager)
            cells = self.grid._cells
            for pid, kind in enumerate(kinds.tolist()):
                classes[kind](self, pid).cell = cells[pid]
        finally:
            if was_enabled:
                gc.enable()

    @property
    def cm_person(self) -> int:
        """The community manager's id, -1 when there is none (state: ``ctx.cm_person``)."""
        return self.ctx.cm_person

    def lever(self, name: str) -> Lever | None:
        """The lever with this name, if any."""
        return next((lv for lv in self.levers if lv.name == name), None)

    # -- the week -------------------------------------------------------------------
    def step(self) -> None:
        """Simulate one week (see the module docstring for the order)."""
        for component in self.components:
            component.prepare()
        for component in self.components:
            component.act()
        self.week += 1
        self._record(self.ctx.events)
        mesa_api.collect_week(self)

    def run(self, weeks: int | None = None) -> pd.DataFrame:
        """Run to the scenario's horizon (or ``weeks`` more weeks); return the time series."""
        target = self.params.weeks if weeks is None else self.week + int(weeks)
        while self.week < target:
            self.step()
        return self.timeseries()

    def _record(self, events: dict[str, Any]) -> None:
        row = core_metrics(self, events)
        for component in self.components:
            row.update(component.report())
        self.recorder.record(row)

    def timeseries(self) -> pd.DataFrame:
        """One row per week (week 0 = the start), every metric a column."""
        return self.recorder.frame()


def _csr(parts: tuple[np.ndarray, np.ndarray, np.ndarray], n: int) -> sp.csr_matrix:
    """A canonical CSR matrix from (indptr, indices, data) a kernel built, without checks."""
    indptr, indices, data = parts
    mat = sp.csr_matrix((data, indices, indptr.astype(indices.dtype, copy=False)),
                        shape=(n, n), copy=False)
    mat.has_sorted_indices = True
    mat.has_canonical_format = True
    return mat


def _known_measures(measures: Collection[str]) -> frozenset[str]:
    """The requested column names, checked against the catalogue (one-line error)."""
    import difflib

    from simulation.errors import InputError
    from simulation.measures.catalogue import CATALOGUE

    names = frozenset([measures] if isinstance(measures, str) else measures)
    for name in sorted(names):
        if name != "week" and name not in CATALOGUE:
            near = difflib.get_close_matches(name, list(CATALOGUE), n=1)
            hint = f"; nearest valid name: {near[0]!r}" if near else ""
            raise InputError(f"measures: {name!r} is not a column of the time series "
                             f"(simulation/measures/catalogue.py){hint}")
    return names
