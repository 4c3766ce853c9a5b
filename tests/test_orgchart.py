"""Org chart import: every way a chart can be wrong, and a right one that runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulation.engine.model import CommunityModel
from simulation.errors import InputError
from simulation.org.chart import read_chart
from simulation.scenario.files import build_scenario, load_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# A small valid chart: top -> two department heads -> teams.
VALID = """id,manager_id,department,role,name,team
1,,Board,manager,Ada,Board
2,1,Communications,manager,Bo,Comms
3,1,IT,manager,Cy,IT
4,2,Communications,community_manager,Di,Comms
5,2,Communications,,Ed,Comms
6,3,IT,,Flo,Ops
7,3,IT,manager,Gus,Ops
"""


def write(tmp_path: Path, text: str | bytes, name: str = "chart.csv") -> Path:
    """Write a chart file (text as UTF-8, or raw bytes)."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def scenario_for(chart: Path, **extra: object) -> object:
    """A small scenario on the chart."""
    data: dict = {"weeks": 20, "population": {"org_chart": str(chart)},
                  "launch": {"hosting_department": "Communications"}}
    for key, value in extra.items():
        section, field = key.split("__")
        data.setdefault(section, {})[field] = value
    return build_scenario(data)


def load_error(tmp_path: Path, text: str | bytes) -> str:
    """The one-line message for a bad chart."""
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_chart(path)
    msg = str(info.value)
    assert str(path) in msg and "\n" not in msg
    return msg


def test_valid_chart_levels_departments_roles(tmp_path: Path) -> None:
    chart = read_chart(write(tmp_path, VALID))
    assert chart.parent.tolist() == [-1, 0, 0, 1, 1, 2, 2]
    assert chart.level.tolist() == [0, 1, 1, 2, 2, 2, 2]
    assert chart.departments == ["Board", "Communications", "IT"]
    assert chart.dept.tolist() == [0, 1, 2, 1, 1, 2, 2]
    assert chart.role.tolist()[4] == "employee"  # an empty role is an employee


def test_valid_chart_runs_and_uses_roles(tmp_path: Path) -> None:
    sc = scenario_for(write(tmp_path, VALID))
    model = CommunityModel(sc, seed=2)
    org = model.org
    assert org.size == 7
    # "manager" without reports in the chart still counts as a manager.
    assert org.is_manager.tolist() == [True, True, True, False, False, False, True]
    assert model.ctx.cm_person == 3  # the chart's community_manager
    df = model.run()
    assert len(df) == 21 and np.isclose(df.iloc[-1][["unaware", "aware", "lurking",
                                                      "contributing", "embedded",
                                                      "lapsed"]].sum(), 1.0)
    g = model.graph()
    assert g.nodes[3]["name"] == "Di" and g.nodes[3]["team_name"] == "Comms"


def test_example_chart_runs() -> None:
    model = CommunityModel(load_scenario(EXAMPLES / "client_scenario.toml", {"weeks": 30}), 1)
    org = model.org
    assert org.size == 345  # the chart decides headcount, not population.headcount
    assert org.departments[0] == "Board" and "Customer Service" in org.departments
    assert np.bincount(org.level).tolist()[:2] == [1, 9]
    assert org.role[model.ctx.cm_person] == "community_manager"
    assert org.departments[org.dept[model.ctx.cm_person]] == "Communications"
    df = model.run()
    assert df["contributing"].max() > 0


def test_chart_with_ties_file(tmp_path: Path) -> None:
    chart = write(tmp_path, VALID)
    ties = write(tmp_path, "source,target,weight\n5,6,2.5\n4,7,0\n1,2,1\n5,5,1\n",
                 "ties.csv")
    sc = scenario_for(chart, population__ties_file=str(ties))
    org = CommunityModel(sc, seed=1, agents=False).org
    pairs = {tuple(sorted(p)) for p in zip(*org.informal.nonzero(), strict=True)}
    # 5-6 kept; weight 0 dropped; a reporting line is not informal; self-tie dropped.
    assert pairs == {(4, 5)}


