"""The organisation: a reporting tree plus an informal layer, built as arrays.

The generator works level by level on whole arrays (no Python loop over
people), so a million-person organisation is built in seconds. networkx is
the public face: :meth:`Organisation.to_networkx` gives the graph with node
attributes (level, department, team, role) and the edge attribute ``kind``
(``formal`` / ``informal`` / ``platform``), but the model itself works on the
sparse adjacency matrix.

Shape (checked in docs/validation.md, "Organisation shape"): spans are
log-normal around a median of 6 (Gallup 2025); a department head splits the
department into sub-trees until the remaining people fit in one span; teams
are the direct reports of one manager. Informal ties are dense within teams,
sparser across a department (mostly between neighbouring teams: same
second-line manager), and few across departments (weak ties).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from simulation.scenario.schema import Scenario

FORMAL, INFORMAL, PLATFORM = 0, 1, 2
EDGE_KINDS = ("formal", "informal", "platform")
BOARD = "Board"


@dataclass
class Organisation:
    """Arrays describing who reports to whom and who knows whom.

    Attributes:
        parent: manager of each person (-1 for the top).
        level: 0 for the top, 1 for department heads, and so on.
        dept: department index into ``departments`` (the top is in "Board").
        departments: department names; the last one is "Board".
        informal: symmetric 0/1 CSR matrix of informal ties (no formal ones).
        platform: symmetric 0/1 CSR matrix of ties made on the platform.
        role: role labels from an org chart ("manager" also marks a manager
            without reports in the chart); ``None`` for generated organisations.
        names: people's names from an org chart, if given.
        team_names: team labels from an org chart, if given.
    """

    parent: np.ndarray
    level: np.ndarray
    dept: np.ndarray
    departments: list[str]
    informal: sp.csr_matrix
    platform: sp.csr_matrix = field(default=None)  # type: ignore[assignment]
    role: np.ndarray | None = None
    names: list[str] | None = None
    team_names: list[str] | None = None

    def __post_init__(self) -> None:
        n = self.size
        if self.platform is None:
            self.platform = sp.csr_matrix((n, n), dtype=np.float32)
        self.n_reports = np.bincount(self.parent[self.parent >= 0], minlength=n)
        self.is_manager = self.n_reports > 0
        if self.role is not None:  # an org chart may name a manager whose team is not in it
            self.is_manager |= self.role == "manager"

    @property
    def size(self) -> int:
        """Headcount."""
        return int(self.parent.shape[0])

    @property
    def team(self) -> np.ndarray:
        """Team of each person: the manager they report to (the top is its own team)."""
        return np.where(self.parent >= 0, self.parent, np.arange(self.size))

    @property
    def n_levels(self) -> int:
        """Number of hierarchy levels."""
        return int(self.level.max()) + 1

    def formal_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Reporting lines as (report, manager) arrays."""
        child = np.flatnonzero(self.parent >= 0)
        return child, self.parent[child]

    def formal_matrix(self) -> sp.csr_matrix:
        """Symmetric 0/1 matrix of reporting lines."""
        c, m = self.formal_edges()
        return symmetric(c, m, self.size)

    def to_networkx(self) -> nx.Graph:
        """The organisation as a networkx graph (formal, informal and platform ties).

        Node attributes: ``level``, ``department``, ``team``, ``manager`` (bool),
        ``role``. Edge attribute ``kind``; a pair that is both formal and
        informal is reported as formal.
        """
        g = nx.Graph()
        depts = np.asarray(self.departments, dtype=object)[self.dept]
        team = self.team
        roles = self.role if self.role is not None else np.where(
            self.is_manager, "manager", "employee")
        g.add_nodes_from(
            (i, {"level": int(self.level[i]), "department": depts[i], "team": int(team[i]),
                 "manager": bool(self.is_manager[i]), "role": str(roles[i])})
            for i in range(self.size)
        )
        for attr, labels in (("name", self.names), ("team_name", self.team_names)):
            if labels is not None:
                nx.set_node_attributes(g, dict(enumerate(labels)), attr)
        for kind, mat in ((PLATFORM, self.platform), (INFORMAL, self.informal)):
            upper = sp.triu(mat, k=1).tocoo()
            g.add_edges_from(zip(upper.row.tolist(), upper.col.tolist(), strict=True),
                             kind=EDGE_KINDS[kind])
        c, m = self.formal_edges()
        g.add_edges_from(zip(c.tolist(), m.tolist(), strict=True), kind="formal")
        return g


