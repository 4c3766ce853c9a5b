"""`adoptsim run` through the real command line, as a user types it.

Every test runs the CLI in a fresh process (``python -m simulation``), so
import-time state, exit codes and what lands on disk are all real.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
SMALL = ["--set", "population.headcount=200", "--weeks", "20"]
STAGES = ["unaware", "aware", "lurking", "contributing", "embedded", "lapsed"]
REQUIRED = ["week", *STAGES, "adopted_ever", "relapses", "posts"]
SUMMARY_KEYS = {
    "scenario", "scenario_file", "seed", "headcount", "weeks", "final", "peak_active",
    "peak_active_week", "sustained_active", "weeks_to_half_adopted", "version",
}


def adoptsim(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulation", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")}


def test_run_writes_the_outputs(tmp_path: Path) -> None:
    res = adoptsim("run", BASELINE, *SMALL, "--seed", "3", "--out", "out", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        ".adoptsim-manifest.json", "adoption.png", "network.graphml", "network.png",
        "results.xlsx", "summary.json", "timeseries.csv", "timeseries_long.csv",
        "timeseries_long.parquet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left
    for png in ("adoption.png", "network.png"):
        data = (out / png).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000

    df = pd.read_csv(out / "timeseries.csv")
    assert set(REQUIRED) <= set(df.columns)
    assert df["week"].tolist() == list(range(21))
    assert (df[STAGES].sum(axis=1) - 1).abs().max() < 1e-9

    summary = json.loads((out / "summary.json").read_text())
    assert SUMMARY_KEYS <= set(summary)
    assert (summary["seed"], summary["headcount"], summary["weeks"]) == (3, 200, 20)
    assert summary["scenario_file"] == str(BASELINE)
    active = df["contributing"] + df["embedded"]
    assert summary["peak_active"] == pytest.approx(active.max())
    assert summary["peak_active_week"] == int(df["week"][active.idxmax()])
    assert summary["sustained_active"] == pytest.approx(active.tail(13).mean())
    assert summary["final"]["adopted_ever"] == pytest.approx(df["adopted_ever"].iloc[-1])
    half = df["week"][df["adopted_ever"] >= 0.5]
    assert summary["weeks_to_half_adopted"] == (int(half.iloc[0]) if len(half) else None)
    assert "sustained" in res.stdout  # the summary table


def test_default_out_never_replaces_and_names_what_changed(tmp_path: Path) -> None:
    (tmp_path / "small.toml").write_text('name = "small"\n[population]\nheadcount = 100\n')
    for seed in ("1", "2"):
        res = adoptsim("run", "small.toml", "--weeks", "5", "--set", "dynamics.habit_decay=0.1",
                       "--seed", seed, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
    folders = sorted(p.name for p in (tmp_path / "results").iterdir())
    assert folders == ["small_dynamics_habit_decay_0.1_5_weeks",
                       "small_dynamics_habit_decay_0.1_5_weeks-2"]  # a new folder, not replaced
    first, second = (json.loads((tmp_path / "results" / f / "summary.json").read_text())
                     for f in folders)
    assert (first["seed"], second["seed"]) == (1, 2)
    assert first["run_name"] == "small, dynamics habit decay = 0.1, 5 weeks"
    assert "small, dynamics habit decay = 0.1, 5 weeks" in res.stdout  # the title says it too
    # --out names the folder: an unchanged earlier run is replaced, and the command says so.
    for seed in ("1", "2"):
        res = adoptsim("run", "small.toml", "--weeks", "5", "--seed", seed, "--out", "o",
                       cwd=tmp_path)
        assert res.returncode == 0, res.stderr
    assert "replaced the earlier result in o" in res.stderr
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["seed"] == 2


def test_refuses_to_replace_a_folder_that_is_not_a_result(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("precious")
    res = adoptsim("run", BASELINE, *SMALL, "--out", "mine", cwd=tmp_path)
    assert res.returncode == 2
    assert "mine" in res.stderr and "Traceback" not in res.stderr
    assert tree(tmp_path) == {"mine", "mine/notes.txt"}


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    def csv(seed: str, name: str) -> bytes:
        res = adoptsim("run", BASELINE, *SMALL, "--seed", seed, "--out", name, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        return (tmp_path / name / "timeseries.csv").read_bytes()

    first = csv("11", "a")
    assert csv("11", "b") == first
    assert csv("12", "c") != first


OK = "[population]\nheadcount = 50\n"
# (files to write, arguments after `run`, words the one-line message must contain)
ERROR_CASES = {
    "missing file": ({}, ["nope.toml"], ["nope.toml", "not found"]),
    "a directory": ({"adir/": ""}, ["adir"], ["adir", "directory"]),
    "TOML syntax": ({"bad.toml": "weeks = [\n"}, ["bad.toml"], ["bad.toml", "TOML"]),
    "unknown key in file": (
        {"typo.toml": "[population]\nheadcont = 5\n"}, ["typo.toml"],
        ["typo.toml", "population.headcont", 'did you mean "headcount"']),
    "unknown key in --set": (
        {"ok.toml": OK}, ["ok.toml", "--set", "populaton.headcount=5"],
        ["ok.toml", "populaton.headcount", 'did you mean "population"']),
    "wrong type": (
        {"t.toml": '[population]\nheadcount = "many"\n'}, ["t.toml"],
        ["t.toml", "population.headcount", "many"]),
    "headcount 0": (
        {"z.toml": "[population]\nheadcount = 0\n"}, ["z.toml"],
        ["z.toml", "population.headcount"]),
    "headcount -5": (
        {"ok.toml": OK}, ["ok.toml", "--set", "population.headcount=-5"],
        ["ok.toml", "population.headcount"]),
    "headcount absurd": (
        {"big.toml": "[population]\nheadcount = 1_000_000_000\n"}, ["big.toml"],
        ["big.toml", "population.headcount"]),
    "NaN count": (
        {"n.toml": "[population]\nheadcount = nan\n"}, ["n.toml"],
        ["n.toml", "population.headcount"]),
    "NaN rate": (
        {"n.toml": "[population]\nspan_median = nan\n"}, ["n.toml"],
        ["n.toml", "population.span_median", "finite"]),
    "non-integer count": (
        {"f.toml": "[population]\nheadcount = 10.5\n"}, ["f.toml"],
        ["f.toml", "population.headcount", "10.5"]),
    "extends missing": (
        {"child.toml": 'extends = "nowhere.toml"\n'}, ["child.toml"],
        ["child.toml", "extends", "nowhere.toml"]),
    "extends cyclic": (
        {"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n'}, ["a.toml"],
        ["extends", "cycle", "a.toml", "b.toml"]),
    "--set without =": ({"ok.toml": OK}, ["ok.toml", "--set", "foo"], ["--set", "foo"]),
    "--set without key": ({"ok.toml": OK}, ["ok.toml", "--set", "=3"], ["--set", "=3"]),
    "--seed text": ({"ok.toml": OK}, ["ok.toml", "--seed", "abc"], ["--seed", "abc"]),
    "--seed negative": ({"ok.toml": OK}, ["ok.toml", "--seed", "-3"], ["--seed", "-3"]),
    "--seed fraction": ({"ok.toml": OK}, ["ok.toml", "--seed", "1.5"], ["--seed", "1.5"]),
    "--weeks 0": ({"ok.toml": OK}, ["ok.toml", "--weeks", "0"], ["ok.toml", "weeks"]),
    "--out under a file": (
        {"ok.toml": OK}, ["ok.toml", "--out", "ok.toml/sub"], ["--out", "ok.toml"]),
    "no scenario": ({}, [], ["SCENARIO"]),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, case: str) -> None:
    files, args, words = ERROR_CASES[case]
    for name, text in files.items():
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text(text)
    before = tree(tmp_path)
    res = adoptsim("run", *args, cwd=tmp_path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert "Traceback" not in res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    assert tree(tmp_path) == before  # neither results/ nor a temporary folder


def test_params_lists_every_parameter_as_markdown(tmp_path: Path) -> None:
    res = adoptsim("params", "--markdown", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("| parameter | default | unit |")
    assert any(line.startswith("| `population.headcount` | `1000` | people |") for line in lines)
    assert all(line.count(" | ") >= 3 for line in lines if line.startswith("| `"))


def test_help_and_version(tmp_path: Path) -> None:
    res = adoptsim(cwd=tmp_path)
    assert res.returncode == 0 and "run" in res.stdout and "params" in res.stdout
    res = adoptsim("--version", cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("adoptsim ")