@pytest.mark.parametrize(("text", "expected"), [
    ("source,target,weight\n5,99,1\n", "unknown target id '99' on line 2"),
    ("source,target,weight\n5,6,1\n5,6,heavy\n", "bad weight 'heavy' on line 3"),
    ("source,target,weight\n5,6,-1\n", "bad weight '-1' on line 2"),
    ("source,target,weight\n5,6,nan\n", "bad weight 'nan' on line 2"),
    ("source,target\nx,6\n", "unknown source id 'x' on line 2"),
    ("from,to\n5,6\n", "line 1: missing column(s) source, target"),
])
def test_bad_ties_file(tmp_path: Path, text: str, expected: str) -> None:
    ties = write(tmp_path, text, "ties.csv")
    sc = scenario_for(write(tmp_path, VALID), population__ties_file=str(ties))
    with pytest.raises(InputError) as info:
        CommunityModel(sc, seed=1, agents=False)
    assert str(info.value).startswith(f"{ties}: ") and expected in str(info.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("", "is empty"),
    ("\n\n  \n", "is empty"),
    ("id,manager_id,department\n", "0 person(s)"),
    ("id,manager_id,department\n1,,Board\n", "1 person(s)"),
    ("id,boss,department\n1,,Board\n2,1,IT\n",
     "line 1: missing column(s) manager_id"),
    ("id,manager_id,departement\n1,,Board\n2,1,IT\n",
     'found 3 columns; is column "departement" meant to be "department"?'),
    ("id,manager_id,department\n1,,Board\n2,1,IT\n2,1,HR\n",
     "duplicate id '2' on lines 3, 4"),
    ("id,manager_id,department\n1,,Board\n2,1,IT\n3,9,IT\n4,9,IT\n",
     "unknown manager_id '9' on lines 4, 5"),
    ("id,manager_id,department\n1,,Board\n2,,IT\n3,1,IT\n",
     "2 people have no manager (lines 2, 3)"),
    ("id,manager_id,department\n1,,Board\n2,3,IT\n3,4,IT\n4,2,IT\n5,1,IT\n",
     "cycle (2 -> 3 -> 4 -> 2) on lines 3, 4, 5"),
    ("id,manager_id,department\n1,2,Board\n2,1,IT\n", "cycle"),
    ("id,manager_id,department\n1,,Board\n2,2,IT\n", "reports to itself on line 3"),
    ("id,manager_id,department\n1,,Board\n2,1,\n3,1,IT\n",
     "empty department on line 3"),
    ("id,manager_id,department\n1,,Board\n,1,IT\n", "empty id on line 3"),
    ("id,manager_id,department\n1,,Board\n2,1,IT,extra\n",
     "line 3: expected 3 fields"),
    ("id,manager_id,department,department\n1,,B,B\n", "column 'department' appears twice"),
    (b"id,manager_id,department\n1,,Board\n2,1,Caf\xe9\n", "line 3: not UTF-8"),
])
def test_bad_chart(tmp_path: Path, text: str | bytes, expected: str) -> None:
    assert expected in load_error(tmp_path, text)


def test_missing_file_and_hosting_department(tmp_path: Path) -> None:
    sc = scenario_for(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="nope.csv: org chart not found"):
        CommunityModel(sc, seed=1, agents=False)
    sc = scenario_for(write(tmp_path, VALID), launch__hosting_department="Comms")
    with pytest.raises(InputError, match="'Comms' is not a department of .*chart.csv.*"
                                         'did you mean "Communications"'):
        CommunityModel(sc, seed=1, agents=False)


def test_absurd_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import simulation.org.chart as oc

    monkeypatch.setattr(oc, "MAX_PEOPLE", 5)
    rows = "".join(f"{i},{1 if i > 1 else ''},IT\n" for i in range(1, 9))
    assert "more than 5 rows" in load_error(tmp_path, "id,manager_id,department\n" + rows)


def test_large_chart_is_vectorised(tmp_path: Path) -> None:
    """A deep and wide 100,000-person chart: levels by pointer jumping are exact."""
    n = 100_000
    ids = np.arange(n)
    parent = np.where(ids > 0, (ids - 1) // 3, -1)  # a ternary tree
    parent[1:200] = ids[:199]  # plus a 200-long chain at the top
    lines = ["id,manager_id,department"] + [
        f"p{i},{'' if p < 0 else f'p{p}'},D{i % 7}" for i, p in zip(ids, parent, strict=True)]
    chart = read_chart(write(tmp_path, "\n".join(lines) + "\n"))
    depth = np.zeros(n, dtype=np.int64)
    for i in range(1, n):  # parents come first, so one pass gives the depths
        depth[i] = depth[parent[i]] + 1
    assert np.array_equal(chart.level, depth)
    assert chart.level.max() == depth.max() >= 199


def test_ties_file_needs_a_chart() -> None:
    with pytest.raises(InputError, match="population.ties_file.*needs the org chart"):
        build_scenario({"population": {"ties_file": "ties.csv"}})


def test_cli_reports_a_bad_chart_in_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    write(tmp_path, "id,manager_id,department\n1,,Board\n2,3,IT\n3,2,IT\n")
    (tmp_path / "client.toml").write_text('[population]\norg_chart = "chart.csv"\n'
                                          '[launch]\nhosting_department = "IT"\n')
    root = Path(__file__).resolve().parents[1]
    res = subprocess.run([sys.executable, "-m", "simulation", "run", "client.toml", "--out", "o"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "chart.csv: reporting lines form a cycle (2 -> 3 -> 2) on lines 3, 4" in res.stderr
    assert not (tmp_path / "o").exists()


def test_example_chart_is_what_its_script_makes(tmp_path: Path) -> None:
    """examples/org_chart.csv is reproducible from examples/make_org_chart.py, byte for byte."""
    import csv
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_org_chart",
                                                  EXAMPLES / "make_org_chart.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.build()
    out = tmp_path / "chart.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert out.read_bytes() == (EXAMPLES / "org_chart.csv").read_bytes()
