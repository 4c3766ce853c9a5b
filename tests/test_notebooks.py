"""The tutorials execute (nbmake), are stored without outputs, and the API reference builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "docs" / "tutorials").glob("*.ipynb"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}


def test_there_are_tutorials() -> None:
    assert [p.name for p in NOTEBOOKS][:2] == ["01_first_run_and_comparison.ipynb",
                                               "03_sweep_sensitivity_discovery.ipynb"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(notebook: Path, tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--nbmake", "--nbmake-timeout=300", str(notebook)],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:]
    assert "1 passed" in res.stdout


def test_api_reference_builds(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "simulation.apidoc", str(tmp_path)],
                         cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-4000:]
    page = (tmp_path / "simulation" / "engine" / "model.html").read_text(encoding="utf-8")
    assert "CommunityModel" in page and "datacollector" in page
    for module in ("engine/mesa_api", "exports", "experiment/discover", "extras"):
        assert (tmp_path / "simulation" / f"{module}.html").is_file()
