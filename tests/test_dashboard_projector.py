"""The dashboard on a projector: 1280x720, big-number monitors and the Info panel.

Uses the ``dashboard`` fixture of tests/test_dashboard.py (the real server in
a child process, Debian's Chromium through Playwright).
"""

from __future__ import annotations

import os
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


def test_projector_words_charts_and_a_clicked_person(dashboard, tmp_path):  # noqa: F811
    """Human words, readable charts and a click on a person, at 1280x720."""
    from playwright.sync_api import sync_playwright

    from simulation.dashboard.session import Session
    from simulation.dashboard.style import TEXT_SIZE
    from simulation.dashboard.teaching import describe
    from tests.test_dashboard import ROOT

    # The same organisation as the server's (baseline, 500 people, seed 2): where is person 40?
    twin = Session(ROOT / "scenarios" / "baseline.toml", {"population.headcount": "500"}, seed=2)
    person = 40
    fx, fy = twin.view.where(person)
    expected = dict(describe(twin.model, person))
    image_width = twin.chart_fig.get_size_inches()[0] * twin.dpi
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(dashboard)
        page.locator(".adoptsim-week").wait_for(timeout=60_000)
        page.locator("img.adoptsim-network").wait_for(timeout=20_000)
        page.screenshot(path=str(tmp_path / "start.png"))
        text = page.inner_text("body")
        # Options in words, no code words or analyst's jargon.
        for code in ("side_job", "full_time", "junior", "one_department", "rank corr"):
            assert code not in text, code
        assert "Click a person" in text
        # Chart text readable from the back: legend text at least 11 px on the screen.
        charts = page.locator(".adoptsim-charts img, img.adoptsim-charts").first
        box = charts.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
        shown_px = TEXT_SIZE * twin.dpi / 72 * box["width"] / image_width
        assert shown_px >= 11, shown_px
        # Click the person: their state appears beside the picture.
        net = page.locator("img.adoptsim-network")
        nbox = net.bounding_box()
        assert nbox is not None and nbox["x"] + nbox["width"] <= 1280
        page.mouse.click(nbox["x"] + fx * nbox["width"], nbox["y"] + fy * nbox["height"])
        card = page.locator(".adoptsim-person")
        page.wait_for_function("el => el.innerText.includes('department')",
                               arg=card.element_handle(), timeout=20_000)
        shown = card.inner_text()
        assert expected["department"] in shown and expected["person"] in shown
        assert f"now: {expected['now']}" in shown
        page.screenshot(path=str(tmp_path / "person.png"))
        browser.close()


def test_stage_legend_is_outside_the_chart_and_large() -> None:
    """The 'Who is where' legend sits below its panel, so the area never paints over it."""
    from simulation.dashboard.session import Session
    from simulation.dashboard.style import TEXT_SIZE

    s = Session(None, {"population.headcount": 150, "weeks": 30})
    s.step(30)
    s.render("png")
    fig = s.chart_fig
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        inside = legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
        assert not inside, ax.get_title()
        assert all(t.get_fontsize() >= TEXT_SIZE for t in legend.get_texts())
        assert ax.get_xlabel() == "month"


def test_classroom_default_size_and_options_in_words() -> None:
    """Without --set the class sees a few hundred people; every option reads as words."""
    import simulation.dashboard.app as app
    from simulation.dashboard.controls import CONTROLS

    assert 200 <= app.CLASSROOM_HEADCOUNT <= 400
    if "ADOPTSIM_OVERRIDES" not in os.environ:
        assert app.BASE["population.headcount"] == app.CLASSROOM_HEADCOUNT
    for control in CONTROLS:
        for choice in control.choices:
            words = control.shown(choice)
            assert "_" not in words and control.chosen(words) == choice
    capacity = next(c for c in CONTROLS if c.key == "community_manager.capacity")
    assert capacity.shown("side_job") == "part-time (a side job)"
