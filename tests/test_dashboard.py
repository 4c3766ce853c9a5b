"""The teaching dashboard in a real browser (Chromium driven by Playwright).

The server runs as ``adoptsim dashboard`` would run it, in a child process on
a free loopback port. Its CDN is pointed at a dead loopback address, so any
asset that ``solara-assets`` does not ship would fail to load and fail the
test: the page must work with no internet access at all.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from simulation.dashboard import server
from simulation.dashboard.session import Session

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]
README_SHOT = ROOT / "docs" / "img" / "dashboard.png"
DEAD_CDN = "http://127.0.0.1:9/npm/"  # port 9 (discard): nothing listens, nothing leaves


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """The dashboard on the baseline at 500 people, as a class would see it: yields its URL."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("dash")
    port = free_port()
    log = open(folder / "server.log", "wb")  # noqa: SIM115
    proc = server.start(ROOT / "scenarios" / "baseline.toml", port=port,
                        overrides={"population.headcount": "500"}, seed=2,
                        extra_env={"SOLARA_ASSETS_CDN": DEAD_CDN},
                        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "server.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_play_slider_and_offline(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    failures: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failures.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url} {r.status}"))
        page.goto(dashboard)
        week = page.locator(".adoptsim-week")
        week.wait_for(timeout=60_000)
        assert week.inner_text() == "Week 0 of 156"
        assert "500 people · seed 2" in page.content()
        network = page.locator(".adoptsim-network")
        charts = page.locator(".adoptsim-charts")
        net_before = network.get_attribute("src")

        # Move a slider: more sponsors. The run restarts at week 0 with the new
        # setting, so the managers' markers (the network picture) change.
        lever = page.locator(".v-input", has_text="Sponsors (share of managers)")
        slider = lever.get_by_role("slider")
        value_before = float(slider.get_attribute("aria-valuenow"))
        slider.focus()
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([el, v]) => parseFloat(el.getAttribute('aria-valuenow')) > v",
            arg=[slider.element_handle(), value_before], timeout=10_000)
        page.wait_for_function(
            "([el, src]) => el.getAttribute('src') !== src",
            arg=[network.element_handle(), net_before], timeout=20_000)
        value_after = float(slider.get_attribute("aria-valuenow"))
        assert value_after == pytest.approx(value_before + 0.30, abs=1e-6)

        # Play: the week counter advances and the charts change.
        charts_before = charts.get_attribute("src")
        page.locator(".adoptsim-play").click()
        page.wait_for_function(
            "el => parseInt(el.innerText.split(' ')[1]) >= 8", arg=week.element_handle(),
            timeout=60_000)
        page.locator(".adoptsim-play").click()  # pause
        shown = int(week.inner_text().split()[1])
        assert 8 <= shown <= 156
        assert charts.get_attribute("src") != charts_before
        time.sleep(0.5)
        assert int(week.inner_text().split()[1]) >= shown  # paused: it stays put
        page.screenshot(path=str(tmp_path / "dashboard.png"))
        if not README_SHOT.exists():  # once, for the README: a bit after the honeymoon
            page.locator(".adoptsim-play").click()
            page.wait_for_function("el => parseInt(el.innerText.split(' ')[1]) >= 40",
                                   arg=week.element_handle(), timeout=60_000)
            page.locator(".adoptsim-play").click()
            time.sleep(1.0)
            README_SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(README_SHOT))

        # Reset goes back to week 0 with the same settings; Step advances one week.
        page.locator(".adoptsim-reset").click()
        page.wait_for_function("el => el.innerText === 'Week 0 of 156'",
                               arg=week.element_handle(), timeout=20_000)
        page.locator(".adoptsim-step").click()
        page.wait_for_function("el => el.innerText === 'Week 1 of 156'",
                               arg=week.element_handle(), timeout=20_000)
        assert float(slider.get_attribute("aria-valuenow")) == pytest.approx(value_after)
        browser.close()

    host = dashboard.rstrip("/")
    outside = [u for u in requests
               if not (u.startswith(host) or u.startswith(("data:", "blob:")))]
    assert outside == [], f"requests left the machine: {outside[:5]}"
    assert failures == [], f"failed requests (asset missing offline?): {failures[:5]}"
    assert (tmp_path / "dashboard.png").stat().st_size > 20_000


def test_session_restart_keeps_reference_run():
    """Moving a lever restarts at week 0; the old run stays as the dashed line."""
    s = Session(None, {"population.headcount": 200, "weeks": 30})
    s.step(10)
    assert s.week == 10
    s.configure(overrides={"population.headcount": 200, "weeks": 30,
                           "sponsorship.champion_share": 0.6})
    assert s.week == 0
    assert s.scenario.sponsorship.champion_share == 0.6
    assert s.reference is not None and s.reference.shape == (11,)
    s.step(40)
    assert s.week == 30  # never beyond the horizon
    assert s.finished


