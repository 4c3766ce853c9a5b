"""Invariants that must hold for any scenario and seed (hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.engine.model import CommunityModel
from simulation.engine.people import STAGES
from simulation.scenario.files import load_scenario

scenarios = st.fixed_dictionaries({
    "population.headcount": st.integers(2, 250),
    "weeks": st.integers(1, 30),
    "community_manager.capacity": st.sampled_from(["none", "side_job", "full_time"]),
    "sponsorship.champion_share": st.floats(0, 1),
    "sponsorship.mandate_from_top": st.booleans(),
    "governance.formal_roles": st.sampled_from(["none", "one_department", "distributed"]),
    "governance.kpis": st.sampled_from(["none", "usage", "impact"]),
    "governance.train_employees": st.booleans(),
    "launch.pilot_weeks": st.integers(0, 10),
    "launch.core_group_cross_department": st.booleans(),
    "shocks.reorganisation_week": st.one_of(st.none(), st.integers(0, 20)),
    "shocks.cm_leaves_week": st.one_of(st.none(), st.integers(0, 20)),
    "population.heterogeneity": st.floats(0, 2),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=scenarios, seed=st.integers(0, 2**31 - 1))
def test_shares_sum_to_one_and_counts_never_fall(overrides, seed):
    sc = load_scenario(None, overrides)
    df = CommunityModel(sc, seed=seed, agents=False).run()
    assert len(df) == sc.weeks + 1
    shares = df[list(STAGES)].to_numpy()
    assert np.allclose(shares.sum(axis=1), 1.0)
    numeric = df.select_dtypes("number").to_numpy(dtype=float)
    assert np.isfinite(numeric).all()
    assert (shares >= 0).all()
    if sc.population.turnover_per_year == 0 or sc.reduced.mode != "full":
        # a share of *current* staff: with turnover, leavers take it with them
        assert (np.diff(df["adopted_ever"]) >= -1e-12).all()
    assert (np.diff(df["relapses"]) >= 0).all()
    assert (df["posts"] >= 0).all()
