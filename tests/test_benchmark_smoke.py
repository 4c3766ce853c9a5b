"""Smoke test of the benchmark: it runs end to end and its JSON has the promised shape.

No timing assertions (speed lives in benchmarks/ and docs/performance.md);
only structure and the invariants that hold whatever the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_writes_complete_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--sizes", "300",
         "--repeats", "1", "--weeks", "20", "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert not out.with_name(out.name + ".tmp").exists()
    assert report["weeks"] == 20
    assert report["scenario"] == "benchmarks/all_mechanisms.toml"
    assert report["machine"]["cpus"] >= 1 and report["machine"]["mesa"].startswith("3.")
    results = report["results"]
    assert [(r["size"], r["agents"]) for r in results] == [(300, True), (300, False)]
    for res in results:
        assert res["repeats"] == 1 and len(res["runs"]) == 1
        run = res["runs"][0]
        assert run["rows"] == 21  # week 0 plus 20 weeks: data collection was on
        assert run["n_agents"] == (300 if res["agents"] else 0)
        assert run["edges"] > 300  # the organisation has an informal layer
        assert run["setup_s"] > 0 and run["run_s"] > 0
        assert run["peak_rss_mb"] >= run["rss_after_setup_mb"] >= run["rss_after_imports_mb"] > 0
        per = run["run_s"] / (300 * 20) * 1e6
        assert abs(run["us_per_agent_week"] - per) <= 1e-9 * per
        med = res["median"]
        for key in ("setup_s", "run_s", "us_per_agent_week", "peak_rss_mb", "total_s"):
            assert med[key] == run[key]  # the median of one run is that run
    with_agents = results[0]
    comp = with_agents["runs"][0]
    assert comp["kernel"]["us_per_agent_step"] > 0
    assert comp["mesa_virus"]["steps"] == 20 and comp["mesa_virus"]["us_per_agent_step"] > 0
    ratio = comp["mesa_virus"]["us_per_agent_step"] / comp["us_per_agent_week"]
    assert abs(comp["mesa_over_ours"] - ratio) <= 1e-9 * ratio
    assert "mesa_over_ours" in with_agents["median"] and "ratio_vs_kernel" in with_agents["median"]
    assert "kernel" not in results[1]["runs"][0]  # the comparisons run beside agents=True only


def test_breakdown_times_the_parts_of_the_week() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from breakdown import breakdown

    res = breakdown(200, str(ROOT / "benchmarks" / "all_mechanisms.toml"), False, 6)
    parts = res["parts"]
    assert parts["step (whole week)"]["calls"] == 6
    assert parts["dynamics.people_step"]["calls"] == 6
    assert parts["change.step"]["calls"] == 6
    assert parts["model._record (measurement)"]["calls"] == 6
    # inclusive times: a part never exceeds the week it is in
    week = parts["step (whole week)"]["s"]
    inside = [p["s"] for k, p in parts.items() if not k.startswith("timeseries")]
    assert max(inside) <= week + 1e-9
    # the wrappers were removed afterwards
    from simulation.engine.model import CommunityModel

    assert CommunityModel.step.__name__ == "step"