def test_frames_change_week_by_week():
    s = Session(None, {"population.headcount": 200, "weeks": 20})
    net0, charts0 = s.render("png")
    s.step(5)
    net1, charts1 = s.render("png")
    assert net0[:8] == b"\x89PNG\r\n\x1a\n"
    assert net1 != net0 and charts1 != charts0
    assert s.render()[0][:2] == b"\xff\xd8"  # JPEG by default: fast to encode


def test_unknown_scenario_is_one_clear_error(tmp_path):
    from simulation.errors import InputError

    with pytest.raises(InputError, match="not found"):
        server.start(tmp_path / "nope.toml")
    with pytest.raises(InputError, match='did you mean "headcount"'):
        server.start(None, overrides={"population.headcont": "5"})


def test_every_control_reads_and_overrides_a_real_parameter():
    from simulation.dashboard.controls import CONTROLS
    from simulation.scenario.files import load_scenario

    base = load_scenario(None)
    for c in CONTROLS:
        value = c.value(base)
        if c.kind == "choice":
            assert value in c.choices, c.key
            new = next(v for v in c.choices if v != value)
        elif c.kind == "bool":
            new = not value
        else:
            assert c.low <= value <= c.high, c.key
            new = c.high
        sc = load_scenario(None, {c.key: c.write(new)})
        assert c.value(sc) == new, c.key


def test_scenario_picker_lists_subfolders(tmp_path):
    from simulation.dashboard.controls import scenario_files

    (tmp_path / "clients").mkdir()
    for name in ("baseline.toml", "clients/acme.toml", "notes.txt"):
        (tmp_path / name).write_text("")
    assert scenario_files(tmp_path) == ["baseline.toml", "clients/acme.toml"]
    assert scenario_files(tmp_path / "missing") == []


def test_panels_show_flattening_and_maturity_when_reported():
    """Columns another module adds are plotted as soon as they exist; else a note is shown."""
    import numpy as np
    import pandas as pd
    from matplotlib.figure import Figure

    from simulation.dashboard.charts import Charts
    from simulation.dashboard.style import FLATTENING, MATURITY

    weeks = np.arange(11)
    base = {"week": weeks, "new_relapses": weeks % 3, "platform_ties": weeks * 2,
            **{s: np.full(11, 1 / 6) for s in
               ("unaware", "aware", "lurking", "contributing", "embedded", "lapsed")}}
    bare = pd.DataFrame(base)
    rich = pd.DataFrame({**base, **{c: weeks * 5.0 for c in MATURITY},
                         "rank_influence_corr": np.linspace(0.6, 0.2, 11),
                         "cross_department_ties": np.linspace(0.1, 0.3, 11)})
    for ts, shown in ((bare, False), (rich, True)):
        charts = Charts(Figure().subplots(2, 2), 20, ts)
        charts.update(ts)
        assert charts.maturity.missing.get_visible() is not shown
        drawn = [c for c, line in charts.maturity.lines.items() if len(line.get_xdata())]
        assert drawn == (list(MATURITY) if shown else [])
        flat = charts.flattening.lines
        if shown:
            assert len(flat["rank_influence_corr"].get_ydata()) == 11
            assert set(flat) == set(FLATTENING)
        else:  # stand-in until the flattening columns exist
            assert list(flat) == ["platform_ties"]
            assert list(flat["platform_ties"].get_ydata()) == list(weeks * 2)


def test_layout_is_computed_once_per_organisation():
    import numpy as np

    from simulation.dashboard import layout
    from simulation.engine.model import CommunityModel
    from simulation.scenario.files import load_scenario

    sc = load_scenario(None, {"population.headcount": 150})
    a = CommunityModel(sc, seed=4, agents=False)
    b = CommunityModel(sc.model_copy(update={"sponsorship": sc.sponsorship.model_copy(
        update={"champion_share": 0.9})}), seed=4, agents=False)
    xy = layout.layout_for(a.org)
    assert layout.layout_for(b.org) is xy  # a lever that leaves the organisation: same picture
    assert xy.shape == (150, 2) and np.abs(xy).max() <= 1.0
    assert np.array_equal(layout.compute_layout(a.org), xy)  # seeded: the same every time
    other = CommunityModel(sc, seed=5, agents=False)
    assert layout.fingerprint(other.org) != layout.fingerprint(a.org)


def test_broken_scenario_keeps_the_running_session(tmp_path):
    from simulation.errors import InputError

    bad = tmp_path / "bad.toml"
    bad.write_text("[population]\nheadcont = 10\n")
    s = Session(None, {"population.headcount": 120, "weeks": 20})
    s.step(3)
    with pytest.raises(InputError, match="headcont"):
        s.configure(scenario=bad)
    assert s.scenario_path is None and s.week == 3
    s.configure(overrides={"population.headcount": 120, "weeks": 20, "launch.pilot_weeks": 4})
    assert s.week == 0 and s.scenario.launch.pilot_weeks == 4
