"""Mesa-native: rng=, flat keywords, DataCollector, running, batch_run, SolaraViz."""

from __future__ import annotations

import warnings
from pathlib import Path

import mesa
import pandas as pd
import pytest

from simulation.engine.mesa_api import LEVER_KEYWORDS
from simulation.engine.model import CommunityModel
from simulation.errors import InputError
from simulation.scenario.files import load_scenario
from simulation.scenario.schema import iter_parameters

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"headcount": 120, "weeks": 6}


def test_rng_is_the_seed_and_seed_stays_an_alias() -> None:
    a = CommunityModel(rng=7, **SMALL).run()
    b = CommunityModel(seed=7, **SMALL).run()
    c = CommunityModel(None, 7, **SMALL).run()
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    with pytest.raises(InputError, match="give one of them"):
        CommunityModel(seed=3, rng=4, **SMALL)
    with pytest.raises(InputError, match="expected an integer from 0 to 4294967295"):
        CommunityModel(rng=2**32, **SMALL)
    drawn = CommunityModel(seed=None, **SMALL)  # batch_run's iterations pass seed=None
    assert 0 <= drawn.seed <= 2**32 - 1
    pd.testing.assert_frame_equal(drawn.run(), CommunityModel(seed=drawn.seed, **SMALL).run())


def test_flat_keywords_equal_the_scenario_keys() -> None:
    keys = {k for k, *_ in iter_parameters()}
    assert set(LEVER_KEYWORDS.values()) <= keys | {"weeks"}
    flat = CommunityModel(seed=2, champion_share=0.4, cm_capacity="full_time",
                          dynamics__habit_decay=0.2, **SMALL)
    sc = load_scenario(None, {"sponsorship.champion_share": 0.4, "weeks": 6,
                              "community_manager.capacity": "full_time",
                              "dynamics.habit_decay": 0.2, "population.headcount": 120})
    pd.testing.assert_frame_equal(flat.run(), CommunityModel(sc, seed=2).run())
    on_file = CommunityModel(ROOT / "scenarios" / "no_cm.toml", seed=2, **SMALL)
    assert on_file.params.community_manager.capacity == "none"
    assert on_file.params.population.headcount == 120


def test_bad_keywords_get_one_line() -> None:
    with pytest.raises(InputError, match='did you mean "champion_share"'):
        CommunityModel(champion_shar=0.4)
    with pytest.raises(InputError, match="champion_share"):
        CommunityModel(champion_share="lots")


def test_datacollector_holds_the_time_series_and_running_stops_at_the_horizon() -> None:
    model = CommunityModel(seed=3, **SMALL)
    while model.running:
        model.step()
    assert model.week == 6 and model.steps == 6
    collected = model.datacollector.get_model_vars_dataframe()
    ts = model.timeseries()
    assert len(collected) == 7  # weeks 0..6
    pd.testing.assert_frame_equal(collected.reset_index(drop=True),
                                  ts.drop(columns="week"), check_dtype=False)


def test_mesa_batch_run() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Mesa prefers rng= to iterations=
        res = mesa.batch_run(CommunityModel, parameters={**SMALL, "champion_share": [0.0, 0.4]},
                             iterations=2, max_steps=100, number_processes=1,
                             display_progress=False)
    df = pd.DataFrame(res)
    assert len(df) == 4 and (df["Step"] == 6).all()
    assert sorted(df["champion_share"]) == [0.0, 0.0, 0.4, 0.4]
    seeded = pd.DataFrame(mesa.batch_run(CommunityModel, parameters=SMALL, rng=[5, 5, 6],
                                         max_steps=100, data_collection_period=1,
                                         number_processes=1, display_progress=False))
    assert len(seeded) == 3 * 7
    last = seeded[seeded["Step"] == 6].sort_values("RunId")
    direct = CommunityModel(seed=5, **SMALL).run().iloc[-1]
    assert last["contributing"].iloc[0] == direct["contributing"]
    assert last["contributing"].iloc[0] == last["contributing"].iloc[1]


def test_solaraviz_page_steps_to_the_horizon_and_resets_from_the_page_values() -> None:
    import ipyvuetify as v
    import solara

    from simulation.dashboard.mesa_page import MODEL_PARAMS, make_page

    model = solara.reactive(CommunityModel(seed=1, **SMALL))
    first = model.value
    box, rc = solara.render(solara.AppLayout(children=[make_page(model)]), handle_error=False)
    try:
        for _ in range(6):
            rc.find(v.Btn, children=["Step"]).widget.click()
        assert model.value is first and first.week == 6 and not first.running
        expected = CommunityModel(seed=1, **SMALL).run()
        pd.testing.assert_frame_equal(first.timeseries(), expected)
        rc.find(v.Btn, children=["Reset"]).widget.click()  # rebuilt from the page's values
        fresh = model.value
        assert fresh is not first and fresh.week == 0 and fresh.running
        assert fresh.params.population.headcount == MODEL_PARAMS["headcount"]["value"]
        assert fresh.params.community_manager.capacity == MODEL_PARAMS["cm_capacity"]["value"]
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert fresh.week == 1
    finally:
        rc.close()


def test_every_lever_keyword_is_documented() -> None:
    doc = (ROOT / "docs" / "mesa.md").read_text(encoding="utf-8")
    for keyword, key in LEVER_KEYWORDS.items():
        assert f"| `{keyword}` | `{key}` |" in doc
