"""The quickscan: reading answers, the monotone mapping, the simulations and the report."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.engine.model import CommunityModel
from simulation.quickscan import mapping
from simulation.quickscan.answers import CONDITIONS, ITEMS, AnswersError, load_answers
from simulation.quickscan.forecast import paired_ci, quickscan, run_arm
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
KEYS = [i.key for i in ITEMS]
scores_st = st.fixed_dictionaries({k: st.integers(1, 5) for k in KEYS})


def answers_text(**changes: object) -> str:
    """A complete answers file, all 3s, with some items changed."""
    out = []
    for cond in CONDITIONS:
        out.append(f"[{cond}]")
        for item in ITEMS:
            if item.condition == cond:
                value = changes.get(item.key, 3)
                text = str(value).lower() if isinstance(value, bool) else repr(value)
                out.append(f"{item.key} = {text}".replace("'", '"'))
    return "\n".join(out) + "\n"


# -- reading answers ---------------------------------------------------------------


def test_example_answers_load() -> None:
    ans = load_answers(EXAMPLES / "quickscan_answers.toml")
    assert ans.scores["process_integration"] == 1 and ans.scores["expected_effort"] == 4
    assert ans.client["name"] == "Veldhuis Woondiensten"
    assert mapping.maturity_scores(ans.scores) == {
        "usage": 42.9, "goals": 8.3, "organisation": 25.0, "integration": 0.0}


@pytest.mark.parametrize(("text", "expected"), [
    (answers_text().replace("[usage]", "[usgae]"), 'unknown section [usgae] (did you mean "usage"'),
    (answers_text().replace("reputation =", "reputaton ="),
     "unknown item 'usage.reputaton' (did you mean \"reputation\""),
    (answers_text().replace("kpis = 3\n", ""), "missing item 'goals.kpis'"),
    (answers_text(kpis=6), "key 'goals.kpis': expected a whole score 1-5, found 6"),
    (answers_text(kpis=0), "found 0"),
    (answers_text(kpis=2.5), "found 2.5"),
    (answers_text(kpis="3"), "found '3'"),
    (answers_text(kpis=True), "found True"),
    ('[client]\nnmae = "x"\n' + answers_text(), "unknown key 'client.nmae' (did you mean"),
    ("[client]\nheadcount = 1\n" + answers_text(), "client.headcount': expected 2 to"),
    ("[usage\n", "TOML syntax error"),
])
def test_bad_answers(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        load_answers(path)
    assert str(path) in str(info.value) and expected in str(info.value)


def test_missing_answers_file(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="answers file not found"):
        load_answers(tmp_path / "nope.toml")


# -- the mapping ---------------------------------------------------------------------


def test_mapping_at_three_is_the_model_default() -> None:
    """A 'typical' organisation (all 3s) sits on the defaults where they describe one."""
    params = mapping.parameters(dict.fromkeys(KEYS, 3), headcount=1000)
    default = load_scenario(None)
    assert params["dynamics.bias"] == default.dynamics.bias
    assert params["dynamics.base_effort"] == default.dynamics.base_effort
    assert params["dynamics.norms"] == default.dynamics.norms
    assert params["sponsorship.champion_share"] == default.sponsorship.champion_share
    assert params["launch.core_group_size"] == default.launch.core_group_size == 10
    assert params["community_manager.fte"] == 0.2  # the default side job


@settings(max_examples=200, deadline=None)
@given(scores=scores_st, item=st.sampled_from(KEYS))
def test_raising_one_answer_only_helps(scores: dict[str, int], item: str) -> None:
    """Raise one answer by a point: every parameter moves only in its helpful direction,
    parameters the item does not set stay put, and only its own condition's score rises."""
    if scores[item] == 5:
        scores = {**scores, item: 4}
    higher = {**scores, item: scores[item] + 1}
    before, after = mapping.parameters(scores), mapping.parameters(higher)
    assert set(before) == set(after) == set(mapping.HELPFUL)
    for key in before:
        if item in mapping.items_of(key):
            assert mapping.helpful_rank(key, after[key]) >= mapping.helpful_rank(key, before[key])
        else:
            assert after[key] == before[key], key
    cond = next(i.condition for i in ITEMS if i.key == item)
    m0, m1 = mapping.maturity_scores(scores), mapping.maturity_scores(higher)
    assert m1[cond] > m0[cond]
    assert {c: v for c, v in m1.items() if c != cond} == {c: v for c, v in m0.items() if c != cond}


