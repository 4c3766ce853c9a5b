"""Calibration (issue 16): the usage export, --fit, the seeded fit, recovery, uncertainty."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.calibration.fitspec import FitError, parse_fit, with_values
from simulation.calibration.measures import measure
from simulation.calibration.sampler import Runner, SeededSampler
from simulation.calibration.smc import fit, weighted_quantiles
from simulation.calibration.uncertainty import Uncertainty, choose
from simulation.calibration.usage import UsageData, UsageError, read_usage
from simulation.engine.model import CommunityModel
from simulation.errors import InputError
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def write(tmp_path: Path, text: str, name: str = "usage.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the usage export -----------------------------------------------------------------------
def test_shares_with_missing_weeks_and_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "# synthetic\nweek,monthly_active,weekly_posters\n"
                           "0,0,0\n1,0.1,\n3,0.25,0.05\n")
    data = read_usage(path)
    assert data.weeks.tolist() == [0, 1, 3]
    assert data.metrics == ["weekly_posters", "monthly_active"]
    assert np.isnan(data.values["weekly_posters"][1])
    pts = data.points()
    assert len(pts) == 5  # the empty cell is left out
    assert pts[pts["metric"] == "monthly_active"]["value"].tolist() == [0, 0.1, 0.25]


def test_counts_with_headcount_column_or_option(tmp_path: Path) -> None:
    col = read_usage(write(tmp_path, "week,headcount,weekly_active\n0,200,0\n1,200,50\n"))
    assert col.values["weekly_active"].tolist() == [0.0, 0.25]
    opt = read_usage(write(tmp_path, "week,weekly_active\n0,0\n2,40\n", "b.csv"), headcount=400)
    assert opt.values["weekly_active"].tolist() == [0.0, 0.1]


def test_dates_become_weeks_since_launch(tmp_path: Path) -> None:
    path = write(tmp_path, "date,weekly_active\n2024-03-04,0\n2024-03-18,0.1\n2024-03-20,0.2\n")
    with pytest.raises(UsageError, match="give the launch date with --launch-date"):
        read_usage(path)
    path = write(tmp_path, "date,weekly_active\n2024-03-04,0\n2024-03-18,0.1\n", "d.csv")
    assert read_usage(path, launch_date="2024-03-04").weeks.tolist() == [0, 2]


@pytest.mark.parametrize(("text", "message"), [
    ("week,monthly_activ\n0,0.1\n", 'unknown column \'monthly_activ\' (did you mean '
                                    '"monthly_active"?)'),
    ("week,date,weekly_active\n0,2024-01-01,0\n", "expected exactly one of the columns"),
    ("week,headcount\n0,10\n", "no measure column"),
    ("week,weekly_active\n0,35\n", "a count? add a 'headcount' column or --headcount N"),
    ("week,weekly_active\n1,0.1\n1,0.2\n", "line 3, column 'week': week 1 again (first on line 2)"),
    ("week,weekly_active\n1.5,0.1\n", "expected whole weeks since launch"),
    ("week,weekly_active\n-1,0.1\n", "expected whole weeks since launch"),
    ("week,headcount,weekly_active\n0,10,11\n", "expected a count of people from 0 to 10"),
    ("week,weekly_active\n0,abc\n", "expected a share of headcount from 0 to 1, found 'abc'"),
    ("week,weekly_active\n0,0.1,3\n", "line 2: 3 cells; expected 2"),
    ("week,weekly_active\n0,\n", "every measure cell is empty"),
    ("", "the file is empty"),
])
def test_bad_usage_files_get_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        read_usage(write(tmp_path, text))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_usage_export_must_be_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory, expected a platform usage export"):
        read_usage(tmp_path)
    with pytest.raises(UsageError, match="platform usage export not found"):
        read_usage(tmp_path / "nope.csv")


def test_the_example_export_is_labelled_synthetic_and_reads() -> None:
    path = ROOT / "examples" / "usage_export.csv"
    assert path.read_text(encoding="utf-8").startswith("# SYNTHETIC DATA")
    data = read_usage(path)
    assert data.headcount is not None and data.last_week == 50


# --- --fit --------------------------------------------------------------------------------
@pytest.mark.parametrize(("item", "message"), [
    ("dynamics.w_old_habt=1:2", 'did you mean "dynamics.w_old_habit"?'),
    ("dynamics.w_old_habit=2:1", "expected LOW < HIGH, found 2 and 1"),
    ("dynamics.w_old_habit", "expected KEY=LOW:HIGH"),
    ("dynamics.w_old_habit=1:x", "expected two numbers LOW:HIGH, found 'x'"),
    ("dynamics.lurk_rate=0.5:1.5", "1.5 is not a valid value: key 'dynamics.lurk_rate': "
                                   "expected at most 1"),
    ("population.headcount=10:30", "only continuous parameters can be fitted"),
])
def test_bad_fit_ranges(item: str, message: str) -> None:
    with pytest.raises(FitError) as err:
        parse_fit([item], load_scenario(BASELINE))
    assert message in str(err.value)


def test_fit_defaults_and_values_go_into_a_copy() -> None:
    base = load_scenario(BASELINE)
    keys = [p.key for p in parse_fit(None, base)]
    assert keys == ["dynamics.bias", "dynamics.novelty", "dynamics.w_old_habit"]
    sc = with_values(base, {"dynamics.w_old_habit": 2.0})
    assert sc.dynamics.w_old_habit == 2.0 and base.dynamics.w_old_habit == 1.6


# --- the fit ------------------------------------------------------------------------------
def synthetic(truth: float, weeks: int = 30, seed: int = 99, headcount: int = 200,
              key: str = "dynamics.bias") -> tuple[object, UsageData]:
    """An export the model makes with ``key = truth`` (weeks 0 to ``weeks`` - 1)."""
    base = load_scenario(BASELINE, {"population.headcount": headcount, "weeks": weeks})
    ts = CommunityModel(with_values(base, {key: truth}), seed=seed, agents=False).run(weeks)
    wk = np.arange(weeks)
    data = UsageData("synthetic", "-", wk, {m: measure(ts, m)[wk]
                                            for m in ("weekly_active", "monthly_active")})
    return base, data


FIT_BIAS = "dynamics.bias=-5:-2"


def run_fit(base, data, db: Path, seed=5, budget=200, workers=1, client=None, **kw):
    params = parse_fit([FIT_BIAS], base)
    runner = Runner(workers, client=client)
    try:
        return fit(base, data, params, seed=seed, budget=budget,
                   sampler=SeededSampler(seed, runner), db=db, **kw)
    finally:
        runner.close()


def test_small_recovery_truth_inside_a_narrower_interval(tmp_path: Path) -> None:
    """A fast recovery check; the coverage study is benchmarks/calibration_coverage.py."""
    base, data = synthetic(-3.2, weeks=16, headcount=100)
    d = run_fit(base, data, tmp_path / "h.db", budget=150).draws
    low, _, high = weighted_quantiles(d["dynamics.bias"].to_numpy(),
                                      d["weight"].to_numpy(), (0.05, 0.5, 0.95))
    assert low <= -3.2 <= high
    assert high - low < 0.75 * 3.0  # the data narrowed the prior (-5 to -2)
    assert abs(d["weight"].sum() - 1) < 1e-9


def test_one_seed_decides_the_fit_whatever_the_workers(tmp_path: Path) -> None:
    base, data = synthetic(-3.5, weeks=8, headcount=100)
    one = run_fit(base, data, tmp_path / "h1.db", budget=100, workers=1).draws
    two = run_fit(base, data, tmp_path / "h2.db", budget=100, workers=2).draws
    pd.testing.assert_frame_equal(one, two)
    other = run_fit(base, data, tmp_path / "h3.db", seed=6, budget=100).draws
    assert not one.equals(other)


def test_a_resumed_fit_equals_an_uninterrupted_one(tmp_path: Path) -> None:
    """Interrupted after its first generation and resumed: the same posterior, draw for draw."""
    base, data = synthetic(-3.5, weeks=8, headcount=100)
    whole = run_fit(base, data, tmp_path / "whole.db", budget=150)
    assert whole.generations >= 2  # so the resumed run has a generation to add

    class CutShortError(Exception):
        pass

    def stop(t: int, total: int, eps: float) -> None:
        raise CutShortError

    with pytest.raises(CutShortError):
        run_fit(base, data, tmp_path / "cut.db", budget=150, on_generation=stop)
    resumed = run_fit(base, data, tmp_path / "cut.db", budget=150, resume=True)
    assert (resumed.generations, resumed.simulations) == (whole.generations, whole.simulations)
    pd.testing.assert_frame_equal(resumed.draws, whole.draws)


def test_a_dask_cluster_gives_the_same_fit(tmp_path: Path) -> None:
    """--scheduler: the same seed gives the same posterior on a Dask cluster as in-process."""
    distributed = pytest.importorskip("distributed")
    base, data = synthetic(-3.5, weeks=8, headcount=100)
    local = run_fit(base, data, tmp_path / "local.db", budget=100).draws
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = run_fit(base, data, tmp_path / "dask.db", budget=100, client=client).draws
    pd.testing.assert_frame_equal(local, on_dask)


# --- uncertainty in forecasts -------------------------------------------------------------
def test_chance_only_is_said_plainly() -> None:
    unc = choose(None, False, 3, 1)
    assert unc.kind == "chance" and unc.overrides(2) == {}
    assert "chance only" in unc.statement and "leave out uncertainty about the parameters" \
        in unc.statement


def test_prior_uncertainty_draws_inside_the_documented_ranges() -> None:
    from simulation.calibration.plausible import PLAUSIBLE

    unc = choose(None, True, 20, 7)
    assert unc.kind == "prior" and len(unc.draws) == 20
    for p in PLAUSIBLE:
        values = [d[p.key] for d in unc.draws]
        assert p.low <= min(values) and max(values) <= p.high
        assert p.source
    assert choose(None, True, 20, 7).draws == unc.draws  # the seed decides


def test_posterior_must_be_a_calibration(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a calibration result"):
        choose(tmp_path, False, 3, 1)
    with pytest.raises(InputError, match="choose one"):
        choose(tmp_path, True, 3, 1)
    assert Uncertainty("posterior", [{}], "x").statement.startswith(
        "The bands include parameter uncertainty")


# --- the command --------------------------------------------------------------------------
def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


def test_calibrate_writes_its_folder_and_feeds_compare(tmp_path: Path) -> None:
    sc = write(tmp_path, f'extends = "{BASELINE.as_posix()}"\nname = "small"\nweeks = 12\n'
                         "[population]\nheadcount = 80\n", "small.toml")
    base, data = synthetic(-3.5, weeks=8, headcount=80)
    rows = "\n".join(f"{w},{data.values['weekly_active'][w]:.4f}" for w in range(8))
    csv = write(tmp_path, "week,weekly_active\n" + rows + "\n")
    out = tmp_path / "cal"
    res = cli("calibrate", str(sc), "--data", str(csv), "--fit",
              FIT_BIAS, "--budget", "100", "--out", str(out),
              cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == [".adoptsim-manifest.json", "calibrated.toml", "fit.png", "forecast.csv",
                     "posterior.csv", "summary.json"]
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["params"]["dynamics.bias"]) >= {"median", "low", "high"}
    assert summary["budget"] == 100 and summary["seed"] == 1 and "version" in summary
    fc = pd.read_csv(out / "forecast.csv")
    assert list(fc.columns) == ["week", "metric", "median", "low", "high"]
    assert fc["week"].min() == 0 and fc["week"].max() == 11  # weeks 0-11 of a 12-week horizon
    calibrated = load_scenario(out / "calibrated.toml")
    assert calibrated.dynamics.bias == pytest.approx(
        summary["params"]["dynamics.bias"]["median"], rel=1e-5)
    assert not list(tmp_path.glob(".cal.calibrate.*"))  # the work files are gone
    res = cli("compare", str(sc), "--replicates", "2", "--workers", "1", "--posterior",
              str(out), "--out", str(tmp_path / "cmp"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "parameter uncertainty" in res.stdout
    assert json.loads((tmp_path / "cmp" / "uncertainty.json").read_text())["kind"] == "posterior"


@pytest.mark.parametrize(("args", "message"), [
    (["--fit", "dynamics.nope=1:2"], "not a numeric scenario parameter"),
    (["--resume"], "--resume: no interrupted calibration"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "choose one"),
])
def test_calibrate_bad_options_one_line_exit_2(tmp_path: Path, args: list[str],
                                                message: str) -> None:
    csv = write(tmp_path, "week,weekly_active\n0,0\n1,0.1\n")
    res = cli("calibrate", str(BASELINE), "--data", str(csv), "--out", str(tmp_path / "o"),
              *args, cwd=tmp_path)
    assert res.returncode == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_calibrate_bad_data_one_line_exit_2(tmp_path: Path) -> None:
    csv = write(tmp_path, "week,weekly_active\n0,1.5\n")
    res = cli("calibrate", str(BASELINE), "--data", str(csv), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.startswith("error: ") and "a count?" in res.stderr
