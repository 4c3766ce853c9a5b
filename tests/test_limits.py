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