@settings(max_examples=40, deadline=None)
@given(scores=scores_st, headcount=st.integers(2, 100_000))
def test_mapped_scenario_is_valid(scores: dict[str, int], headcount: int) -> None:
    over = mapping.overrides(scores, headcount)
    sc = load_scenario(None, {**over, "population.headcount": headcount})
    assert 1 <= sc.launch.core_group_size <= max(1, headcount)
    assert all(0 <= m <= 100 for m in mapping.maturity_scores(scores).values())


def test_maturity_extremes() -> None:
    assert set(mapping.maturity_scores(dict.fromkeys(KEYS, 1)).values()) == {0.0}
    assert set(mapping.maturity_scores(dict.fromkeys(KEYS, 5)).values()) == {100.0}


def test_docs_show_the_mapping_and_every_item() -> None:
    doc = (ROOT / "docs" / "quickscan.md").read_text(encoding="utf-8")
    assert mapping.markdown_tables() in doc
    for item in ITEMS:
        assert f"`{item.key}`" in doc and item.question in doc


def simulate(scores: dict[str, int], seeds: range):
    """One arm for these answers (300 people, 52 weeks)."""
    over = {**mapping.overrides(scores, 300), "population.headcount": 300, "weeks": 52}
    return run_arm("x", over, list(seeds))


def test_simulated_monotonicity_with_common_random_numbers() -> None:
    """Score 1 -> 5 on one item (others 3) never lowers sustained use (nor impact, when the
    model reports it) beyond noise, and the strong conditions raise use clearly."""
    seeds = range(11, 14)
    base = dict.fromkeys(KEYS, 3)
    gains, impact_gains, noise = {}, {}, {}
    for item in KEYS:
        low = simulate({**base, item: 1}, seeds)
        high = simulate({**base, item: 5}, seeds)
        diff = high.usage - low.usage
        gains[item] = float(np.mean(diff))
        # Paired standard error: a fall within 3 of them (plus 0.01) is noise, not harm.
        noise[item] = 3 * float(np.std(diff, ddof=1)) / np.sqrt(len(diff)) + 0.01
        if high.impact is not None:
            impact_gains[item] = float(np.mean(high.impact - low.impact))
    assert all(gains[k] > -noise[k] for k in KEYS), (gains, noise)
    if impact_gains:
        scale = max(abs(v) for v in impact_gains.values()) or 1.0
        assert min(impact_gains.values()) > -0.05 * scale, impact_gains
    for item in ("expected_performance", "executives_use", "cm_capacity",
                 "process_integration"):
        assert gains[item] > 0.03, (item, gains[item])


# -- simulations and ranking ----------------------------------------------------------


def test_paired_ci() -> None:
    mean, lo, hi = paired_ci(np.array([1.0, 2.0, 3.0]))
    assert mean == 2.0 and hi - mean == pytest.approx(4.302653 * 1.0 / np.sqrt(3), rel=1e-5)
    assert paired_ci(np.array([0.5])) == (0.5, 0.5, 0.5)


def test_common_random_numbers_same_arm_twice_is_zero() -> None:
    over = {**mapping.overrides(dict.fromkeys(KEYS, 3), 200), "population.headcount": 200,
            "weeks": 30}
    a, b = run_arm("a", over, [4, 5]), run_arm("b", over, [4, 5])
    assert np.array_equal(a.usage, b.usage) and np.array_equal(a.active, b.active)
    assert not np.array_equal(a.active[0], a.active[1])  # replicates do differ


