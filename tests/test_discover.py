"""Scenario discovery: PRIM finds a planted box; bad input gets one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.errors import InputError
from simulation.experiment.discover import discover

ROOT = Path(__file__).resolve().parents[1]


def planted(n: int = 600, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"community_manager.fte": rng.uniform(0, 1, n),
                       "sponsorship.champion_share": rng.uniform(0, 0.5, n),
                       "dynamics.habit_decay": rng.uniform(0.05, 0.25, n),
                       "governance.formal_roles": rng.choice(["none", "distributed"], n)})
    # success exactly when fte >= 0.6 and champions >= 0.2; habit decay is noise
    df["sustained_active"] = np.where((df["community_manager.fte"] >= 0.6)
                                      & (df["sponsorship.champion_share"] >= 0.2), 0.3, 0.05)
    return df


def test_prim_finds_the_planted_box_and_drops_the_noise() -> None:
    df = planted()
    levers = [c for c in df.columns if c != "sustained_active"]
    res = discover(df, levers, "sustained_active", above=0.2, density=1.0)
    box = res.boxes[0]
    assert {lim.factor for lim in box.limits} == {"community_manager.fte",
                                                  "sponsorship.champion_share"}
    lims = {lim.factor: lim for lim in box.limits}
    assert 0.55 <= lims["community_manager.fte"].low <= 0.65
    assert 0.18 <= lims["sponsorship.champion_share"].low <= 0.23
    assert box.density == 1.0 and box.coverage >= 0.9
    assert res.cases == int((df["sustained_active"] > 0.2).sum())
    table = res.table()
    assert list(table["box"]) == [1, 1] and (table["density"] == 1.0).all()
    assert "at least" in res.markdown()
    loose = discover(df, levers, "sustained_active", above=0.2).boxes[0]  # target 80 %
    assert loose.density >= 0.8 and loose.coverage >= box.coverage


def test_below_is_the_mirror_of_above() -> None:
    df = planted()
    res = discover(df, ["community_manager.fte", "sponsorship.champion_share"],
                   "sustained_active", below=0.2)
    assert res.cases == int((df["sustained_active"] < 0.2).sum())
    assert res.boxes[0].density > res.base_rate


@pytest.mark.parametrize(("kw", "message"), [
    ({"above": 0.5}, "--above 0.5: no run has sustained_active above 0.5"),
    ({"above": 0.0}, "--above 0: every run has sustained_active above 0"),
    ({}, "give exactly one of --above T or --below T"),
])
def test_thresholds_outside_the_outcomes_are_refused(kw: dict, message: str) -> None:
    df = planted(50)
    with pytest.raises(InputError, match=message):
        discover(df, ["community_manager.fte"], "sustained_active", **kw)


def test_a_misspelt_metric_gets_the_nearest_name() -> None:
    with pytest.raises(InputError, match='did you mean "sustained_active"'):
        discover(planted(50), ["community_manager.fte"], "sustained_activ", above=0.1)


def test_discover_on_a_real_sweep_writes_tables_and_figures(tmp_path: Path) -> None:
    exp = tmp_path / "exp.toml"
    exp.write_text(
        f'scenario = "{(ROOT / "scenarios" / "baseline.toml").as_posix()}"\n'
        'replicates = 2\nweeks = 12\nseed = 5\ndesign = "latin_hypercube"\nsamples = 10\n'
        '[set]\n"population.headcount" = 150\n[factors]\n'
        '"community_manager.fte" = { low = 0.0, high = 1.0 }\n'
        '"sponsorship.champion_share" = { low = 0.0, high = 0.5 }\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def adoptsim(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "simulation", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, env=env)

    assert adoptsim("sweep", str(exp), "--out", "sw", "--workers", "0").returncode == 0
    runs = pd.read_parquet(tmp_path / "sw" / "runs")
    mid = float(runs["adopted_ever"].median())
    res = adoptsim("discover", "sw", "--metric", "adopted_ever", "--above", f"{mid}")
    assert res.returncode == 0, res.stderr
    out = tmp_path / "sw-discover-adopted_ever"
    assert {p.name for p in out.iterdir()} == {"boxes.csv", "tradeoff.csv", "boxes.md",
                                               "tradeoff.png", "boxes.png",
                                               ".adoptsim-manifest.json"}
    traj = pd.read_csv(out / "tradeoff.csv")
    assert traj["chosen"].sum() == 1 and traj["coverage"].iloc[0] == 1.0
    bad = adoptsim("discover", "sw", "--metric", "adopted", "--above", "0.5")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "--metric adopted: not a metric of this sweep" in bad.stderr
    nodir = adoptsim("discover", "nowhere", "--metric", "adopted_ever", "--above", "0.5")
    assert nodir.returncode == 2
    assert nodir.stderr.strip() == ("error: nowhere: not a folder; expected the --out folder "
                                    "of 'adoptsim sweep'")
