"""Reports a consultant hands over: rendered in Chromium, never a zero for a non-zero value.

The quickscan and compare reports are opened in Debian's Chromium (Playwright),
screenshotted to PNG, and their rendered text is searched for a false zero:
every exact zero prints as ``0``, so ``0.0``, ``+0.00`` or a signed ``+0``
can only be a non-zero value rounded away.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.reports.numbers import num, shows_false_zero, span
from simulation.xlsx import sheet_name, write_tables

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FALSE_ZERO = re.compile(r"(?<![\d.,])([+\u2212-]?0[.,]0+(?![\d])|[+\u2212]0(?![\d.,]))")


@pytest.mark.parametrize("x", [0.004, -0.004, 4e-5, 0.049, 1e-9, 0.0004999])
def test_small_values_never_print_as_zero(x: float) -> None:
    for d in (0, 1, 2):
        for signed in (False, True):
            text = num(x, d, signed)
            assert not shows_false_zero(text, x) and not FALSE_ZERO.search(text), text
    assert num(0.0, 1, True) == "0" and num(18.12) == "18.1"
    lo, hi = span(0.002, 0.019).split(" to ")
    assert (lo, hi) == ("+0.002", "+0.019")


def test_workbook_one_sheet_a_table(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    a = pd.DataFrame({"week": [0, 1], "share": [0.5, np.nan]})
    b = pd.DataFrame({"x": ["a"]})
    path = write_tables(tmp_path / "r.xlsx", {"Weekly: measures/[all]": a, "B": b})
    wb = load_workbook(path)
    assert wb.sheetnames == ["Weekly  measures  all", "B"]
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["week", "share"]
    assert [c.value for c in ws[2]] == [0, 0.5] and ws["B3"].value is None
    assert sheet_name("x" * 40, {"x" * 31}) == "x" * 27 + " (2)"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left


def render(html: Path, png: Path) -> str:
    """Open ``html`` in Chromium, save a full-page PNG, return the visible text."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(html.as_uri())
        page.screenshot(path=str(png), full_page=True)
        text = page.inner_text("body")
        broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).length")
        browser.close()
    assert broken == 0, f"{broken} figure(s) did not load in {html}"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    return text


def tiny_quickscan() -> dict:
    """A quickscan result whose gains are all small but non-zero (the +0.0 bug's case)."""
    from tests.test_quickscan import fake_result

    r = fake_result({"training": (0.00004, 0.00001, 0.00007),
                     "full_time_cm": (0.004, 0.0021, 0.0059),
                     "internal_pilot": (0.0003, -0.0002, 0.0008)})
    r["impact_available"] = True
    r["now"]["impact"] = (0.52, 0.22, 0.82)  # exchanges per 100 a month
    for s in r["steps"]:
        if not s["in_place"]:
            s["impact_gain"], s["impact_lo"], s["impact_hi"] = (
                s["usage_gain"] / 7, s["usage_lo"] / 7, s["usage_hi"] / 7)
    from simulation.quickscan.forecast import rank_steps

    r["steps"] = rank_steps(r["steps"], True)
    return r


needs_chromium = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                    reason=f"{CHROMIUM} is missing: apt-get install chromium")


@needs_chromium
def test_quickscan_report_in_chromium_shows_no_false_zero(tmp_path: Path) -> None:
    from simulation.quickscan.command import write_report

    out = write_report(tiny_quickscan(), tmp_path / "qs")
    text = render(out / "report.html", tmp_path / "quickscan.png")
    assert FALSE_ZERO.search(text) is None, FALSE_ZERO.search(text)
    assert "+0.4 (likely +0.2 to +0.6)" in text  # 0.004 of staff = 0.4 per 100 employees
    assert "+0.004 (likely +0.001 to +0.007)" in text  # 0.00004: no "+0.0"
    assert "How the steps are ordered" in text  # the rule stands where the ranking is
    front = text.split("How this was made")[0]
    for word in (r"\bseed\b", r"\bpp\b", r"impact 0\.", r"integration \+", r"headcount",
                 r"confidence interval"):
        assert not re.search(word, front), word  # no jargon before the method section
    from openpyxl import load_workbook

    assert load_workbook(out / "results.xlsx").sheetnames == ["Next steps", "Forecast"]


@needs_chromium
def test_compare_report_in_chromium_shows_no_false_zero(tmp_path: Path) -> None:
    from simulation.runs.compare import compare

    res = compare([ROOT / "scenarios" / "baseline.toml", ROOT / "scenarios" / "full_time_cm.toml"],
                  replicates=3, seed=4, weeks=30, workers=1, out=tmp_path / "cmp",
                  overrides={"population.headcount": "150"}, progress=False)
    out = res["out"]
    md = (out / "report.md").read_text(encoding="utf-8")
    for part in ("## What was compared", "## Headline differences at the end",
                 "What the band includes:** the 95 % range", "chance in the simulation only",
                 "## Figures", "## Table: values at the end", "community manager: capacity"):
        assert part in md, part
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?:|<link|<script|@import|url\(", page)  # opens offline
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) == 4
    text = render(out / "report.html", tmp_path / "compare.png")
    assert FALSE_ZERO.search(text) is None, FALSE_ZERO.search(text)
    from openpyxl import load_workbook

    wb = load_workbook(out / "results.xlsx", read_only=True)
    assert wb.sheetnames == ["Comparison", "Differences", "Runs"]
    table = pd.read_csv(out / "comparison.csv")
    shares = table[table["metric"].isin(["contributing_embedded", "lapsed", "embedded"])]
    assert (shares["ci_low"] >= 0).all() and (shares["ci_high"] <= 1).all()


def test_progress_lines_say_how_much_is_left() -> None:
    import io

    from simulation.reports.progress import EtaLines

    buf = io.StringIO()
    lines = EtaLines(80, "compare", stream=buf)
    lines.started = 0.0
    lines.done = 20
    assert lines.line(now=10.0) == "compare: 20/80 runs (25 %), about 30 s left"
    lines.done = 80
    assert lines.line(now=200.0) == "compare: 80/80 runs (100 %), done in 3 min"
    for _ in range(5):
        lines.advance()
    assert buf.getvalue().splitlines()[0] == "compare: 80 runs to do"
