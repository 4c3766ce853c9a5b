"""Batch experiments: executors agree, sweeps survive kills, bad files get one line.

Everything is real: spawned processes, a Dask LocalCluster on 127.0.0.1,
SIGKILL, Parquet files on disk. Sizes are tiny (200 people, 20-30 weeks) so
the file stays fast.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.experiment.design import make_plan, replicate_seed
from simulation.experiment.sensitivity import run_sensitivity
from simulation.experiment.spec import ExperimentError, load_experiment
from simulation.experiment.store import read_runs, read_timeseries
from simulation.experiment.sweep import sweep

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def experiment(tmp: Path, body: str = "", *, replicates: int = 3, weeks: int = 20,
               factors: str | None = None, name: str = "exp.toml") -> Path:
    factors = factors if factors is not None else (
        '"community_manager.capacity" = ["none", "full_time"]\n'
        '"sponsorship.champion_share" = [0.0, 0.4]\n')
    path = tmp / name
    path.write_text(
        f'scenario = "{BASELINE}"\nreplicates = {replicates}\nweeks = {weeks}\nseed = 11\n'
        f'{body}\n[set]\n"population.headcount" = 200\n\n[factors]\n{factors}',
        encoding="utf-8")
    return path


def frames(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = read_runs(out).drop(columns=["elapsed_s"])
    return runs, read_timeseries(out)


def adoptsim(*args: str | Path, cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, env=_env(), **kw)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One uninterrupted local sweep (1 process) of a 4-point x 6-replicate design."""
    tmp = tmp_path_factory.mktemp("reference")
    exp = experiment(tmp, replicates=6, weeks=30)
    sweep(exp, tmp / "out", workers=1)
    return exp, tmp / "out"


def test_design_seeds_are_common_random_numbers(tmp_path: Path) -> None:
    exp = load_experiment(experiment(tmp_path, replicates=3))
    plan = make_plan(exp)
    assert plan.n_runs == 12 and len(plan.points) == 4
    assert plan.points[1] == {"community_manager.capacity": "none",
                              "sponsorship.champion_share": 0.4}
    runs = list(plan.runs())
    assert [r.run_id for r in runs] == list(range(12))
    seeds = {(r.point_id, r.replicate): r.seed for r in runs}
    for rep in range(3):  # replicate i has one seed at every design point
        assert {seeds[p, rep] for p in range(4)} == {replicate_seed(11, rep)}
    assert len({seeds[0, rep] for rep in range(3)}) == 3
    assert list(plan.runs(skip={0, 5})) == [r for r in runs if r.run_id not in (0, 5)]


def test_sweep_outputs_and_summary(reference: tuple[Path, Path]) -> None:
    _, out = reference
    runs, ts = frames(out)
    assert runs["run_id"].tolist() == list(range(24))
    assert (runs["status"] == "ok").all()
    assert set(runs["community_manager.capacity"]) == {"none", "full_time"}
    assert ts.groupby("run_id").size().eq(31).all()  # weeks 0..30 for every run
    active = ts.assign(a=ts["contributing"] + ts["embedded"]).groupby("run_id")["a"]
    np.testing.assert_allclose(runs["final_active"], active.last().to_numpy())
    np.testing.assert_allclose(runs["peak_active"], active.max().to_numpy())
    np.testing.assert_allclose(runs["sustained_active"],
                               active.apply(lambda s: s.tail(13).mean()).to_numpy())
    long = pd.read_parquet(out / "timeseries_long.parquet")
    assert list(long.columns) == ["run_id", "point_id", "replicate", "week", "metric", "value"]
    contributing = long[long["metric"] == "contributing"].sort_values(["run_id", "week"])
    np.testing.assert_array_equal(contributing["value"], ts["contributing"])
    assert len(pd.read_csv(out / "timeseries_long.csv")) == len(long)
    summary = pd.read_csv(out / "summary.csv")
    assert summary["n_ok"].tolist() == [6, 6, 6, 6]
    mean = runs.groupby("point_id")["relapses"].mean().to_numpy()
    np.testing.assert_allclose(summary["relapses_mean"], mean)
    assert (summary["relapses_ci_low"] <= mean).all()
    assert (mean <= summary["relapses_ci_high"]).all()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_runs"] == 24 and len(manifest["experiment_sha256"]) == 64
    assert sorted(p.name for p in (out / "plots").iterdir()) == sorted(
        [f"heatmap_{m}.png" for m in manifest["metrics"]] + ["active_over_time.png"])
    # a full-time CM beats none in every replicate at both sponsorship levels (paired runs)
    wide = runs.pivot(index="replicate", columns="point_id", values="sustained_active")
    assert (wide[2] > wide[0]).all() and (wide[3] > wide[1]).all()


