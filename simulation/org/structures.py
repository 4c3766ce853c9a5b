"""Textbook graph structures for the reduced forms (validation, teaching).

``network.structure`` chooses who knows whom. ``"organisation"`` is the
model's own reporting tree plus informal layer (``simulation.org.organisation``);
the others replace it with the graphs the diffusion literature uses, so the
same engine can be checked against published results:

- ``complete``: everyone knows everyone (mean field). No matrix is built: the
  reduced dynamics use the global share instead (an N x N matrix would cost
  N^2 memory for no information).
- ``ring``: a ring lattice, each person tied to the ``degree / 2`` nearest on
  each side (Watts & Strogatz 1998; Centola & Macy 2007).
- ``watts_strogatz``: the ring lattice with each tie's far end rewired to a
  random person with probability ``rewiring`` (seeded, vectorised; a rewired
  tie that would duplicate one or loop back is dropped, as networkx does by
  skipping it).
- ``random``: an Erdos-Renyi graph with the same number of ties as the ring
  lattice (equal mean degree), Centola's "random network of equal degree".

These organisations are flat: no hierarchy (everyone on level 0, nobody
reports to anyone) and one department, because the reduced forms switch the
hierarchy off.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from simulation.org.organisation import Organisation, symmetric
from simulation.scenario.schema import Scenario

STRUCTURES = ("organisation", "complete", "ring", "watts_strogatz", "random")


def ring_edges(n: int, degree: int) -> tuple[np.ndarray, np.ndarray]:
    """Ties of a ring lattice: each person to the ``degree // 2`` next ones clockwise."""
    half = max(1, min(degree // 2, (n - 1) // 2))
    src = np.tile(np.arange(n), half)
    dst = (src + np.repeat(np.arange(1, half + 1), n)) % n
    return src, dst


def ring_lattice(n: int, degree: int) -> sp.csr_matrix:
    """Symmetric 0/1 CSR adjacency of a ring lattice of even ``degree``."""
    return symmetric(*ring_edges(n, degree), n)


def watts_strogatz(n: int, degree: int, rewiring: float,
                   rng: np.random.Generator) -> sp.csr_matrix:
    """A ring lattice whose ties' far ends are rewired with probability ``rewiring``.

    As in Watts & Strogatz (1998) each person keeps the near end of its
    clockwise ties, so nobody becomes isolated and the degree stays close to
    ``degree`` (mean exactly ``degree`` minus the few dropped duplicates).
    """
    src, dst = ring_edges(n, degree)
    move = rng.random(src.size) < rewiring
    dst = dst.copy()
    dst[move] = rng.integers(0, n, int(move.sum()))
    return symmetric(src, dst, n)


def random_graph(n: int, degree: int, rng: np.random.Generator) -> sp.csr_matrix:
    """An Erdos-Renyi G(n, m) graph with m = n * degree / 2 ties (equal mean degree)."""
    m = n * degree // 2
    # Draw a few extra pairs so that after removing loops and repeats about m remain.
    src = rng.integers(0, n, int(m * 1.1) + 10)
    dst = rng.integers(0, n, src.size)
    keep = src != dst
    a, b = np.minimum(src[keep], dst[keep]), np.maximum(src[keep], dst[keep])
    key = np.unique(a * n + b)
    key = rng.permutation(key)[:m]
    return symmetric(key // n, key % n, n)


def adjacency(sc: Scenario, n: int, rng: np.random.Generator) -> sp.csr_matrix:
    """The tie matrix for a textbook structure (empty for ``complete``: mean field)."""
    net = sc.network
    if net.structure == "ring":
        return ring_lattice(n, net.degree)
    if net.structure == "watts_strogatz":
        return watts_strogatz(n, net.degree, net.rewiring, rng)
    if net.structure == "random":
        return random_graph(n, net.degree, rng)
    return sp.csr_matrix((n, n), dtype=np.float32)


def build_structure(sc: Scenario, rng: np.random.Generator) -> Organisation:
    """A flat organisation (no hierarchy, one department) on a textbook graph."""
    n = sc.population.headcount
    return Organisation(
        parent=np.full(n, -1, dtype=np.int64),
        level=np.zeros(n, dtype=np.int64),
        dept=np.zeros(n, dtype=np.int64),
        departments=[sc.population.departments[0], "Board"],
        informal=adjacency(sc, n, rng),
    )
