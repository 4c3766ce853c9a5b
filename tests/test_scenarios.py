"""The scenario library: every file loads, runs, tells its story in a header."""

from pathlib import Path

import pytest

from simulation.engine.model import CommunityModel
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(ROOT.rglob("*.toml"))
REQUIRED = ["baseline", "no_cm", "side_job_cm", "full_time_cm", "distributed_governance",
            "sponsors_campaign", "mandate_without_sponsors", "internal_pilot",
            "process_integration", "cm_leaves_centralised", "cm_leaves_distributed",
            "best_practice"]


def test_the_library_has_every_story():
    stems = {f.stem for f in FILES}
    assert set(REQUIRED) <= stems
    assert len(FILES) >= 12


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(ROOT)) for f in FILES])
def test_every_scenario_loads_and_runs_a_few_weeks(path):
    sc = load_scenario(path, {"population.headcount": 200})
    assert sc.name, "every scenario names itself for legends"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "a scenario starts with its story in comments"
    if path.parent == ROOT:  # the library proper (subfolders may hold inputs, examples)
        assert "What to look for" in text
    m = CommunityModel(sc, seed=1, agents=False)
    df = m.run(4)
    assert len(df) == 5
    shares = df[["unaware", "aware", "lurking", "contributing", "embedded", "lapsed"]].sum(axis=1)
    assert shares.round(9).eq(1.0).all()


def test_library_scenario_names_are_unique():
    names = [load_scenario(f).name for f in FILES if f.parent == ROOT]
    assert len(set(names)) == len(names)