def test_quickscan_ranks_steps_and_skips_those_in_place(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("[client]\nheadcount = 250\n" + answers_text(cm_capacity=5),
                    encoding="utf-8")
    r = quickscan(load_answers(path), replicates=3, weeks=52, seed=2)
    steps = r["steps"]
    done = [s["key"] for s in steps if s["in_place"]]
    assert done == ["full_time_cm"]  # fte 1.0 and experienced already
    sim = [s for s in steps if not s["in_place"]]
    assert [s["rank"] for s in sim] == list(range(1, len(sim) + 1))
    if not r["impact_available"]:
        gains = [s["usage_gain"] for s in sim]
        assert gains == sorted(gains, reverse=True)
    for s in sim:
        assert s["usage_lo"] <= s["usage_gain"] <= s["usage_hi"]
    assert r["setting"]["headcount"] == 250
    assert len(r["forecast"]["now_median"]) == 53


# -- the command and its report --------------------------------------------------------


def adoptsim(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # this tree's code


def test_example_end_to_end(tmp_path: Path) -> None:
    res = adoptsim("quickscan", EXAMPLES / "quickscan_answers.toml", "--org-chart",
                   EXAMPLES / "org_chart.csv", "--out", "qs", "--replicates", "3", "--weeks",
                   "52", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "qs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qs"]  # no temporary folder left
    assert {"report.html", "report.md", "maturity.png", "forecast.png", "steps.png",
            "steps.csv", "forecast.csv", "results.xlsx", "summary.json",
            ".adoptsim-manifest.json"} == {
        p.name for p in out.iterdir()}
    page = (out / "report.html").read_text(encoding="utf-8")
    # Self-contained: no external reference of any kind.
    assert not re.search(r"https?:|<link|<script|@import|url\(", page)
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(images) == 3 and all(s.startswith("data:image/png;base64,") for s in images)
    assert all(base64.b64decode(s.split(",", 1)[1]).startswith(b"\x89PNG") for s in images)
    md = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## In short", "## 1. Where you stand", "## 2. What happens if nothing "
                    "changes", "## 3. What to do first", "## 4. How this was made"):
        assert heading in md and heading.lstrip("# ") in page
    steps = pd.read_csv(out / "steps.csv")
    assert len(steps) == 7 and steps["rank"].dropna().tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert "345 people" in md
    if "impact_gain" not in steps.columns:
        assert "by their gain in use, largest first" in md


def test_quickscan_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "a.toml"
    bad.write_text(answers_text(kpis=9), encoding="utf-8")
    res = adoptsim("quickscan", bad, cwd=tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().startswith("error:") and "goals.kpis" in res.stderr
    chart = tmp_path / "chart.csv"
    chart.write_text("id,manager_id,department\n1,,Board\n2,1,IT\n", encoding="utf-8")
    res = adoptsim("quickscan", EXAMPLES / "quickscan_answers.toml", "--org-chart", chart,
                   cwd=tmp_path)
    assert res.returncode == 2 and "'Communications' is not a department" in res.stderr
    assert not (tmp_path / "results").exists()  # nothing written, nothing simulated


def test_model_runs_with_mapped_extremes() -> None:
    for level in (1, 5):
        over = {**mapping.overrides(dict.fromkeys(KEYS, level), 150),
                "population.headcount": 150, "weeks": 10}
        df = CommunityModel(load_scenario(None, over), seed=1, agents=False).run()
        assert len(df) == 11


def test_ranking_and_report_with_an_impact_column(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """When the model reports ``impact``, steps carry impact gains and rank on both."""
    import simulation.engine.model as model_module
    from simulation.quickscan.command import write_report

    core = model_module.core_metrics

    def with_impact(model, events):  # a stand-in impact: contributors x integration
        row = core(model, events)
        row["impact"] = float(model.people.is_visible().mean() * (0.2 + model.ctx.integration))
        return row

    monkeypatch.setattr(model_module, "core_metrics", with_impact)
    path = tmp_path / "a.toml"
    path.write_text("[client]\nheadcount = 200\nname = \"Impact BV\"\n" + answers_text(),
                    encoding="utf-8")
    r = quickscan(load_answers(path), replicates=3, weeks=40, seed=1)
    assert r["impact_available"] and r["now"]["impact"] is not None
    sim = [s for s in r["steps"] if not s["in_place"]]
    u_rank = {s["key"]: i for i, s in enumerate(sorted(sim, key=lambda s: -s["usage_gain"]))}
    i_rank = {s["key"]: i for i, s in enumerate(sorted(sim, key=lambda s: -s["impact_gain"]))}
    sums = [u_rank[s["key"]] + i_rank[s["key"]] for s in sim]
    assert sums == sorted(sums)
    out = write_report(r, tmp_path / "out")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "gain in useful exchanges per 100 employees a month" in md
    assert "smallest sum of the two places comes first" in md  # the rule beside the ranking
    assert "impact_gain" in pd.read_csv(out / "steps.csv").columns


def fake_result(gains: dict[str, tuple[float, float, float]], scores: int = 3) -> dict:
    """A quickscan result without simulating: steps with given (gain, lo, hi)."""
    from simulation.quickscan.forecast import rank_steps
    from simulation.quickscan.steps import STEPS

    rows = []
    for step in STEPS:
        row = {"key": step.key, "title": step.title, "what": step.what, "why": step.why,
               "in_place": step.key not in gains}
        if step.key in gains:
            row["usage_gain"], row["usage_lo"], row["usage_hi"] = gains[step.key]
        rows.append(row)
    all_scores = dict.fromkeys(KEYS, scores)
    weeks = list(range(53))
    return {"client": "Test BV", "date": None, "answers_file": "a.toml", "scores": all_scores,
            "maturity": mapping.maturity_scores(all_scores),
            "parameters": mapping.parameters(all_scores), "weeks": 52, "replicates": 3,
            "seed": 1, "impact_available": False,
            "setting": {"headcount": 100, "departments": ["A", "B"],
                        "hosting_department": "A", "note": "generated"},
            "now": {"usage": (0.2, 0.1, 0.3), "peak": (0.4, 0.3, 0.5), "peak_week": 8,
                    "usage_range": [0.15, 0.25], "impact": None},
            "forecast": {"week": weeks, "now_median": [0.2] * 53, "now_lo": [0.1] * 53,
                         "now_hi": [0.3] * 53},
            "steps": rank_steps(rows, False), "top": None}


def test_report_wording_follows_the_numbers() -> None:
    from simulation.quickscan import report

    r = fake_result({"training": (0.02, -0.01, 0.05), "full_time_cm": (0.01, 0.005, 0.015)})
    md = report.to_markdown(report.outline(r))
    assert "All four conditions score 50 out of 100 (established)" in md
    assert "**What to do first: train employees and managers.**" in md
    assert "Its likely range includes zero; appoint a full-time" in md  # the surer gain is named
    assert "peaks at 40 in 100 around month 2 and then falls back" in md
    assert "| 2 | Appoint a full-time, experienced community manager | +1.0 (likely +0.5 to " \
           "+1.5) | clear gain |" in md
    r = fake_result({"training": (0.02, -0.01, 0.05)})
    md = report.to_markdown(report.outline(r))
    assert "No step shows a clear gain" in md
    assert "Already in place, so not simulated: appoint a full-time" in md
    page = report.to_html(report.outline(r), {k: b"\x89PNG" for k in
                                              ("maturity.png", "forecast.png", "steps.png")})
    assert "<strong>What to do first: train employees and managers.</strong>" in page
