"""Portable and light: adoptsim imports and sweeps without POSIX-only modules.

Windows has no ``fcntl`` (nor ``resource``, ``termios``, ``pwd``, ``grp``);
a module-level import of one of them would make ``import simulation.x``
fail there. Each test runs in a fresh interpreter in which those modules are
hidden (``sys.modules[name] = None`` makes ``import name`` raise
ImportError, as on Windows), so nothing imported earlier in this process can
mask the failure. A second test hides the heavy optional libraries (Dask,
Solara, SALib, pyarrow, the EMA Workbench) and runs ``adoptsim run``: the
main job must not need them.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSIX_ONLY = ("fcntl", "resource", "termios", "pwd", "grp", "pty", "tty", "syslog")
HEAVY = ("pyarrow", "dask", "distributed", "SALib", "solara", "reacton", "ema_workbench")


def run_hidden(hidden: tuple[str, ...], code: str, cwd: Path) -> subprocess.CompletedProcess:
    # Solara takes a file lock in its home folder on import; without fcntl
    # filelock falls back to a lock file's existence, and the file an earlier
    # (fcntl) import left in ~/.solara would read as held for ever. On Windows
    # filelock uses msvcrt instead, so this is an artefact of hiding fcntl.
    prelude = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in hidden)
    return subprocess.run([sys.executable, "-c", prelude + code], cwd=cwd, text=True,
                          capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "SOLARA_HOME": str(cwd / ".solara")})


def test_no_posix_only_import_at_module_level() -> None:
    found = []
    for path in sorted((ROOT / "simulation").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                      if n.split(".")[0] in POSIX_ONLY]
    assert found == []


def test_package_imports_and_sweeps_without_fcntl(tmp_path: Path) -> None:
    exp = tmp_path / "exp.toml"
    exp.write_text(
        f'scenario = "{(ROOT / "scenarios" / "baseline.toml").as_posix()}"\n'
        'replicates = 2\nweeks = 8\nseed = 3\n[set]\n"population.headcount" = 120\n'
        '[factors]\n"sponsorship.champion_share" = [0.0, 0.4]\n', encoding="utf-8")
    code = f"""
import importlib, pkgutil, warnings
warnings.simplefilter("ignore")
import simulation
for info in pkgutil.walk_packages(simulation.__path__, "simulation."):
    # calibration needs pyabc, whose Dask sampler imports a POSIX-only module;
    # `adoptsim calibrate` is therefore POSIX-only for now (docs/calibration.md)
    if not info.name.endswith("__main__") and not info.name.startswith("simulation.calibration"):
        importlib.import_module(info.name)
from simulation.experiment.store import read_runs
from simulation.experiment.sweep import sweep
res = sweep({str(exp)!r}, {str(tmp_path / "out")!r}, workers=0, plots=False)
runs = read_runs({str(tmp_path / "out")!r})
print(res.ran, len(runs), sorted(set(runs["status"])))
print("fcntl" in sys.modules and sys.modules["fcntl"] is None)
"""
    res = run_hidden(POSIX_ONLY, code, tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.split("\n")[:2] == ["4 4 ['ok']", "True"]


def test_run_needs_none_of_the_heavy_optional_libraries(tmp_path: Path) -> None:
    code = ("sys.argv = ['adoptsim', 'run', " + repr(str(ROOT / "scenarios" / "baseline.toml"))
            + ", '--weeks', '6', '--set', 'population.headcount=150', '--out', 'r']\n"
            "from simulation.cli import main\nmain()\n")
    res = run_hidden(HEAVY, code, tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert {p.name for p in (tmp_path / "r").iterdir()} >= {
        "timeseries.csv", "summary.json", "adoption.png", "network.png"}


def test_a_command_whose_extra_is_missing_says_which_extra_in_one_line(tmp_path: Path) -> None:
    code = ("sys.argv = ['adoptsim', 'compare', " + repr(str(ROOT / "scenarios" / "no_cm.toml"))
            + ", '--replicates', '1', '--out', 'c']\n"
            "from simulation.cli import main\nmain()\n")
    res = run_hidden(HEAVY, code, tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        'error: adoptsim compare needs pyarrow, which is not installed; install it with '
        'python3 -m pip install -e ".[experiments]" (or "adoptsim[experiments]")']
    assert not (tmp_path / "c").exists()


def test_long_form_holds_every_value_of_the_wide_series_and_every_column_is_documented(
        tmp_path: Path) -> None:
    import networkx as nx
    import pandas as pd

    from simulation.engine.model import CommunityModel
    from simulation.exports import COLUMNS, long_form, write_graphml
    from simulation.scenario.files import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "baseline.toml",
                       overrides={"population.headcount": 120, "weeks": 5})
    model = CommunityModel(sc, seed=4)
    wide = model.run()
    assert [c for c in wide.columns if c not in COLUMNS] == []
    long = long_form(wide)
    assert list(long.columns) == ["week", "metric", "value"]
    assert len(long) == len(wide) * (wide.shape[1] - 1)
    back = long.pivot(index="week", columns="metric", values="value")[wide.columns[1:]]
    pd.testing.assert_frame_equal(back.reset_index(drop=True),
                                  wide.drop(columns="week").astype(float),
                                  check_names=False)
    write_graphml(model, tmp_path / "network.graphml")
    g = nx.read_graphml(tmp_path / "network.graphml")
    assert g.number_of_nodes() == 120
    assert {d["kind"] for _, _, d in g.edges(data=True)} <= {"formal", "informal", "platform"}
    assert sum(d["kind"] == "formal" for _, _, d in g.edges(data=True)) == 119  # a tree
    stages = pd.Series([d["stage"] for _, d in g.nodes(data=True)]).value_counts(normalize=True)
    assert abs(stages.get("unaware", 0.0) - wide["unaware"].iloc[-1]) < 1e-9


def test_column_docs_come_from_the_catalogue() -> None:
    """The exports keep no descriptions of their own; docs/exports.md prints the catalogue."""
    from simulation import exports
    from simulation.measures import catalogue

    assert exports.COLUMNS is catalogue.COLUMNS
    assert set(catalogue.CATALOGUE) | {m.name for m in catalogue.IDENTIFIERS} == set(
        catalogue.COLUMNS)
    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert exports.markdown_table() in doc, "regenerate: python3 -m simulation.exports"
