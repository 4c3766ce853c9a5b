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
