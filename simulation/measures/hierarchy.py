"""Hierarchy flattening: how far informal influence still follows the org chart.

Three views, all computed on arrays (Krackhardt 1994; Riemer, Stieglitz & Meske 2015):

* ``rank_influence_corr`` — Spearman rank correlation between *seniority*
  (``-level``: the board is most senior) and informal influence (PageRank on
  informal + platform ties). Positive when senior people are also the
  informally influential ones; it FALLS as the organisation flattens.
* ``cross_level_ties`` / ``cross_department_ties`` — share of informal +
  platform ties whose two ends sit on different levels / in different
  departments. Counted incrementally: new platform ties are added as they are
  made; a full recount happens only when someone else replaces the matrices
  (a reorganisation).
* ``reaching_centralisation`` — global reaching centrality (GRC, Mones et al.
  2012; ``networkx.global_reaching_centrality``) of the whole communication
  network (formal + informal + platform ties, undirected, unweighted). For an
  undirected graph a node's local reaching centrality is the mean of
  ``1/distance`` to everyone else (harmonic closeness), so GRC is the
  centralisation of harmonic closeness: 1 for a star, 0 when everyone is
  equally close to everyone. We chose it over Krackhardt's hierarchy because
  Krackhardt's score needs directed ties and is 0 for any connected network
  with symmetric ties, which ours are. On large graphs it is estimated from
  breadth-first searches from a sample of sources (see :func:`reaching_centrality`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from simulation.engine.kernels import inverse_distance_sums

EXACT_UP_TO = 600  # people: below this GRC is exact (all-pairs BFS)
SEARCH_BUDGET = 240_000  # people x sources per estimate: 24 sources at 10,000 people
CANDIDATES = 8  # best-connected people tried for the maximum on large graphs


def spearman(x: np.ndarray, y: np.ndarray, rx: np.ndarray | None = None) -> float:
    """Spearman rank correlation with average ranks for ties (0 if a side is constant).

    ``rx`` may pass ``ranks(x)`` precomputed (seniority does not change).
    """
    rx = ranks(x) if rx is None else rx.copy()
    ry = ranks(y)
    rx -= rx.mean()
    ry -= ry.mean()
    den = float(np.sqrt((rx @ rx) * (ry @ ry)))
    return float(rx @ ry / den) if den > 0 else 0.0


def ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), vectorised."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    first = np.r_[True, xs[1:] != xs[:-1]]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], xs.size]
    avg = 0.5 * (starts + ends - 1)
    ranks = np.empty(x.size)
    ranks[order] = avg[group]
    return ranks


def crossing_counts(
    mat: sp.spmatrix, level: np.ndarray, dept: np.ndarray
) -> tuple[int, int, int]:
    """(ties, ties crossing levels, ties crossing departments) of a symmetric 0/1 matrix."""
    upper = sp.triu(mat, k=1).tocoo()
    r, c = upper.row, upper.col
    return int(r.size), int(np.count_nonzero(level[r] != level[c])), int(
        np.count_nonzero(dept[r] != dept[c]))


def reaching_centrality(
    graph: sp.csr_matrix, rng: np.random.Generator | None = None, *,
    exact_up_to: int = EXACT_UP_TO, n_sources: int | None = None,
    n_candidates: int = CANDIDATES,
) -> float:
    """Global reaching centrality of an undirected, unweighted graph.

    ``GRC = sum_v (max LRC - LRC_v) / (N - 1)`` with ``LRC_v = mean_u 1/d(v, u)``
    (unreachable pairs count 0), as in networkx. Up to ``exact_up_to`` nodes it
    is exact (one BFS from every node). Above, the mean of LRC is estimated
    from BFS from ``n_sources`` random people (by default as many as keep
    people x sources under ``SEARCH_BUDGET``: 24 at 10,000 people, 128 at
    1,500; LRC varies little between people, so the standard error stays
    near 0.003) and the
    maximum is taken over the ``n_candidates`` people with most walks of
    length three (the closest-to-all node is a well-connected hub: a
    second-line manager or a platform star, not necessarily the top),
    which keeps the cost of one estimate about constant above a few thousand people.
    """
    n = graph.shape[0]
    if n < 2:
        return 0.0
    if n <= exact_up_to:
        lrc = _lrc(graph, np.arange(n))
        return float((lrc.max() - lrc).sum() / (n - 1))
    rng = rng if rng is not None else np.random.default_rng(0)
    # Closeness candidates: most walks of length 3 (two cheap products), which
    # found the true maximum in our checks where raw degree missed it.
    walks = graph @ (graph @ np.diff(graph.indptr).astype(np.float64))
    cand = np.argpartition(-walks, n_candidates)[:n_candidates]
    if n_sources is None:
        n_sources = int(np.clip(SEARCH_BUDGET // n, 24, 128))
    sample = rng.choice(n, size=min(n_sources, n), replace=False)
    lrc = _lrc(graph, np.concatenate([cand, sample]))
    top = max(float(lrc.max()), 0.0)
    mean = float(lrc[n_candidates:].mean())
    return max(0.0, (top - mean) * n / (n - 1))


def _lrc(graph: sp.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Local reaching centrality (mean inverse distance to the others) of ``sources``.

    One breadth-first search per source, compiled
    (:func:`simulation.engine.kernels.inverse_distance_sums`): it touches each
    tie once per source, where the former multi-source search took a dense
    people x sources sparse product per level (same counts, same sums).
    """
    n = graph.shape[0]
    indptr = graph.indptr.astype(np.int64, copy=False)
    indices = graph.indices.astype(np.int64, copy=False)
    sums = inverse_distance_sums(indptr, indices, np.asarray(sources, dtype=np.int64))
    return sums / (n - 1)
