import pytest

from simulation.errors import ScenarioError
from simulation.scenario.files import load_scenario, parse_override
from simulation.scenario.schema import iter_parameters


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_empty_file_is_a_valid_scenario(tmp_path):
    sc = load_scenario(write(tmp_path, "empty.toml", ""))
    assert sc.weeks == 156 and sc.population.headcount == 1000
    assert sc.name == "empty"


def test_extends_and_overrides(tmp_path):
    write(tmp_path, "base.toml", "weeks = 50\n[population]\nheadcount = 300\n")
    child = write(tmp_path, "child.toml",
                  'extends = "base.toml"\n[population]\nheadcount = 400\n')
    sc = load_scenario(child, {"sponsorship.champion_share": "0.5"})
    assert (sc.weeks, sc.population.headcount, sc.sponsorship.champion_share) == (50, 400, 0.5)


def test_extends_cycle_is_named(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "a.toml")


@pytest.mark.parametrize("text, needle", [
    ("[population]\nheadcont = 5\n", 'did you mean "headcount"'),
    ("[populaton]\nheadcount = 5\n", 'did you mean "population"'),
    ('[population]\nheadcount = "many"\n', "population.headcount"),
    ("[population]\nheadcount = 0\n", "population.headcount"),
    ("[population]\nheadcount = 10.5\n", "population.headcount"),
    ("[dynamics]\nbias = nan\n", "dynamics.bias"),
    ('[community_manager]\ncapacity = "fulltime"\n', 'did you mean "full_time"'),
    ('[launch]\nhosting_department = "Marketting"\n', 'did you mean "Marketing"'),
])
def test_errors_name_file_and_key(tmp_path, text, needle):
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(path) in str(err.value)
    assert needle in str(err.value)


def test_unknown_override_key_suggests(tmp_path):
    with pytest.raises(ScenarioError, match='did you mean "headcount"'):
        load_scenario(None, {"population.headcont": 3})


def test_parse_override():
    assert parse_override("population.headcount=2000") == ("population.headcount", 2000)
    assert parse_override("launch.hosting_department=HR") == ("launch.hosting_department", "HR")
    with pytest.raises(ScenarioError):
        parse_override("nonsense")


def test_every_parameter_has_unit_and_reason():
    rows = iter_parameters()
    assert len(rows) > 80
    for key, _default, unit, why in rows:
        if key in {"name", "description"}:
            continue
        assert unit and why, key


def test_docs_model_lists_every_parameter():
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("docs", "model.md").read_text()
    missing = [key for key, *_ in iter_parameters() if f"`{key}`" not in text]
    assert not missing, f"docs/model.md lacks {missing}: run `adoptsim params --markdown`"


def test_bad_override_value_names_the_set_option(tmp_path):
    path = write(tmp_path, "ok.toml", "")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, {"population.headcount": "0"})
    assert f"{path} (--set population.headcount): key 'population.headcount'" in str(err.value)
