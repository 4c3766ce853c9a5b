"""Organisational change: influence, flattening, power threat, participation, impact, maturity."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
import scipy.stats

from simulation.engine.model import CommunityModel
from simulation.engine.organisational_change import pagerank
from simulation.engine.people import Stance
from simulation.measures import hierarchy
from simulation.measures.participation import top_share
from simulation.scenario.files import load_scenario

SEEDS = range(1, 5)
NEW_COLUMNS = [
    "platform_ties", "rank_influence_corr", "cross_level_ties", "cross_department_ties",
    "global_reaching_centrality", "top1_share", "top10_share", "top1_share_cum",
    "top10_share_cum", "never_posted", "cross_dept_exchange", "impact", "impact_cumulative",
    "maturity_usage", "maturity_goals", "maturity_organisation", "maturity_integration",
    "threatened_managers", "power_sceptics",
]
MATURITY = ["maturity_usage", "maturity_goals", "maturity_organisation", "maturity_integration"]


def run(name, seed, **overrides):
    sc = load_scenario(f"scenarios/{name}.toml", {k.replace("__", "."): v
                                                  for k, v in overrides.items()})
    return CommunityModel(sc, seed=seed, agents=False).run()


@pytest.fixture(scope="module")
def baseline_runs():
    return [run("baseline", s) for s in SEEDS]


def active(df):
    return df["lurking"] + df["contributing"] + df["embedded"]


# -- building blocks, exact ---------------------------------------------------------------

def test_pagerank_matches_networkx():
    rng = np.random.default_rng(3)
    g = nx.gnp_random_graph(60, 0.08, seed=3)
    g.add_node(60)  # an isolated person: a dangling node
    adj = sp.csr_matrix(nx.to_scipy_sparse_array(g, nodelist=range(61)))
    w = rng.uniform(0.5, 3.0, 61)
    ours = pagerank(adj, w, tol=1e-13)
    d = nx.DiGraph()
    d.add_nodes_from(range(61))
    d.add_weighted_edges_from((i, j, w[j]) for i, j in g.edges)
    d.add_weighted_edges_from((j, i, w[i]) for i, j in g.edges)
    ref = nx.pagerank(d, alpha=0.85, weight="weight", tol=1e-14, max_iter=1000)
    ref = np.array([ref[i] for i in range(61)]) * 61
    np.testing.assert_allclose(ours, ref, rtol=1e-8)
    # A warm start from another vector converges to the same ranks.
    np.testing.assert_allclose(pagerank(adj, w, tol=1e-13, start=rng.random(61)), ref, rtol=1e-8)


def test_spearman_matches_scipy():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 6, 500).astype(float)
    y = rng.random(500) + 0.1 * x
    assert hierarchy.spearman(x, y) == pytest.approx(scipy.stats.spearmanr(x, y)[0], abs=1e-12)
    assert hierarchy.spearman(np.ones(10), np.arange(10.0)) == 0.0


def test_global_reaching_centrality_matches_networkx():
    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 250, "weeks": 40})
    m = CommunityModel(sc, seed=2, agents=False)
    m.run()
    assert m.org.platform.nnz > 0  # platform ties are part of the graph compared
    graph = (m.adjacency + m.org.formal_matrix()).tocsr()
    graph.data[:] = 1.0
    ours = hierarchy.reaching_centrality(graph)
    assert ours == pytest.approx(nx.global_reaching_centrality(m.graph()), abs=1e-12)


def test_sampled_reaching_centrality_close_to_exact():
    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 1500})
    m = CommunityModel(sc, seed=1, agents=False)
    graph = (m.adjacency + m.org.formal_matrix()).tocsr()
    graph.data[:] = 1.0
    exact = hierarchy.reaching_centrality(graph, exact_up_to=10_000)
    est = [hierarchy.reaching_centrality(graph, np.random.default_rng(s)) for s in range(5)]
    assert np.all(np.abs(np.array(est) - exact) < 0.01), (est, exact)


def test_top_share_counts_members_not_headcount():
    posts = np.zeros(1000, dtype=np.int64)
    posts[:3] = [50, 30, 20]
    posts[3:13] = 1  # ten people with one post each: 110 posts
    assert top_share(posts, members=100, fraction=0.01) == pytest.approx(50 / 110)
    assert top_share(posts, members=200, fraction=0.01) == pytest.approx(80 / 110)
    assert top_share(posts, members=100, fraction=0.10) == pytest.approx(107 / 110)
    assert top_share(np.zeros(10, dtype=np.int64), members=5, fraction=0.1) == 0.0


def test_new_columns_in_timeseries(baseline_runs):
    df = baseline_runs[0]
    assert set(NEW_COLUMNS) <= set(df.columns)
    assert not df[NEW_COLUMNS].isna().any().any()


def test_impact_recent_is_trailing_mean():
    sc = load_scenario("scenarios/integration_only.toml", {"weeks": 60})
    m = CommunityModel(sc, seed=3, agents=False)
    df = m.run()
    window = sc.impact.window
    assert m.ctx.impact_recent == pytest.approx(df["impact"].iloc[-window:].mean(), rel=1e-12)
    assert df["impact_cumulative"].iloc[-1] == pytest.approx(df["impact"].sum(), rel=1e-12)


def test_incremental_tie_counts_match_a_full_recount():
    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 400, "weeks": 60,
                                                   "shocks.reorganisation_week": 30})
    m = CommunityModel(sc, seed=4, agents=False)
    df = m.run()
    ties, lvl, dpt = hierarchy.crossing_counts(m.adjacency, m.org.level, m.org.dept)
    assert df["cross_level_ties"].iloc[-1] == pytest.approx(lvl / ties, rel=1e-12)
    assert df["cross_department_ties"].iloc[-1] == pytest.approx(dpt / ties, rel=1e-12)


# -- flattening (Riemer, Stieglitz & Meske 2015) ------------------------------------

def test_rank_influence_correlation_falls_and_cross_unit_ties_rise(baseline_runs):
    for df in baseline_runs:
        start, end = df.iloc[0], df.iloc[-1]
        assert start["rank_influence_corr"] > 0.3  # influence follows the org chart at first
        assert end["rank_influence_corr"] < start["rank_influence_corr"] - 0.1
        assert end["cross_level_ties"] > start["cross_level_ties"] + 0.02
        assert end["cross_department_ties"] > start["cross_department_ties"] + 0.02
        # As adoption grows, not just with time: the correlation tracks ever-adopted.
        corr = scipy.stats.spearmanr(df["adopted_ever"], df["rank_influence_corr"])[0]
        assert corr < -0.5


def test_more_adoption_flattens_more(baseline_runs):
    for seed, base in zip(SEEDS, baseline_runs, strict=True):
        more = run("usage_without_impact", seed)
        assert active(more).mean() > active(base).mean()
        assert more["rank_influence_corr"].iloc[-1] < base["rank_influence_corr"].iloc[-1]
        assert more["cross_department_ties"].iloc[-1] > base["cross_department_ties"].iloc[-1]


def test_without_platform_ties_cross_unit_shares_stay_put():
    df = run("baseline", 1, network__platform_ties=0.0, weeks=60)
    assert df["platform_ties"].max() == 0
    assert df["cross_level_ties"].nunique() == 1
    assert df["cross_department_ties"].nunique() == 1


# -- power threat ------------------------------------------------------------------------

# The power threat is a mechanism of managers who stay: these tests switch staff
# turnover off, since a joiner in a manager's place starts neutral and uncoached.
STAY = {"population.turnover_per_year": 0.0}


@pytest.fixture(scope="module")
def staying_runs():
    return [run("baseline", s, population__turnover_per_year=0.0) for s in SEEDS]


def test_power_threat_turns_some_managers_sceptic(staying_runs):
    for df in staying_runs:
        assert df["power_sceptics"].iloc[-1] > 0.02
        assert df["sceptics"].iloc[-1] > df["sceptics"].iloc[0]
        assert df["power_sceptics"].is_monotonic_increasing


def test_coaching_prevents_power_sceptics():
    sc = load_scenario("scenarios/baseline.toml", {"weeks": 104, **STAY})
    for seed in SEEDS:
        free = CommunityModel(sc, seed=seed, agents=False)
        coached = CommunityModel(sc, seed=seed, agents=False)
        coached.people.coached[coached.org.is_manager] = True  # the CM coached every manager
        a, b = free.run(), coached.run()
        assert a["power_sceptics"].iloc[-1] > 0
        assert b["power_sceptics"].max() == 0
        assert b["sceptics"].iloc[-1] <= a["sceptics"].iloc[-1]


def test_champions_and_featured_sponsors_never_turn():
    sc = load_scenario("scenarios/baseline.toml", {"sponsorship.feature_sponsors": True, **STAY})
    m = CommunityModel(sc, seed=2, agents=False)
    champions = m.people.stance == Stance.CHAMPION
    m.run()
    lever = m.lever("power")
    turned = lever.managers[lever.turned]
    assert turned.size > 0
    assert not champions[turned].any()


def test_power_sceptics_dampen_their_reports_adoption():
    sc_on = load_scenario("scenarios/baseline.toml", {"weeks": 104, **STAY})
    sc_off = load_scenario("scenarios/baseline.toml", {"weeks": 104, "power.enabled": False,
                                                       **STAY})
    diffs = []
    for seed in range(1, 7):
        on, off = CommunityModel(sc_on, seed=seed, agents=False), CommunityModel(
            sc_off, seed=seed, agents=False)
        use_on, use_off = np.zeros(on.people.n), np.zeros(off.people.n)
        for _ in range(104):
            on.step()
            off.step()
            if on.week > 52:  # the second year, once managers have turned
                use_on += on.people.is_active()
                use_off += off.people.is_active()
        lever = on.lever("power")
        assert off.lever("power").turned.sum() == 0
        turned = lever.managers[lever.turned]
        reports = np.isin(on.org.parent, turned)
        assert reports.any()
        diffs.append((use_off[reports] - use_on[reports]).mean() / 52)
    diffs = np.array(diffs)
    # Paired seeds: the same people use it less when their manager turned sceptic.
    assert diffs.mean() - 2 * diffs.std(ddof=1) / np.sqrt(diffs.size) > 0, diffs


def test_early_phase_shift_provokes_more_power_sceptics():
    # The CM coaches managers while working through the hierarchy; shifting to
    # the informal network at once leaves them unshielded (docs §3).
    diffs = []
    for seed in range(1, 6):
        early = run("baseline", seed, weeks=104, community_manager__capacity="full_time",
                    community_manager__phase_shift_week=0, population__turnover_per_year=0.0)
        late = run("baseline", seed, weeks=104, community_manager__capacity="full_time",
                   community_manager__phase_shift_week=52, population__turnover_per_year=0.0)
        diffs.append(early["power_sceptics"].iloc[-1] - late["power_sceptics"].iloc[-1])
    diffs = np.array(diffs)
    assert diffs.mean() - 2 * diffs.std(ddof=1) / np.sqrt(diffs.size) > 0, diffs


# -- participation inequality (Nielsen 2006; van Mierlo 2014) ----------------------------

def test_participation_inequality_in_bands(baseline_runs):
    for df in baseline_runs:
        steady = df.iloc[-13:]
        assert steady["top1_share"].mean() >= 0.5
        assert (steady["top1_share_cum"] >= 0.5).all()
        assert (steady["top10_share"] >= steady["top1_share"]).all()
        assert 0.6 <= df["never_posted"].iloc[-1] <= 0.9


# -- impact: usage is not success ------------------------------------------------------

def test_usage_without_integration_has_low_impact():
    for seed in range(1, 4):
        usage = run("usage_without_impact", seed)
        integ = run("integration_only", seed)
        # Per person who uses it: heavy usage without integration lands little in work.
        per_use = [df["impact"].iloc[-26:].mean() / df["monthly_active"].iloc[-26:].mean()
                   for df in (usage, integ)]
        assert active(usage).iloc[-26:].mean() > 0.15  # plenty of usage
        assert per_use[0] < 0.5 * per_use[1], per_use
        assert usage["impact_cumulative"].iloc[-1] < 0.6 * integ["impact_cumulative"].iloc[-1]


# -- maturity ---------------------------------------------------------------------------

def test_maturity_in_range_and_ordered(baseline_runs):
    for seed, base in zip(range(1, 3), baseline_runs, strict=False):
        best = run("integrated_community", seed)
        for df in (base, best):
            values = df[MATURITY].to_numpy()
            assert (values >= 0).all() and (values <= 100).all()
        for col in MATURITY:
            assert best[col].iloc[-13:].mean() > base[col].iloc[-13:].mean() + 10, col
        assert base["maturity_goals"].iloc[-1] < 20  # no KPIs, no reporting
        assert best["maturity_goals"].iloc[-1] == pytest.approx(100.0)  # impact KPIs, reported


# -- figures ---------------------------------------------------------------------------

def test_change_figures_are_written(tmp_path):
    from matplotlib.image import imread

    from simulation.figures.organisational_change import (
        plot_flattening,
        plot_maturity_radar,
        plot_network_change,
    )

    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 300, "weeks": 30})
    m = CommunityModel(sc, seed=1, agents=False)
    df = m.run()
    other = run("integrated_community", 1, population__headcount=300, weeks=30)
    plot_flattening({"a": [df, df], "b": other}, tmp_path / "flat.png", "t")
    plot_network_change(m, tmp_path / "net.png", "t")
    plot_maturity_radar({"a": df, "b": [other]}, tmp_path / "radar.png", "t", weeks=(5, 30))
    for name in ("flat.png", "net.png", "radar.png"):
        img = imread(tmp_path / name)
        assert img.shape[0] > 300 and img.shape[1] > 300
        assert img[..., :3].std() > 0.05  # something was drawn
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave nothing behind


# -- command line ----------------------------------------------------------------------

def test_adoptsim_change_writes_figures_and_tidy_series(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    import pandas as pd

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}  # this checkout, not an installed copy
    cmd = [sys.executable, "-m", "simulation", "change",
           root / "scenarios" / "baseline.toml", root / "scenarios" / "integration_only.toml",
           "--seeds", "2", "--set", "population.headcount=200", "--weeks", "20",
           "--radar-weeks", "5,20", "--out", "out"]
    res = subprocess.run(list(map(str, cmd)), cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        ".adoptsim-manifest.json", "flattening.png", "maturity_radar.png", "network_Baseline.png",
        "network_Integration_only.png", "results.xlsx", "summary.json", "timeseries.csv",
        "timeseries_long.csv", "timeseries_long.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    df = pd.read_csv(out / "timeseries.csv")
    assert set(NEW_COLUMNS) <= set(df.columns)
    assert sorted(df.groupby(["scenario", "seed"]).size().to_dict().items()) == [
        (("Baseline", 1), 21), (("Baseline", 2), 21),
        (("Integration only", 1), 21), (("Integration only", 2), 21)]
    bad = subprocess.run([sys.executable, "-m", "simulation", "change", "missing.toml"],
                         cwd=root, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "missing.toml" in bad.stderr


def test_reduced_forms_keep_the_network_still():
    sc = load_scenario(None, {"population.headcount": 300, "weeks": 30, "reduced.mode": "bass"})
    m = CommunityModel(sc, seed=1, agents=False)
    df = m.run()
    assert df["platform_ties"].max() == 0
    assert "power_sceptics" not in df  # no levers in a reduced form: no power threat
    assert df["global_reaching_centrality"].isna().all()
    assert not df["rank_influence_corr"].isna().any()
