"""A stable network layout, computed once per organisation and cached.

A class must be able to follow one department or one manager while the run
plays, so nodes never move: the layout depends on the reporting tree and the
informal ties at the start, not on the week. Ties made later on the platform
are drawn between these fixed positions, which is exactly what makes them
visible as new lines across departments.

Departments start in their own sector of a circle and a seeded
force-directed pass (Fruchterman-Reingold, networkx) pulls teams together,
so the picture reads as "departments, teams, and the few weak ties between
them". The cache key is a fingerprint of the organisation's structure, so
changing a lever that does not touch the organisation (CM capacity, sponsors)
reuses the layout, and a new headcount or seed computes a new one.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import networkx as nx
import numpy as np
import scipy.sparse as sp

from simulation.org.organisation import Organisation

_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 16
FORCE_MAX = 3000  # above this headcount the layout skips the force-directed pass


def fingerprint(org: Organisation) -> str:
    """A short hash of the reporting tree and the informal ties at the start."""
    h = hashlib.sha1()
    h.update(np.ascontiguousarray(org.parent).tobytes())
    h.update(np.ascontiguousarray(org.dept).tobytes())
    inf = org.informal.tocsr()
    h.update(np.ascontiguousarray(inf.indptr).tobytes())
    h.update(np.ascontiguousarray(inf.indices).tobytes())
    return h.hexdigest()[:16]


def compute_layout(org: Organisation, seed: int = 1) -> np.ndarray:
    """Positions (n, 2) in [-1, 1]: departments in sectors, teams pulled together.

    Args:
        org: the organisation at the start of a run.
        seed: seeds the force-directed pass, so the same organisation always
            gets the same picture.
    """
    n = org.size
    rng = np.random.default_rng(seed)
    n_dept = max(int(org.dept.max()) + 1, 1)
    angle = 2 * np.pi * (org.dept + 0.5) / n_dept
    # Deeper levels sit further out: the top is the centre of the picture.
    radius = 0.25 + 0.75 * org.level / max(int(org.level.max()), 1)
    jitter = rng.normal(0.0, 0.12, (n, 2))
    init = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]) + jitter
    child, boss = org.formal_edges()
    upper = sp.triu(org.informal, k=1).tocoo()
    if n > FORCE_MAX or child.size + upper.nnz == 0:
        # Too many people for a force pass in class time (it grows as n^2), or
        # nothing to pull together (the reduced forms' mean field): sectors only.
        return _normalise(init)
    tree = sp.coo_matrix((np.full(child.size, 2.0), (child, boss)), shape=(n, n))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(zip(tree.row.tolist(), tree.col.tolist(), tree.data.tolist(),
                                  strict=True))
    g.add_weighted_edges_from(zip(upper.row.tolist(), upper.col.tolist(),
                                  np.ones(upper.nnz).tolist(), strict=True))
    iterations = 30 if n <= 1000 else 20
    pos = nx.spring_layout(g, pos={i: init[i] for i in range(n)}, iterations=iterations,
                           seed=seed, k=1.6 / np.sqrt(n))
    return _normalise(np.array([pos[i] for i in range(n)], dtype=float))


def _normalise(xy: np.ndarray) -> np.ndarray:
    """Centre and scale to [-1, 1] by the 99th percentile.

    One straggler must not shrink the whole picture.
    """
    xy = xy - np.median(xy, axis=0)
    scale = float(np.quantile(np.abs(xy), 0.99))
    return np.clip(xy / scale, -1.0, 1.0) if scale > 0 else xy


def layout_for(org: Organisation, seed: int = 1) -> np.ndarray:
    """The cached layout for this organisation (computed on first use)."""
    key = f"{fingerprint(org)}:{seed}"
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    xy = compute_layout(org, seed)
    _CACHE[key] = xy
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return xy
