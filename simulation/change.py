"""Organisational change: platform ties and informal influence.

First seed: the community transforms the organisation — contributors form
ties across teams, levels and departments, and people low in the hierarchy
can gain influence through the informal network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from simulation.organisation import symmetric

if TYPE_CHECKING:
    from simulation.model import CommunityModel


def pagerank(adj: sp.csr_matrix, weight: np.ndarray, damping: float = 0.85,
             iters: int = 30) -> np.ndarray:
    """PageRank by power iteration on a symmetric adjacency, scaled to mean 1.

    ``weight`` (activity) scales how much each person's ties pass on; isolated
    mass is spread uniformly. Sparse products only.
    """
    n = adj.shape[0]
    out = np.asarray(adj @ weight).ravel()
    rank = np.full(n, 1.0 / n)
    for _ in range(iters):
        share = np.divide(rank, out, out=np.zeros(n), where=out > 0)
        spread = (adj.T @ share) * weight
        dangling = rank[out <= 0].sum()
        rank = (1 - damping) / n + damping * (spread + dangling / n)
        rank /= rank.sum()
    return rank * n


class OrganisationalChange:
    """Adds platform ties each week and recomputes influence every few weeks."""

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        self.rng = model.stream("change")
        self.update_influence()

    def update_influence(self) -> None:
        """Informal influence: PageRank on informal + platform ties, weighted by activity."""
        m = self.model
        activity = 1.0 + m.people.used + np.log1p(m.people.posts)
        m.people.influence = pagerank(m.adjacency, activity)

    def step(self, events: dict[str, float]) -> None:
        """Contributors form new platform ties; influence is refreshed on schedule."""
        m = self.model
        net = m.params.network
        p = m.people
        draw = self.rng.random(p.n)
        posters = np.flatnonzero((p.posts > 0) & (draw < net.platform_ties))
        if posters.size:
            # A poster meets someone who also posted recently, anywhere in the organisation.
            active = np.flatnonzero(p.posts > 0)
            partner = active[self.rng.integers(0, active.size, posters.size)]
            new = symmetric(posters, partner, p.n)
            new = new - new.multiply(m.adjacency)
            if new.nnz:
                plat = m.org.platform + new
                plat.data[:] = 1.0
                m.org.platform = plat.tocsr()
                m.refresh_adjacency()
        if m.week % net.influence_every == 0:
            self.update_influence()

    def report(self) -> dict[str, float]:
        """Platform ties so far."""
        return {"platform_ties": int(self.model.org.platform.nnz // 2)}
