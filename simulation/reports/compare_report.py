"""The ``adoptsim compare`` report: report.html (self-contained) and report.md.

A consultant should not assemble PNGs and CSV cells by hand. The report says
what was compared (the scenarios, what differs between them, how many
simulated futures), gives the headline differences against the first
scenario with their 95 % bands and says what those bands include (chance in
the simulation only: the same futures, paired; not doubt about the model's
parameters or structure), shows the figures, and ends with the table. It is
built once as blocks and rendered twice (:mod:`simulation.reports.render`), so the
Markdown and the HTML cannot tell different stories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.reports.labels import is_share, label, measure
from simulation.reports.numbers import decimals_for, num, span

# The differences a manager asks about first, in this order.
HEADLINE = ("contributing_embedded", "active", "lapsed", "adopted_ever", "impact_per_100_month",
            "relapses_per_head")
FIGURES = (("contributing_embedded.png", "Contributing or working through it"),
           ("active.png", "Using it"), ("lapsed.png", "Fell back into old habits"),
           ("relapses.png", "Relapses so far per person"))


def flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested mapping as dotted keys (``community_manager.fte``)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat(value, f"{name}."))
        else:
            out[name] = value
    return out


def differing_settings(scenarios: Sequence[Any]) -> list[tuple[str, list[str]]]:
    """Settings whose value differs between scenarios: (key, one value per scenario)."""
    dumps = [flat(sc.model_dump(mode="json", warnings=False)) for sc in scenarios]
    keys = sorted(set().union(*dumps))
    rows = []
    for key in keys:
        if key in ("name", "description"):
            continue
        values = [d.get(key) for d in dumps]
        if any(v != values[0] for v in values[1:]):
            rows.append((key, ["(not set)" if v is None else str(v) for v in values]))
    return rows


def shown_path(path: str) -> str:
    """A scenario file as the reader typed it: relative to the current folder when inside it."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def setting_label(key: str) -> str:
    """``community_manager.capacity`` -> ``community manager: capacity``."""
    section, _, name = key.rpartition(".")
    text = name.replace("_", " ")
    return f"{section.replace('_', ' ').replace('.', ': ')}: {text}" if section else text


def show(metric: str, value: float, signed: bool = False) -> str:
    """A value in the measure's unit: shares as % of staff (never a false zero)."""
    if not np.isfinite(value):
        return "n/a"
    if is_share(metric):
        return num(100 * value, 1, signed) + " %"
    return num(value, 2 if abs(value) < 10 else 1, signed)


def difference(metric: str, value: float) -> str:
    """A difference in its unit: shares in percentage points of staff (or of managers)."""
    unit = measure(metric).unit
    if is_share(metric):
        return f"{num(100 * value, 1, True)} {unit.replace('% of', 'percentage points of')}"
    return f"{num(value, 2, True)} {unit}".rstrip()


def band(metric: str, lo: float, hi: float, signed: bool = True) -> str:
    """A 95 % band in the measure's unit, both ends at one precision.

    ``signed`` bands are differences (shares in percentage points); unsigned
    ones are levels (shares in %).
    """
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return "no band (one future only)"
    share = is_share(metric)
    scale = 100 if share else 1
    base = 1 if share else 2
    d = max(decimals_for(scale * lo, base) if lo else base,
            decimals_for(scale * hi, base) if hi else base)
    unit = (" points" if signed else " %") if share else ""
    return span(scale * lo, scale * hi, d, signed) + unit


