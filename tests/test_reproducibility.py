import subprocess
import sys

import pandas as pd

from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

SCRIPT = """
import sys
from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario
sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 300, "weeks": 40})
CommunityModel(sc, seed=int(sys.argv[1])).run().to_csv(sys.stdout, index=False)
"""


def run_in_process(seed):
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(seed)], check=True,
                         capture_output=True, text=True)
    return out.stdout


def test_same_seed_same_numbers_across_processes():
    assert run_in_process(11) == run_in_process(11)


def test_another_seed_differs():
    assert run_in_process(11) != run_in_process(12)


def test_in_process_matches_subprocess():
    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 300, "weeks": 40})
    here = CommunityModel(sc, seed=11).run().to_csv(index=False)
    assert here == run_in_process(11)


def test_agents_flag_does_not_change_numbers():
    sc = load_scenario("scenarios/baseline.toml", {"population.headcount": 300, "weeks": 30})
    a = CommunityModel(sc, seed=5, agents=True).run()
    b = CommunityModel(sc, seed=5, agents=False).run()
    pd.testing.assert_frame_equal(a, b)