def test_dask_localcluster_of_two_equals_one_local_process(reference: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    # also: results do not depend on the number of workers (1 process vs 2 Dask workers)
    exp, out = reference
    sweep(exp, tmp_path / "dask", workers=2, dask=True, flush_every=5, plots=False)
    expected, expected_ts = frames(out)
    got, got_ts = frames(tmp_path / "dask")
    pd.testing.assert_frame_equal(got, expected)
    pd.testing.assert_frame_equal(got_ts, expected_ts)


def test_results_do_not_depend_on_workers_or_chunking(reference: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    exp, out = reference
    sweep(exp, tmp_path / "inline", workers=0, flush_every=7, plots=False)
    pd.testing.assert_frame_equal(frames(tmp_path / "inline")[0], frames(out)[0])
    pd.testing.assert_frame_equal(frames(tmp_path / "inline")[1], frames(out)[1])


def test_sigkill_midway_then_resume_runs_each_run_once(reference: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    exp, ref = reference
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulation", "sweep", str(exp), "--out", str(out),
         "--workers", "1", "--flush-every", "2"], cwd=tmp_path, env=_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list((out / "runs").glob("part-*.parquet"))) < 3:
        assert proc.poll() is None and time.monotonic() < deadline, "sweep ended too early"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker process, mid-sweep
    proc.wait()
    done_before = len(read_runs(out, columns=["run_id"]))
    assert 6 <= done_before < 24, "the kill must land mid-sweep"
    # a time-series part whose runs part never landed (killed between the renames)
    orphan = out / "timeseries" / "part-999999.parquet"
    orphan.write_bytes(next((out / "timeseries").glob("part-*.parquet")).read_bytes())

    res = adoptsim("sweep", exp, "--out", out, "--workers", "2", "--resume", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert f"{24 - done_before} of 24 runs" in res.stderr
    assert not orphan.exists()
    runs, ts = frames(out)
    assert runs["run_id"].tolist() == list(range(24))  # every run exactly once
    assert not ts.duplicated(["run_id", "week"]).any()
    pd.testing.assert_frame_equal(runs, frames(ref)[0])
    pd.testing.assert_frame_equal(ts, frames(ref)[1])

    again = sweep(exp, out, resume=True, plots=False)
    assert (again.ran, again.skipped) == (0, 24)  # nothing left to run


def test_dask_worker_killed_midway_loses_nothing(reference: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    exp, ref = reference
    pids: list[int] = []
    killed: list[int] = []

    def on_start(executor, done, total) -> None:
        pids.extend(executor.worker_pids().values())

    def on_progress(done: int, total: int, failed: int) -> None:
        if done >= 4 and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)  # the nanny restarts it; Dask reschedules

    result = sweep(exp, tmp_path / "out", workers=2, dask=True, on_start=on_start,
                   on_progress=on_progress, plots=False)
    assert len(pids) == 2 and killed
    assert (result.total, result.ran, result.failed) == (24, 24, 0)
    pd.testing.assert_frame_equal(frames(tmp_path / "out")[0], frames(ref)[0])


def test_local_worker_process_killed_midway_loses_nothing(reference: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    exp, ref = reference
    executors: list = []
    killed: list[int] = []

    def on_progress(done: int, total: int, failed: int) -> None:
        if done >= 3 and not killed:
            killed.append(next(iter(executors[0].worker_pids().values())))
            os.kill(killed[0], signal.SIGKILL)  # the pool breaks; a new one reruns the lost runs

    result = sweep(exp, tmp_path / "out", workers=2, on_start=lambda e, d, t: executors.append(e),
                   on_progress=on_progress, plots=False)
    assert killed and (result.total, result.ran, result.failed) == (24, 24, 0)
    pd.testing.assert_frame_equal(frames(tmp_path / "out")[0], frames(ref)[0])


def test_failing_run_is_recorded_and_does_not_stop_the_sweep(tmp_path: Path) -> None:
    exp = experiment(tmp_path, replicates=2, factors=(
        '"population.org_chart" = ["none", "no_such_chart.csv"]\n'))
    result = sweep(exp, tmp_path / "out", workers=0, plots=False)
    runs = read_runs(tmp_path / "out")
    assert (result.total, result.failed) == (4, 2)
    assert runs["status"].tolist() == ["ok", "ok", "error", "error"]
    assert runs.loc[2:, "error"].str.len().gt(10).all()
    assert runs.loc[2:, "sustained_active"].isna().all()
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert summary[["n_ok", "n_failed"]].values.tolist() == [[2, 0], [0, 2]]
    assert summary["population.org_chart"].tolist() == ["none", "no_such_chart.csv"]


def test_one_factor_sweep_draws_lines_with_bands(tmp_path: Path) -> None:
    exp = experiment(tmp_path, 'metrics = ["sustained_active", "relapses"]', replicates=2,
                     factors='"sponsorship.champion_share" = [0.0, 0.2, 0.4]\n')
    sweep(exp, tmp_path / "out", workers=0)
    plots = sorted(p.name for p in (tmp_path / "out" / "plots").iterdir())
    assert plots == ["active_over_time.png", "lines_relapses.png", "lines_sustained_active.png"]
    assert all((tmp_path / "out" / "plots" / p).stat().st_size > 10_000 for p in plots)


@pytest.mark.parametrize(("body", "factors", "expected"), [
    ("", '"community_manager.capasity" = ["none"]\n',
     "unknown scenario key 'community_manager.capasity': no 'capasity' in community_manager "
     '(did you mean "capacity"?)'),
    ("", '"sponsorship.champion_share" = [0.1, 1.5]\n',
     "(factor 'sponsorship.champion_share' = 1.5): key 'sponsorship.champion_share': "
     "expected at most 1, found 1.5"),
    ("", '"community_manager.capacity" = ["none", "fulltime"]\n',
     "(factor 'community_manager.capacity' = 'fulltime'): key 'community_manager.capacity': "
     "expected one of 'none', 'side_job' or 'full_time' (did you mean \"full_time\"?)"),
    ("", '"sponsorship.champion_share" = { low = 0.0, high = 0.5 }\n',
     "key 'factors.sponsorship.champion_share': design 'full_factorial' needs a list"),
    ("", '"community_manager.capacity" = { low = 0, high = 1 }\n',
     "a range {low, high} needs a numeric parameter"),
    ("", '"sponsorship.champion_share" = { low = 0.5, high = 0.1 }\n', "range needs low < high"),
    ("", '"sponsorship" = [1]\n', "'sponsorship' is a section"),
    ("replicate = 4", None, "unknown key 'replicate' (did you mean \"replicates\"?)"),
    ('design = "lhs"', None, "key 'design': expected one of 'full_factorial' or "
                             "'latin_hypercube'"),
    ('metrics = ["sustained_activ"]', None,
     "key 'metrics': unknown metric 'sustained_activ' (did you mean \"sustained_active\"?); "
     "available: final_active, sustained_active"),
    ("replicates = 0", None, "replicates"),
])
def test_bad_experiment_files_get_one_clear_line(tmp_path: Path, body: str,
                                                 factors: str | None, expected: str) -> None:
    path = experiment(tmp_path, body, factors=factors)
    if body.startswith("replicates"):  # replace, not repeat, the key
        path.write_text(path.read_text().replace("replicates = 3\n", ""))
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert expected in message


def test_bad_input_through_the_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    path = experiment(tmp_path, factors='"sponsorship.champion_shar" = [0.1]\n')
    res = adoptsim("sweep", path, cwd=tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1 and 'did you mean "champion_share"' in res.stderr
    (tmp_path / "empty").mkdir()
    res = adoptsim("sweep", experiment(tmp_path), "--out", "empty", "--resume", cwd=tmp_path)
    assert res.returncode == 2 and "has no manifest.json" in res.stderr
    assert res.stderr.count("\n") == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("replicates = = 3\n")
    res = adoptsim("sensitivity", bad, "--method", "sobol", cwd=tmp_path)
    assert res.returncode == 2 and "TOML syntax error" in res.stderr


def test_resume_refuses_a_changed_experiment_a_full_folder_and_a_busy_one(tmp_path: Path) -> None:
    path = experiment(tmp_path, replicates=1, factors='"sponsorship.champion_share" = [0.1]\n')
    sweep(path, tmp_path / "out", workers=0, plots=False)
    from simulation.errors import InputError

    with pytest.raises(InputError, match="holds results of an earlier sweep; add --resume"):
        sweep(path, tmp_path / "out", workers=0)
    from filelock import FileLock

    with FileLock(tmp_path / "out" / ".lock", thread_local=False):  # another sweep writes there
        with pytest.raises(InputError, match="another adoptsim sweep is writing"):
            sweep(path, tmp_path / "out", workers=0, resume=True)
    assert sweep(path, tmp_path / "out", workers=0, resume=True, plots=False).ran == 0
    path.write_text(path.read_text().replace("[0.1]", "[0.2]"))
    with pytest.raises(InputError, match="has changed since .* was started"):
        sweep(path, tmp_path / "out", workers=0, resume=True)


def test_sobol_and_morris_indices(tmp_path: Path) -> None:
    # budget_cut_fraction does nothing without a budget cut: with common random
    # numbers its indices must be exactly zero, while the CM's FTE matters.
    factors = ('"community_manager.fte" = { low = 0.0, high = 1.0 }\n'
               '"shocks.budget_cut_fraction" = { low = 0.0, high = 1.0 }\n')
    path = experiment(tmp_path, 'design = "latin_hypercube"\nsamples = 4\n'
                      'metrics = ["sustained_active", "relapses"]', replicates=1,
                      factors=factors)
    result, csv = run_sensitivity(path, "sobol", 16, tmp_path / "sobol", workers=0)
    assert result.total == 16 * (2 + 2) and result.failed == 0
    table = pd.read_csv(csv).set_index(["metric", "factor"])
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    fte = table.loc[("sustained_active", "community_manager.fte")]
    idle = table.loc[("sustained_active", "shocks.budget_cut_fraction")]
    assert idle["ST"] == 0 and idle["S1"] == 0
    assert fte["ST"] > 0.2  # the only factor that acts (true ST = 1; N = 16 is noisy)
    assert (tmp_path / "sobol" / "plots" / "tornado_sobol.png").stat().st_size > 10_000
    resumed, _ = run_sensitivity(path, "sobol", 16, tmp_path / "sobol", workers=0, resume=True,
                                 plots=False)
    assert resumed.ran == 0 and resumed.skipped == 64

    _, csv = run_sensitivity(path, "morris", 4, tmp_path / "morris", workers=0, plots=False)
    morris = pd.read_csv(csv).set_index(["metric", "factor"])
    assert {"mu_star", "mu_star_conf", "sigma", "sigma_conf"} <= set(morris.columns)
    assert morris.loc[("sustained_active", "shocks.budget_cut_fraction"), "mu_star"] == 0
    assert morris.loc[("sustained_active", "community_manager.fte"), "mu_star"] > 0


def test_resume_refuses_when_an_org_chart_changed_in_place(tmp_path: Path) -> None:
    # Issue 12 item 5: the fingerprint held the chart's path, so an edited chart
    # mixed two organisations in one result folder.
    from simulation.errors import InputError

    chart = tmp_path / "chart.csv"
    rows = ["id,manager_id,department", "1,,Communications",
            *(f"{i},1,IT" for i in range(2, 31))]
    chart.write_text("\n".join(rows) + "\n")
    (tmp_path / "client.toml").write_text('[population]\norg_chart = "chart.csv"\n')
    path = tmp_path / "exp.toml"
    path.write_text('scenario = "client.toml"\nreplicates = 1\nweeks = 5\n'
                    '[factors]\n"sponsorship.champion_share" = [0.1]\n')
    sweep(path, tmp_path / "out", workers=0, plots=False)
    assert sweep(path, tmp_path / "out", workers=0, resume=True, plots=False).ran == 0
    chart.write_text("\n".join([*rows[:-1], "31,1,Sales"]) + "\n")  # same path, new content
    with pytest.raises(InputError, match=r"data file .*chart\.csv has changed since"):
        sweep(path, tmp_path / "out", workers=0, resume=True)


def test_fingerprint_covers_data_files_named_by_factors(tmp_path: Path) -> None:
    from simulation.experiment.spec import load_experiment

    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("id,manager_id,department\n1,,Communications\n2,1,IT\n")
    path = experiment(tmp_path, replicates=1, factors=(
        f'"population.org_chart" = ["{tmp_path / "a.csv"}", "{tmp_path / "b.csv"}"]\n'))
    exp = load_experiment(path)
    before, print_before = exp.inputs(), exp.fingerprint()
    assert f"data file {tmp_path / 'b.csv'}" in before
    (tmp_path / "b.csv").write_text("id,manager_id,department\n1,,Communications\n2,1,HR\n")
    assert exp.fingerprint() != print_before
    changed = [k for k, v in exp.inputs().items() if before[k] != v]
    assert changed == [f"data file {tmp_path / 'b.csv'}"]
