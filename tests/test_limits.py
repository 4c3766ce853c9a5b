"""Limits and signals: what adoptsim refuses before it starts, and how it stops.

Issue 12 items 6 (sizes and numeric options), 7 (SIGTERM on a sweep) and 8
(a dashboard open to the network).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def adoptsim(*args: str | Path, cwd: Path, timeout: float = 300
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def one_line(res: subprocess.CompletedProcess[str]) -> str:
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    return res.stderr


# -- the dashboard on a network interface (item 8) ------------------------------------------

@pytest.mark.parametrize(("host", "warned"), [
    ("0.0.0.0", True), ("::", True), ("192.168.1.20", True), ("10.0.0.5", True),
    ("127.0.0.1", False), ("127.0.0.2", False), ("::1", False), ("localhost", False),
])
def test_exposure_warning_for_every_non_loopback_host(host: str, warned: bool) -> None:
    from simulation.dashboard.server import exposure_warning

    text = exposure_warning(host)
    assert (text is not None) == warned
    if warned:
        assert host in text and "without a login" in text


def test_dashboard_on_0_0_0_0_prints_the_warning(monkeypatch, capsys) -> None:
    from simulation.cli import main
    from simulation.dashboard import server

    class Done:
        def wait(self) -> int:
            return 0

        def poll(self) -> int:
            return 0

    monkeypatch.setattr(server, "start", lambda *a, **k: Done())
    with pytest.raises(SystemExit) as exc:
        main(["dashboard", str(BASELINE), "--host", "0.0.0.0"])
    assert exc.value.code == 0
    err = capsys.readouterr().err
    assert "warning: --host 0.0.0.0" in err and "without a login" in err
    with pytest.raises(SystemExit):
        main(["dashboard", str(BASELINE)])
    assert "warning" not in capsys.readouterr().err


# -- SIGTERM on a sweep (item 7) ------------------------------------------------------------

def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) whose process group is ``pgid``, from /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def wait_for(condition, seconds: float) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_on_a_sweep_leaves_no_process_behind(tmp_path: Path, signame: str) -> None:
    import os
    import signal

    (tmp_path / "exp.toml").write_text(
        f'scenario = "{BASELINE}"\nreplicates = 40\nweeks = 150\n'
        '[set]\n"population.headcount" = 400\n'
        '[factors]\n"sponsorship.champion_share" = [0.1, 0.2]\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulation", "sweep", "exp.toml", "--out", "out",
         "--workers", "2", "--flush-every", "1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group: every child it starts is in it
    try:
        # parent + resource tracker + two workers, and at least one run finished
        assert wait_for(lambda: len(group_members(proc.pid)) >= 4
                        and any((tmp_path / "out" / "runs").glob("part-*")), 240)
        os.kill(proc.pid, getattr(signal, signame))  # only the parent, as `timeout` does
        _, err = proc.communicate(timeout=60)
        expected = 128 + getattr(signal, signame)
        assert proc.returncode == expected, err
        assert "--resume" in err and "Traceback" not in err
        assert wait_for(lambda: group_members(proc.pid) == [], 10), group_members(proc.pid)
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in group_members(proc.pid):
            os.kill(pid, signal.SIGKILL)


# -- sizes: estimated before starting, refused when they cannot fit (item 6) ----------------

GB = 1 << 30


@pytest.fixture
def small_machine(monkeypatch):
    """A machine with 1 GB of memory available."""
    from simulation.runs import limits

    monkeypatch.setattr(limits, "available_memory", lambda: 1 * GB)


def test_run_too_large_for_this_machine_is_refused_before_anything(
        tmp_path, small_machine, capsys, monkeypatch) -> None:
    from simulation.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["run", str(BASELINE), "--set", "population.headcount=500000", "--out", "o"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "500,000 people x 156 weeks" in err and "1.0 GB available" in err
    assert "lower population.headcount" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_estimates_follow_the_measured_rates() -> None:
    from simulation.runs import limits

    est = limits.run_estimate(1_000_000, 156, agents=True)
    assert est.memory == limits.PROCESS_BYTES + 1_000_000 * limits.BYTES_PER_PERSON_AGENTS
    assert est.seconds == pytest.approx(156e6 * limits.SECONDS_PER_PERSON_WEEK)
    two = limits.run_estimate(1000, 10, agents=False, runs=8, workers=2)
    assert two.memory == 3 * limits.PROCESS_BYTES + 2 * 1000 * limits.BYTES_PER_PERSON
    assert two.seconds == pytest.approx(8 * 1000 * 10 * limits.SECONDS_PER_PERSON_WEEK / 2)


def test_a_long_run_is_announced(capsys) -> None:
    from simulation.runs import limits

    limits.run_estimate(100_000, 5200, agents=True, what="this run").announce()
    err = capsys.readouterr().err
    assert err.startswith("note: this run: expect about") and "Ctrl-C" in err
    limits.run_estimate(200, 20, agents=True).announce()
    assert capsys.readouterr().err == ""


def test_gif_memory_grows_with_the_frames(small_machine) -> None:
    from simulation.errors import InputError
    from simulation.runs import limits

    limits.check_gif(50, 90, 300, "a short film")  # about 0.4 GB: fits
    with pytest.raises(InputError, match=r"needs about .* GB.*fewer --weeks, or write an \.mp4"):
        limits.check_gif(1000, 90, 300, "a long film")


def experiment(tmp_path: Path, body: str, fixed: str = '"population.headcount" = 100\n',
               top: str = "") -> Path:
    path = tmp_path / "exp.toml"
    path.write_text(f'scenario = "{BASELINE}"\nreplicates = 1\nweeks = 5\n{top}'
                    f'[set]\n{fixed}' + body)
    return path


def test_a_huge_latin_hypercube_is_refused_before_writing(tmp_path: Path) -> None:
    from simulation.errors import InputError
    from simulation.experiment.sweep import sweep

    path = experiment(tmp_path, '[factors]\n"sponsorship.champion_share" = '
                      "{ low = 0.0, high = 0.5 }\n",
                      top='design = "latin_hypercube"\nsamples = 10_000_000\n')
    with pytest.raises(InputError, match="key 'samples' makes 10,000,000 design points"):
        sweep(path, tmp_path / "out", workers=0)
    assert not (tmp_path / "out").exists()


def test_a_huge_full_factorial_is_refused_before_it_is_listed(tmp_path: Path) -> None:
    from simulation.errors import InputError
    from simulation.experiment.sweep import sweep

    values = ", ".join(f"{v / 100}" for v in range(100))
    path = experiment(tmp_path, "[factors]\n" + "".join(
        f'"{k}" = [{values}]\n' for k in ("sponsorship.champion_share", "population.span_sigma",
                                           "population.heterogeneity")))
    with pytest.raises(InputError, match="makes 1,000,000 design points; at most 200,000"):
        sweep(path, tmp_path / "out", workers=0)
    assert not (tmp_path / "out").exists()


def test_a_sweep_that_cannot_fit_is_refused(tmp_path: Path, small_machine) -> None:
    from simulation.errors import InputError
    from simulation.experiment.sweep import sweep

    path = experiment(tmp_path, '[factors]\n"population.headcount" = [100, 400000]\n',
                      fixed="")
    with pytest.raises(InputError, match=r"this sweep \(2 runs, up to 400,000 people"):
        sweep(path, tmp_path / "out", workers=2)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["animate", BASELINE, "--out", "f.gif", "--weeks", "100000000"], ["--weeks", "5200"]),
    (["animate", BASELINE, "--out", "f.gif", "--fps", "1000"], ["--fps"]),
    (["compare", BASELINE, "--replicates", "100000000"], ["--replicates"]),
    (["compare", BASELINE, "--workers", "100000"], ["--workers"]),
    (["sweep", "e.toml", "--workers", "100000"], ["--workers"]),
    (["sweep", "e.toml", "--flush-every", "0"], ["--flush-every"]),
    (["sensitivity", "e.toml", "--samples", "100000000"], ["--samples"]),
    (["quickscan", "a.toml", "--replicates", "100000"], ["--replicates"]),
    (["change", BASELINE, "--seeds", "1000"], ["--seeds"]),
])
def test_numeric_options_are_range_checked(tmp_path: Path, args, words) -> None:
    err = one_line(adoptsim(*args, cwd=tmp_path))
    for word in words:
        assert word in err
    assert list(tmp_path.iterdir()) == []