def outline(labels: Sequence[str], files: Sequence[str], scenarios: Sequence[Any],
            table: pd.DataFrame, diffs: pd.DataFrame, *, replicates: int, seed: int,
            figures: Sequence[str], statement: str | None = None) -> list[tuple[Any, ...]]:
    """The comparison report as blocks (see :mod:`simulation.reports.render`).

    ``statement`` replaces "chance only" when the futures also drew their parameters.
    """
    spread = "chance" if statement is None else "chance and parameters"
    weeks = max(int(sc.weeks) for sc in scenarios)
    years = weeks / 52
    horizon = f"{years:.1f} years ({weeks} weeks)" if years >= 1 else f"{weeks} weeks"
    heads = sorted({int(sc.population.headcount) for sc in scenarios})
    blocks: list[tuple[Any, ...]] = [
        ("h1", "Comparison: " + " vs ".join(labels)),
        ("p", f"{len(labels)} scenarios, each simulated {replicates} times over {horizon}, "
              f"{' / '.join(f'{h:,}' for h in heads)} people. Future *i* uses the same chance "
              f"events in every scenario (seed {seed}), so a difference is the scenarios' own "
              "effect, not luck."),
        ("h2", "What was compared"),
        ("table", ["scenario", "file", "description"],
         [[lab, shown_path(f), (sc.description or "").strip() or "-"]
          for lab, f, sc in zip(labels, files, scenarios, strict=True)]),
    ]
    settings = differing_settings(scenarios)
    if settings:
        blocks += [("p", "Settings that differ between the scenarios:"),
                   ("table", ["setting", *labels],
                    [[setting_label(k), *(x.replace("_", " ") for x in v)]
                     for k, v in settings[:40]])]
        if len(settings) > 40:
            blocks.append(("p", f"... and {len(settings) - 40} more settings."))
    elif len(labels) > 1:
        blocks.append(("p", "The scenario files set the same values."))
    # Headline differences.
    blocks.append(("h2", "Headline differences at the end"))
    if len(labels) < 2 or diffs.empty:
        blocks.append(("p", "Only one scenario: nothing to compare against."))
    else:
        ref = labels[0]
        blocks.append(("p", f"Each scenario minus **{ref}**, at the end of the horizon, averaged "
                            f"over the {replicates} paired futures. **What the band includes:** "
                            + ("the 95 % range of that average difference due to chance in the "
                               "simulation only. It does not include doubt about the model's "
                               "parameters or its structure; those are tested with "
                               "adoptsim sensitivity and adoptsim validate." if statement is None
                               else "the 95 % range of that average difference. " + statement)))
        items = []
        for name in labels[1:]:
            one = diffs[diffs["name"] == name].set_index("metric")
            for metric in HEADLINE:
                if metric not in one.index:
                    continue
                row = one.loc[metric]
                clear = (row["ci_low"] > 0 or row["ci_high"] < 0)
                verdict = "clear" if clear else "not clear: the band includes zero"
                items.append(f"**{name}**, {label(metric)}: {difference(metric, row['mean'])} "
                             f"(band {band(metric, row['ci_low'], row['ci_high'])}; {verdict})")
        blocks.append(("ul", items))
    # Figures.
    blocks.append(("h2", "Figures"))
    blocks.append(("p", "Lines: the average over the futures; dark band: where the average "
                        f"lies (95 %, {spread}{' only' if statement is None else ''}); "
                        "light band: where one organisation's path may go (5-95 % of the "
                        "futures)."))
    for name in figures:
        blocks.append(("img", name, dict(FIGURES).get(name, name)))
    # The table.
    blocks.append(("h2", "Table: values at the end"))
    rows = []
    last = table[table["metric"].isin(HEADLINE)]
    for metric in HEADLINE:
        for _, r in last[last["metric"] == metric].iterrows():
            rows.append([label(metric), r["name"], show(metric, r["mean"]),
                         band(metric, r["ci_low"], r["ci_high"], signed=False),
                         measure(metric).unit])
    blocks.append(("table", ["measure", "scenario", "average at the end", f"95 % band ({spread})",
                             "unit"], rows))
    blocks.append(("p", "Every measure, every week and every future: comparison.csv, "
                        "differences.csv, runs.csv and results.xlsx in this folder."))
    return blocks


def write(folder: Path, labels: Sequence[str], files: Sequence[str], scenarios: Sequence[Any],
          table: pd.DataFrame, diffs: pd.DataFrame, *, replicates: int, seed: int,
          footer: str = "", statement: str | None = None) -> None:
    """Write report.md and the self-contained report.html into ``folder``."""
    from simulation.reports.render import to_html, to_markdown

    figures = [name for name, _ in FIGURES if (folder / name).is_file()]
    blocks = outline(labels, files, scenarios, table, diffs, replicates=replicates, seed=seed,
                     figures=figures, statement=statement)
    md = to_markdown(blocks) + (f"\n---\n{footer}\n" if footer else "")
    (folder / "report.md").write_text(md, encoding="utf-8")
    images = {name: (folder / name).read_bytes() for name in figures}
    (folder / "report.html").write_text(to_html(blocks, images, footer), encoding="utf-8")


def write_outputs(folder: Path, labels: Sequence[str], files: Sequence[str],
                  scenarios: Sequence[Any], table: pd.DataFrame, runs: pd.DataFrame,
                  diffs: pd.DataFrame, *, replicates: int, seed: int,
                  statement: str | None = None) -> None:
    """results.xlsx and the report, beside comparison.csv (called inside the staged folder).

    ``statement``: what the bands include when every future also draws its
    parameters (``--posterior``, ``--prior-uncertainty``); without it the report
    says the bands are chance only.

    ``diffs`` are the paired differences of ``runs`` against the first
    scenario (``runs.compare.paired_differences``), passed in so that this
    module does not reach back into the runs layer.
    """
    from simulation.outputs import package_version
    from simulation.xlsx import write_tables

    sheets = {"Comparison": readable(table), "Differences": readable(diffs)}
    if len(runs) <= 200_000:  # Excel's sheet holds 1,048,576 rows; keep the file openable
        sheets["Runs"] = runs
    write_tables(folder / "results.xlsx", sheets)
    footer = (f"adoptsim {package_version()} compare, {replicates} futures per scenario, "
              f"seed {seed}.")
    write(folder, labels, files, scenarios, table, diffs, replicates=replicates, seed=seed,
          footer=footer, statement=statement)


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A table with a human label and unit beside each metric code."""
    if "metric" not in table.columns:
        return table
    out = table.copy()
    at = list(out.columns).index("metric") + 1
    out.insert(at, "measure", [label(m) for m in out["metric"]])
    out.insert(at + 1, "unit", [measure(m).unit.replace("% of", "share of") for m in out["metric"]])
    return out
