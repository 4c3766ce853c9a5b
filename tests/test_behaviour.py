"""Statistical behaviour over several seeds: the baseline's story, the levers' pull."""

import numpy as np
import pytest

from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

SEEDS = range(1, 9)


def active(df):
    return df["lurking"] + df["contributing"] + df["embedded"]


@pytest.fixture(scope="module")
def baseline_runs():
    sc = load_scenario("scenarios/baseline.toml")
    return [CommunityModel(sc, seed=s, agents=False).run() for s in SEEDS]


def test_baseline_has_a_honeymoon_then_declines(baseline_runs):
    for df in baseline_runs:
        use = active(df)
        peak_week = int(use.idxmax())
        assert 3 <= peak_week <= 20, peak_week  # the honeymoon weeks
        sustained = use.iloc[-13:].mean()
        assert sustained < 0.85 * use.max()  # decline after the honeymoon
        assert 0.03 < sustained < 0.5  # to a modest sustained level


def test_baseline_has_many_relapses(baseline_runs):
    relapses = [df["relapses"].iloc[-1] / 1000 for df in baseline_runs]
    assert np.mean(relapses) > 0.3


def test_most_who_try_it_do_not_stay(baseline_runs):
    for df in baseline_runs:
        assert df["adopted_ever"].iloc[-1] > 2 * active(df).iloc[-13:].mean()


def sustained(sc, seed):
    df = CommunityModel(sc, seed=seed, agents=False).run()
    return (df["contributing"] + df["embedded"]).iloc[-13:].mean()


def test_more_champions_more_adoption():
    few = load_scenario("scenarios/baseline.toml", {"sponsorship.champion_share": 0.0,
                                                    "population.headcount": 500,
                                                    "weeks": 104})
    many = load_scenario("scenarios/baseline.toml", {"sponsorship.champion_share": 0.6,
                                                     "population.headcount": 500,
                                                     "weeks": 104})
    diffs = np.array([sustained(many, s) - sustained(few, s) for s in range(1, 13)])
    # Paired (common random numbers): the mean gain is positive beyond 3 standard errors.
    assert diffs.mean() - 3 * diffs.std(ddof=1) / np.sqrt(len(diffs)) > 0
