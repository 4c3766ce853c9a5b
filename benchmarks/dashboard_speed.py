"""How many weeks per second the dashboard can show (docs/performance.md, "Dashboard").

Two figures:

1. *Server side*: one week of the model plus the redraw of both pictures
   (network and charts, encoded as the page receives them), in a loop.
2. *In the browser* (``--browser``): the real page in headless Chromium,
   played at the default speed (10 weeks/s) and at the top speed (30): weeks
   on the counter and redraws received, per second of wall time.

Usage::

    python3 benchmarks/dashboard_speed.py --headcount 500 --weeks 100
    python3 benchmarks/dashboard_speed.py --headcount 500 --browser
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulation.dashboard import server  # noqa: E402
from simulation.dashboard.session import Session  # noqa: E402


def server_side(headcount: int, weeks: int, repeats: int) -> tuple[list[float], list[float]]:
    """Weeks per second of wall time, and per second of this process's CPU time.

    The CPU-time rate is what one free core would give; on a shared machine
    the wall-clock rate is lower by however much other work takes.
    """
    wall, cpu = [], []
    for r in range(repeats):
        s = Session(None, {"population.headcount": headcount, "weeks": weeks + 1}, seed=r + 1)
        s.render()  # the first frame draws the still background
        start, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(weeks):
            s.step()
            s.render()
        wall.append(weeks / (time.perf_counter() - start))
        cpu.append(weeks / (time.process_time() - cpu0))
    return wall, cpu


def in_browser(headcount: int, seconds: float, top: bool) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    scenario = folder / "bench.toml"
    scenario.write_text(f"weeks = 520\n[population]\nheadcount = {headcount}\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = server.start(scenario, port=port)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(url)
            week = page.locator(".adoptsim-week")
            week.wait_for(timeout=120_000)
            if top:  # the slider's end: 30 weeks/s asked; else the default, 10
                speed = page.locator(".v-input", has_text="Speed").get_by_role("slider")
                speed.focus()
                page.keyboard.press("End")
                time.sleep(1.0)
            # Count the redraws the browser actually receives.
            page.evaluate("""() => { window.redraws = 0;
                new MutationObserver(() => window.redraws++).observe(
                    document.querySelector('.adoptsim-network'), {attributes: true}); }""")
            page.locator(".adoptsim-play").click()
            time.sleep(2.0)  # warm-up
            w0, r0, t0 = (int(week.inner_text().split()[1]), page.evaluate("window.redraws"),
                          time.perf_counter())
            time.sleep(seconds)
            w1, r1, t1 = (int(week.inner_text().split()[1]), page.evaluate("window.redraws"),
                          time.perf_counter())
            browser.close()
        return (w1 - w0) / (t1 - t0), (r1 - r0) / (t1 - t0)
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--headcount", type=int, default=500)
    ap.add_argument("--weeks", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--browser", action="store_true")
    ap.add_argument("--seconds", type=float, default=10.0)
    a = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    wall, cpu = server_side(a.headcount, a.weeks, a.repeats)
    print(f"server side, {a.headcount} people, one week + redraw: median "
          f"{statistics.median(wall):.1f} weeks/s wall clock "
          f"(runs: {', '.join(f'{r:.1f}' for r in wall)}); "
          f"{statistics.median(cpu):.1f} weeks per CPU-second")
    if a.browser:
        for top in (False, True):
            weeks, redraws = in_browser(a.headcount, a.seconds, top)
            print(f"in the browser, {a.headcount} people, asked {30 if top else 10} weeks/s: "
                  f"{weeks:.1f} weeks/s shown, {redraws:.1f} redraws/s")


if __name__ == "__main__":
    main()
