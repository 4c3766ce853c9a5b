"""Start the dashboard: one command, no internet needed.

``adoptsim dashboard`` runs ``solara run simulation/dashboard/app.py`` in a
child process with the settings that make it work in a classroom:

- **Offline.** Solara's page loads its JavaScript, CSS and fonts from a CDN
  (jsdelivr) unless told otherwise. With its assets proxy on (the default,
  forced here with ``SOLARA_ASSETS_PROXY=true``) the browser asks the local
  server under ``/_solara/cdn/...`` instead, and the server answers from its
  cache directory, which the ``solara-assets`` package fills at install time.
  So nothing leaves the machine; ``tests/test_dashboard.py`` checks this in a
  real browser by failing on any request that is not to the local server.
- **No telemetry.** Solara's usage telemetry (Mixpanel) is switched off.
- **Loopback by default.** ``--host 127.0.0.1`` unless the user says otherwise.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import simulation
from simulation.errors import InputError
from simulation.scenario.files import load_scenario

APP = Path(__file__).with_name("app.py")
PACKAGE_ROOT = Path(simulation.__file__).resolve().parents[1]


def scenarios_dir() -> Path:
    """The scenario folder: ./scenarios if there is one, else the project's own."""
    local = Path.cwd() / "scenarios"
    return local if local.is_dir() else PACKAGE_ROOT / "scenarios"


def command(host: str = "127.0.0.1", port: int = 8765) -> list[str]:
    """The ``solara run`` command line for the dashboard."""
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host,
            "--port", str(port), "--production", "--no-open", "--log-level", "warning"]


def environment(scenario: str | Path | None = None,
                overrides: dict[str, Any] | None = None, seed: int = 1) -> dict[str, str]:
    """Environment for the server process: offline assets, no telemetry, our code first."""
    env = dict(os.environ)
    env["ADOPTSIM_OVERRIDES"] = json.dumps(overrides or {})
    env["ADOPTSIM_SEED"] = str(int(seed))
    folder = scenarios_dir()
    env["ADOPTSIM_SCENARIOS_DIR"] = str(folder)
    if scenario is not None:
        path = Path(scenario).resolve()
        try:
            env["ADOPTSIM_SCENARIO"] = str(path.relative_to(folder.resolve()))
        except ValueError:
            env["ADOPTSIM_SCENARIO"] = str(path)
    env["SOLARA_ASSETS_PROXY"] = "true"
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    env["MPLBACKEND"] = "Agg"
    # Solara warns about SameSite cookies on plain http, which is what loopback is.
    env["PYTHONWARNINGS"] = "ignore::UserWarning:solara.server.starlette"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def start(scenario: str | Path | None = None, host: str = "127.0.0.1",
          port: int = 8765, *, overrides: dict[str, Any] | None = None, seed: int = 1,
          extra_env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen:
    """Start the server in a child process and return it (the caller stops it).

    Args:
        scenario: the scenario to open first (``None``: baseline or defaults).
        host: interface to bind; loopback unless the user asks otherwise.
        port: TCP port.
        overrides: ``--set`` overrides applied to every scenario in the page.
        seed: the first seed.
        extra_env: more environment variables for the server (tests use
            ``SOLARA_ASSETS_CDN`` to prove that nothing is fetched from outside).
        **popen: passed to :class:`subprocess.Popen` (e.g. ``stdout``).

    Raises:
        InputError: the scenario or an override does not load, or the port is
            impossible (checked before starting, so a typo gets one clear line
            instead of a broken page).
    """
    load_scenario(scenario, overrides=overrides)  # a typo gets one line, not a broken page
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: expected a port number between 1 and 65535")
    env = environment(scenario, overrides, seed)
    env.update(extra_env or {})
    return subprocess.Popen(command(host, port), env=env, **popen)  # type: ignore[arg-type]


def exposure_warning(host: str) -> str | None:
    """A warning when ``host`` lets other machines reach the page, else ``None``.

    The dashboard has no login: anyone who can reach the port can use the
    page (and run simulations on this machine). Loopback names and addresses
    are private to this machine; everything else — ``0.0.0.0``, ``::``, a
    LAN address, a host name that is not loopback — is not.
    """
    import ipaddress
    import socket

    try:
        addresses = [ipaddress.ip_address(host.strip("[]").split("%")[0])]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0])
                         for info in socket.getaddrinfo(host, None)]
        except (OSError, ValueError):
            addresses = []
    if addresses and all(a.is_loopback for a in addresses):
        return None
    return (f"warning: --host {host} serves the dashboard to the network without a login; "
            "anyone who can reach this machine can open the page and run simulations on it. "
            "Use --host 127.0.0.1 (the default) unless that is what you want.")


def serve(scenario: str | Path | None = None, host: str = "127.0.0.1", port: int = 8765,
          overrides: dict[str, Any] | None = None, seed: int = 1) -> int:
    """Run the dashboard in the foreground until Ctrl-C; return its exit status."""
    proc = start(scenario, host, port, overrides=overrides, seed=seed)
    warning = exposure_warning(host)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    print(f"adoptsim dashboard: http://{host}:{port}/  (Ctrl-C to stop)", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # `kill` stops the server too
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
