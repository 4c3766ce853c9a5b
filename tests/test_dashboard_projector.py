"""The dashboard on a projector: 1280x720, big-number monitors and the Info panel.

Uses the ``dashboard`` fixture of tests/test_dashboard.py (the real server in
a child process, Debian's Chromium through Playwright).
"""

from __future__ import annotations

import time

from tests.test_dashboard import ARGS, CHROMIUM, dashboard  # noqa: F401 (fixture)


def test_projector_monitors_and_info_panel(dashboard, tmp_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(dashboard)
        week = page.locator(".adoptsim-week")
        week.wait_for(timeout=60_000)
        monitors = page.locator(".adoptsim-monitor")
        monitors.first.wait_for(timeout=20_000)
        texts = monitors.all_inner_texts()
        labels = [t.splitlines()[-1] for t in texts]
        assert labels == ["month", "post or work through it", "use it at all", "fell back",
                          "people"]
        assert texts[-1].startswith("500")
        # Big enough to read from the back of a room: the numbers are at least 30 px.
        size = page.evaluate("el => parseFloat(getComputedStyle(el.firstChild).fontSize)",
                             monitors.first.element_handle())
        assert size >= 30
        # The monitors sit inside the 1280 px width, side by side, not cut off.
        for box in (m.bounding_box() for m in monitors.all()):
            assert box is not None and box["x"] + box["width"] <= 1280
        info = page.locator(".adoptsim-info")
        info.wait_for(timeout=10_000)
        text = info.inner_text()
        assert "What to notice" in text and "Things to try" in text and "honeymoon" in text
        # The counter and the month monitor come from one frame: in step while playing.
        page.locator(".adoptsim-play").click()
        page.wait_for_function("el => parseInt(el.innerText.split(' ')[1]) >= 20",
                               arg=week.element_handle(), timeout=60_000)
        page.locator(".adoptsim-play").click()
        time.sleep(1.0)
        shown_week = int(week.inner_text().split()[1])
        month = int(monitors.first.inner_text().splitlines()[0])
        assert month == round(shown_week / (52 / 12))
        page.screenshot(path=str(tmp_path / "projector.png"))
        browser.close()
    assert (tmp_path / "projector.png").stat().st_size > 20_000
