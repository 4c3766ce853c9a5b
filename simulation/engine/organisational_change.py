"""Organisational change: platform ties, informal influence, and what they do to the hierarchy.

Embedding guide: the community transforms the organisation — contributors form
ties across teams, levels and departments, people low in the hierarchy can
gain influence through the informal network, and power positions come under
pressure. Four-conditions article: usage is not success; impact and maturity are.

One week of :meth:`OrganisationalChange.step` (after the people moved and the
levers acted):

1. **Participation**: this week's posts enter the trailing window.
2. **Platform ties**: each poster makes Poisson(``network.platform_ties``)
   new ties with people who used the platform this week, chosen in proportion
   to ``1 + their posts`` (people reply to those who write) — anywhere in the
   organisation, so most new ties cross teams, levels and departments.
3. **Influence** (every ``network.influence_every`` weeks): PageRank on
   informal + platform ties, tilted toward active people (activity = 1 +
   active + log(1 + posts in the trailing window); see :func:`pagerank`);
   warm-started from the last value, so an update costs a few dozen sparse
   products. Then ``rank_influence_corr``.
4. **Global reaching centrality** (every ``network.hierarchy_every`` weeks; above
   100,000 people proportionally less often).
5. **Impact** (:mod:`simulation.measures.impact`), which sets ``ctx.impact_recent``.

In the reduced forms (``reduced.mode`` other than ``"full"``) the component
does not act at all (:meth:`OrganisationalChange.act`): textbook diffusion has
no evolving organisation, so these columns keep their week-0 values.

Columns (``report``): ``platform_ties``, the flattening metrics of
:mod:`simulation.measures.hierarchy`, participation inequality
(:mod:`simulation.measures.participation`), impact, and the four maturity scores
(:mod:`simulation.measures.maturity`). Metrics computed only on some weeks are carried
forward in between. See docs/organisational_change.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from simulation.engine.component import Component
from simulation.engine.kernels import csr_contains, csr_matvec, scale_rows_and_columns
from simulation.measures import hierarchy
from simulation.measures.impact import ImpactTracker
from simulation.measures.maturity import MATURITY_COLUMNS, maturity_scores
from simulation.measures.participation import PARTICIPATION_COLUMNS, Participation

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


def pagerank(adj: sp.spmatrix, weight: np.ndarray, damping: float = 0.85, *,
             tol: float = 1e-9, max_iter: int = 300,
             start: np.ndarray | None = None) -> np.ndarray:
    """PageRank on a symmetric adjacency whose walk is tilted toward heavy nodes; mean 1.

    From person ``i`` the walk goes to contact ``j`` with probability
    ``A_ij w_j / sum_k A_ik w_k``: attention flows to active people. This is
    exactly ``networkx.pagerank`` on the directed graph with edge weights
    ``A_ij * w_j`` (isolated people spread their rank uniformly, as networkx
    does with dangling nodes). Power iteration until the L1 change of the
    probability vector is below ``tol``; ``start`` (a previous result) makes a
    recomputation after small changes converge in a few iterations.

    Args:
        adj: symmetric 0/1 (or weighted) sparse adjacency.
        weight: positive activity weight per person.
        damping: the usual 0.85.
        tol: convergence threshold on the L1 change of the probability vector.
        max_iter: safety cap on the iterations.
        start: initial guess (any positive scale).

    Returns:
        Rank per person, scaled to mean 1.

    """
    n = adj.shape[0]
    a = adj if sp.isspmatrix_csr(adj) and adj.dtype == np.float64 else sp.csr_matrix(
        adj, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    # Compiled products (kernels.py): the same sums in the same order as scipy's.
    out = csr_matvec(a.indptr, a.indices, a.data, weight)
    inv = np.divide(1.0, out, out=np.zeros(n), where=out > 0)
    # Transition matrix transposed: M^T[j, i] = A_ji w_j / out_i (A symmetric),
    # i.e. row j scaled by w_j and column i by 1/out_i.
    mt = scale_rows_and_columns(a.indptr, a.indices, a.data, weight, inv)
    dangling = out <= 0
    rank = np.full(n, 1.0 / n) if start is None else np.asarray(start, np.float64) / np.sum(start)
    for _ in range(max_iter):
        new = damping * (csr_matvec(a.indptr, a.indices, mt, rank) + rank[dangling].sum() / n)
        new += (1.0 - damping) / n
        err = float(np.abs(new - rank).sum())
        rank = new
        if err < tol:
            break
    return rank / rank.sum() * n


LARGE_ORG = 100_000  # people: above this, reaching centrality is estimated less often

class OrganisationalChange(Component):
    """Platform ties, influence, flattening, participation, impact and maturity.

    The initial measurement runs when it is built, before any component's
    ``setup``: the power-threat lever's setup reads the starting influence.
    """

    name = "organisational_change"

    def __init__(self, model: CommunityModel) -> None:
        super().__init__(model)
        self.rng = model.stream("change")
        n = model.org.size
        self.participation = Participation(n, model.params.impact.window)
        self.impact = ImpactTracker(model)
        self.formal = model.org.formal_matrix()
        # Reduced forms (Bass, threshold) are textbook models: the network does not
        # evolve there, and reaching centrality is not estimated (reported as NaN).
        self.full = model.params.reduced.mode == "full"
        self.grc = float("nan")
        # One fixed sample for the reaching-centrality estimate: the week-to-week
        # change is then signal, not a new sample's noise.
        self.grc_seed = int(self.rng.integers(2**31))
        # One estimate costs about the same per person at any size, so above
        # LARGE_ORG people it is made proportionally less often (every 130 weeks
        # at 1,000,000), which keeps its share of a large run's time bounded.
        net = model.params.network
        self.hierarchy_every = net.hierarchy_every * max(1, -(-n // LARGE_ORG))
        self._seniority_ranks = hierarchy.ranks(-model.org.level.astype(np.float64))
        # Measures only when recorded (``CommunityModel(measures=...)``): nothing in
        # the dynamics reads these, so a batch run that does not record them skips them.
        self.wants_rank = model.records("rank_influence_corr")
        self.wants_ties = model.records("cross_level_ties", "cross_department_ties")
        self.wants_grc = model.records("global_reaching_centrality")
        self.wants_participation = model.records(*PARTICIPATION_COLUMNS)
        self.wants_maturity = model.records(*MATURITY_COLUMNS)
        self.rank_corr = float("nan")
        self.update_influence()
        self.influence0 = model.people.influence.copy()
        self.ties = self.cross_level = self.cross_dept = 0
        self._recount_ties()
        if self.full and self.wants_grc:
            self.update_hierarchy()

    # -- influence and hierarchy -----------------------------------------------------
    def update_influence(self) -> None:
        """Informal influence: PageRank on informal + platform ties, tilted to the active."""
        m = self.model
        p = m.people
        # Activity: being on the platform at all, plus (log) posts in the trailing
        # window; smooth, so a warm-started update converges in a few iterations.
        activity = 1.0 + p.is_active() + np.log1p(self.participation.recent)
        p.influence = pagerank(m.adjacency, activity, tol=1e-5, start=p.influence)
        if self.wants_rank:
            self.rank_corr = hierarchy.spearman(-m.org.level.astype(np.float64), p.influence,
                                                rx=self._seniority_ranks)

    def update_hierarchy(self) -> None:
        """Global reaching centrality of formal + informal + platform ties."""
        m = self.model
        graph = (m.adjacency + self.formal).tocsr()
        graph.data[:] = 1.0
        self.grc = hierarchy.reaching_centrality(graph, np.random.default_rng(self.grc_seed))

    def _recount_ties(self) -> None:
        m = self.model
        self._adj_seen = m.adjacency
        if not self.wants_ties:
            return
        self.ties, self.cross_level, self.cross_dept = hierarchy.crossing_counts(
            m.adjacency, m.org.level, m.org.dept)

    # -- the week -----------------------------------------------------------------------
    def act(self) -> None:
        """The week's organisational change, after the people moved and the levers acted.

        In a reduced form nothing changes after week 0: textbook diffusion has
        no evolving organisation, and its columns keep their starting values.
        """
        if self.full:
            self.step(self.model.ctx.events)

    def step(self, events: dict[str, float]) -> None:
        """Participation, platform ties, influence and hierarchy on schedule, impact."""
        m = self.model
        net = m.params.network
        p = m.people
        self.participation.update(p.posts)
        if self._adj_seen is not m.adjacency:  # someone else rewired (a reorganisation)
            self._recount_ties()
        if self.full:
            self._new_platform_ties(net.platform_ties)
        if m.week % net.influence_every == 0:
            self.update_influence()
        if self.full and self.wants_grc and m.week % self.hierarchy_every == 0:
            self.update_hierarchy()
        self.impact.step()

    def _new_platform_ties(self, rate: float) -> None:
        """Posters tie up with this week's readers, chosen in proportion to 1 + their posts."""
        m = self.model
        p = m.people
        posters = np.flatnonzero(p.posts > 0)
        readers = np.flatnonzero(p.used)
        if posters.size == 0 or readers.size < 2 or rate <= 0:
            return
        src = np.repeat(posters, self.rng.poisson(rate, posters.size))
        if src.size == 0:
            return
        cdf = np.cumsum(1.0 + p.posts[readers])
        pick = np.searchsorted(cdf, self.rng.random(src.size) * cdf[-1], side="right")
        dst = readers[np.minimum(pick, readers.size - 1)]
        # Canonical pairs (i < j), once each, not tied already.
        a, b = np.minimum(src, dst), np.maximum(src, dst)
        pair = np.unique(a[a != b] * p.n + b[a != b])
        a, b = pair // p.n, pair % p.n
        adj = m.adjacency
        if adj.has_sorted_indices:  # a binary search per pair, no sparse result built
            fresh = ~csr_contains(adj.indptr, adj.indices, a, b)
        else:
            tied = adj[a, b]  # scipy may hand back a sparse 1 x k for short lists
            tied = tied.toarray() if sp.issparse(tied) else np.asarray(tied)
            fresh = tied.ravel() == 0
        a, b = a[fresh], b[fresh]
        if a.size == 0:
            return
        if self.wants_ties:
            level, dept = m.org.level, m.org.dept
            self.ties += a.size
            self.cross_level += int(np.count_nonzero(level[a] != level[b]))
            self.cross_dept += int(np.count_nonzero(dept[a] != dept[b]))
        m.add_platform_ties(a, b)
        self._adj_seen = m.adjacency

    def report(self) -> dict[str, float]:
        """Report this week's organisational-change columns (see the module docstring)."""
        m = self.model
        if self._adj_seen is not m.adjacency:
            self._recount_ties()
        p = m.people
        row: dict[str, float] = {"platform_ties": int(m.org.platform.nnz // 2)}
        if self.wants_rank:
            row["rank_influence_corr"] = self.rank_corr
        if self.wants_ties:
            ties = max(self.ties, 1)
            row["cross_level_ties"] = self.cross_level / ties
            row["cross_department_ties"] = self.cross_dept / ties
        if self.wants_grc:
            row["global_reaching_centrality"] = self.grc
        if self.wants_participation:
            row.update(self.participation.report(p.n_posts, p.ti_adopted >= 0))
        row.update(self.impact.report())
        if self.wants_maturity:
            row.update(maturity_scores(m))
        return row