def symmetric(i: np.ndarray, j: np.ndarray, n: int) -> sp.csr_matrix:
    """Symmetric 0/1 float32 CSR matrix from an edge list; drops self-loops and repeats."""
    keep = i != j
    i, j = i[keep], j[keep]
    data = np.ones(2 * i.size, dtype=np.float32)
    mat = sp.csr_matrix((data, (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n))
    mat.sum_duplicates()
    mat.data[:] = 1.0
    return mat


def _reporting_tree(
    n: int, n_dept: int, span_median: float, span_sigma: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Build parent, level and department arrays for ``n`` people, level by level."""
    parent = np.full(n, -1, dtype=np.int64)
    level = np.zeros(n, dtype=np.int64)
    dept = np.full(n, n_dept, dtype=np.int64)  # the top sits on the Board
    rest = n - 1
    if rest == 0:
        return parent, level, dept
    weights = rng.lognormal(0.0, 0.3, size=n_dept)
    sizes = rng.multinomial(rest, weights / weights.sum()) if rest >= n_dept else None
    if sizes is None or (sizes == 0).any():
        sizes = np.bincount(np.arange(rest) % n_dept, minlength=n_dept)
    heads = np.flatnonzero(sizes > 0)
    ids = np.arange(1, 1 + heads.size)
    parent[ids], level[ids], dept[ids] = 0, 1, heads
    # Frontier: managers-to-be with the size of the sub-tree they head (themselves included).
    node, size, next_id = ids, sizes[heads], 1 + heads.size
    while node.size:
        below = size - 1
        keep = below > 0
        node, below = node[keep], below[keep]
        if not node.size:
            break
        span = np.clip(np.rint(rng.lognormal(np.log(span_median), span_sigma, node.size)), 4, 60)
        span = span.astype(np.int64)
        fits = below <= span + span // 2  # a team may run a little over the drawn span
        # Sub-managers needed so that each heads about one team; the rest report directly.
        k = np.where(fits, 0, np.minimum(span + span // 2, -(-(below - span) // (span + 1))))
        leaves = np.where(fits, below, np.maximum(span - k, 0))
        subtotal = below - leaves
        n_child = k + leaves
        total = int(n_child.sum())
        owner = np.repeat(np.arange(node.size), n_child)
        rank = np.arange(total) - np.repeat(np.cumsum(n_child) - n_child, n_child)
        child = np.arange(next_id, next_id + total)
        next_id += total
        parent[child] = node[owner]
        level[child] = level[node[owner]] + 1
        dept[child] = dept[node[owner]]
        is_sub = rank < k[owner]
        base = np.where(k > 0, subtotal // np.maximum(k, 1), 0)
        extra = np.where(k > 0, subtotal % np.maximum(k, 1), 0)
        sub_size = base[owner] + (rank < extra[owner])
        node, size = child[is_sub], sub_size[is_sub]
    return parent, level, dept


def _pairs_within(group: np.ndarray, prob: float, rng: np.random.Generator,
                  max_gap: int = 80) -> tuple[np.ndarray, np.ndarray]:
    """Each pair of people sharing a group value, kept with probability ``prob``.

    Large groups (over ``max_gap``) are treated as a ring of neighbours, which
    keeps the cost linear for client org charts with very wide teams.
    """
    order = np.argsort(group, kind="stable")
    g = group[order]
    src, dst = [], []
    for gap in range(1, max_gap):
        if gap >= g.size:
            break
        same = g[:-gap] == g[gap:]
        if not same.any():
            break
        a, b = order[:-gap][same], order[gap:][same]
        keep = rng.random(a.size) < prob
        src.append(a[keep])
        dst.append(b[keep])
    if not src:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(src), np.concatenate(dst)


def _random_partner(group: np.ndarray, who: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each person in ``who``, a random person of the same group (maybe themselves)."""
    order = np.argsort(group, kind="stable")
    sorted_g = group[order]
    start = np.searchsorted(sorted_g, group[who], side="left")
    end = np.searchsorted(sorted_g, group[who], side="right")
    pick = start + (rng.random(who.size) * (end - start)).astype(np.int64)
    return order[pick]


def informal_layer(
    parent: np.ndarray, dept: np.ndarray, sc: Scenario, rng: np.random.Generator
) -> sp.csr_matrix:
    """Generate informal ties on top of a reporting tree.

    Team-mates (same manager) know each other with ``team_tie_prob``; each person
    has Poisson(``department_ties``) ties in the department, a share
    ``closure`` of them with neighbouring teams (same second-line manager),
    which closes triangles; and Poisson(``cross_department_ties``) weak ties
    anywhere.
    """
    net = sc.network
    n = parent.size
    team = np.where(parent >= 0, parent, np.arange(n))
    grand = np.where(parent >= 0, team[np.maximum(parent, 0)], team)
    src, dst = [], []
    a, b = _pairs_within(team, net.team_tie_prob, rng)
    src.append(a)
    dst.append(b)
    if net.department_ties > 0:
        who = np.repeat(np.arange(n), rng.poisson(net.department_ties, n))
        near = rng.random(who.size) < net.closure
        partner = np.empty_like(who)
        partner[near] = _random_partner(grand, who[near], rng)
        partner[~near] = _random_partner(dept, who[~near], rng)
        src.append(who)
        dst.append(partner)
    if net.cross_department_ties > 0:
        who = np.repeat(np.arange(n), rng.poisson(net.cross_department_ties, n))
        src.append(who)
        dst.append(rng.integers(0, n, who.size))
    mat = symmetric(np.concatenate(src), np.concatenate(dst), n)
    formal = symmetric(np.flatnonzero(parent >= 0), parent[parent >= 0], n)
    return (mat - mat.multiply(formal)).tocsr()  # reporting lines are not informal ties


def generate(sc: Scenario, rng: np.random.Generator) -> Organisation:
    """Generate a seeded organisation from the scenario's population parameters."""
    pop = sc.population
    parent, level, dept = _reporting_tree(
        pop.headcount, len(pop.departments), pop.span_median, pop.span_sigma, rng
    )
    informal = informal_layer(parent, dept, sc, rng)
    informal.eliminate_zeros()
    return Organisation(parent=parent, level=level, dept=dept,
                        departments=[*pop.departments, BOARD], informal=informal)
