import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from simulation.org.organisation import generate
from simulation.scenario.files import load_scenario
from simulation.scenario.schema import DEFAULT_DEPARTMENTS


def org(n, seed, **ov):
    return generate(load_scenario(None, {"population.headcount": n, **ov}),
                    np.random.default_rng(seed))


def informal_graph(o):
    g = nx.Graph()
    g.add_nodes_from(range(o.size))
    upper = sp.triu(o.informal, 1).tocoo()
    g.add_edges_from(zip(upper.row.tolist(), upper.col.tolist(), strict=True))
    return g


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_thousand_person_shape_matches_targets(seed):
    o = org(1000, seed)
    assert o.size == 1000
    assert 4 <= o.n_levels <= 6
    spans = o.n_reports[o.is_manager]
    assert 4 <= np.median(spans) <= 7
    g = informal_graph(o)
    clustering = nx.average_clustering(g)
    assert 0.2 <= clustering <= 0.45
    assert clustering >= 10 * nx.density(g)


def test_departments_are_headed_by_top_managers():
    o = org(1000, 5)
    assert o.departments == [*DEFAULT_DEPARTMENTS, "Board"]
    heads = np.flatnonzero(o.level == 1)
    assert len(heads) == 8
    assert (o.parent[heads] == 0).all()
    assert sorted(o.dept[heads].tolist()) == list(range(8))
    # Everyone below a head is in the head's department.
    child = np.flatnonzero(o.level >= 2)
    assert (o.dept[child] == o.dept[o.parent[child]]).all()


def test_tree_is_a_tree():
    o = org(2000, 3)
    assert (o.parent == -1).sum() == 1
    child = np.flatnonzero(o.parent >= 0)
    assert (o.level[child] == o.level[o.parent[child]] + 1).all()


def test_ties_are_mostly_local():
    o = org(1000, 2)
    upper = sp.triu(o.informal, 1).tocoo()
    same_dept = o.dept[upper.row] == o.dept[upper.col]
    assert 0.75 < same_dept.mean() < 0.98  # few weak ties across departments
    assert o.informal.multiply(o.formal_matrix()).nnz == 0  # formal lines are not informal


def test_networkx_graph_has_kinds_and_attributes():
    o = org(200, 1)
    g = o.to_networkx()
    assert g.number_of_nodes() == 200
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"formal", "informal"}
    assert sum(1 for *_, d in g.edges(data=True) if d["kind"] == "formal") == 199
    assert set(g.nodes[0]) >= {"level", "department", "team", "role"}


def test_same_seed_same_organisation_other_seed_differs():
    a, b, c = org(500, 9), org(500, 9), org(500, 10)
    assert np.array_equal(a.parent, b.parent)
    assert (a.informal != b.informal).nnz == 0
    assert not np.array_equal(a.parent, c.parent) or (a.informal != c.informal).nnz > 0


def test_tiny_organisations_work():
    for n in (2, 3, 9, 10):
        o = org(n, 1)
        assert o.size == n
        assert (o.parent == -1).sum() == 1
