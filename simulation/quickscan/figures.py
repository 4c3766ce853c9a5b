"""The quickscan's three figures, as PNG bytes (embedded in report.html, saved beside it).

Same conventions as :mod:`simulation.figures.run`: Okabe-Ito colours, titled,
labelled, legible at half size, built on :class:`matplotlib.figure.Figure`
without pyplot state.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from simulation.figures.run import STYLE  # noqa: E402
from simulation.quickscan.answers import CONDITIONS  # noqa: E402

NOW, STEP, GOOD, GREY = "#D55E00", "#0072B2", "#009E73", "#999999"
WEEKS_PER_MONTH = 52 / 12
LEVELS = ((0, 25, "initial"), (25, 50, "developing"), (50, 75, "established"),
          (75, 100, "mature"))


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def maturity(result: dict[str, Any]) -> bytes:
    """The four conditions now, 0-100, against the maturity levels."""
    scores = result["maturity"]
    names = [CONDITIONS[c] for c in CONDITIONS][::-1]
    values = [scores[c] for c in CONDITIONS][::-1]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 3.6), dpi=130, layout="constrained")
        ax = fig.add_subplot()
        for i, (lo, hi, label) in enumerate(LEVELS):
            ax.axvspan(lo, hi, color="#000000", alpha=0.03 + 0.03 * i, lw=0)
            ax.text((lo + hi) / 2, len(names) - 0.45, label, ha="center", va="bottom",
                    fontsize=10, color="#555555")
        bars = ax.barh(names, values, color=STEP, height=0.55)
        for bar, v in zip(bars, values, strict=True):
            ax.text(min(v + 1.5, 92), bar.get_y() + bar.get_height() / 2, f"{v:.0f}",
                    va="center", fontsize=12, fontweight="bold")
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(names) - 0.1)
        ax.set_xlabel("maturity score (0-100)")
        weakest = min(CONDITIONS, key=lambda c: scores[c])
        ax.set_title(f"Weakest condition: {CONDITIONS[weakest].lower()} "
                     f"({scores[weakest]:.0f} of 100)")
    return _png(fig)


def forecast(result: dict[str, Any]) -> bytes:
    """Share of staff contributing, if nothing changes and with the first next step."""
    f = result["forecast"]
    import numpy as np

    weeks = np.asarray(f["week"], float) / WEEKS_PER_MONTH  # months read better than weeks
    top = next((s for s in result["steps"] if s["key"] == result["top"]), None)
    end = float(np.asarray(f["now_median"])[-13:].mean())
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 4.8), dpi=130, layout="constrained")
        ax = fig.add_subplot()
        ax.fill_between(weeks, f["now_lo"], f["now_hi"], color=NOW, alpha=0.18, lw=0)
        ax.plot(weeks, f["now_median"], color=NOW, lw=2.4, label="if nothing changes")
        if top is not None and "top_median" in f:
            ax.fill_between(weeks, f["top_lo"], f["top_hi"], color=STEP, alpha=0.18, lw=0)
            ax.plot(weeks, f["top_median"], color=STEP, lw=2.4, ls="--",
                    label=f"with: {top['title'].lower()}")
        ax.axvspan(weeks[-1] - 3, weeks[-1], color=GREY, alpha=0.12, lw=0)
        ax.text(weeks[-1] - 1.5, 0.45, "last\n3 months", transform=ax.get_xaxis_transform(),
                ha="center", va="center", fontsize=9, color="#555555")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(0, None)
        ax.set_xlim(0, weeks[-1])
        ax.set_xlabel("months from now")
        ax.set_ylabel("staff contributing or working\nthrough the platform (% of staff)")
        if top is not None and "top_median" in f:
            gain = float(np.asarray(f["top_median"])[-13:].mean()) - end
            ax.set_title(f"{top['title']}: about {gain * 100:+.0f} in 100 staff\n"
                         f"using it lastingly (no change: {end * 100:.0f} in 100)")
        else:
            ax.set_title(f"If nothing changes, about {end * 100:.0f} in 100 staff use it lastingly")
        ax.legend(loc="upper left", frameon=False)
    return _png(fig)


def steps(result: dict[str, Any]) -> bytes:
    """Gain of each next step over no change, with 95 % confidence intervals."""
    sim = [s for s in result["steps"] if not s["in_place"]][::-1]
    panels = [("usage", "gain in lasting use\n(people per 100 employees)", 100.0)]
    if result["impact_available"]:
        panels.append(("impact", "gain in useful exchanges across departments\n"
                                 "(per 100 employees a month)", 1.0))
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9 if len(panels) == 1 else 12, 0.55 * len(sim) + 1.6), dpi=130,
                     layout="constrained")
        axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
        labels = [f"{s['rank']}. {s['title']}" for s in sim]
        for ax, (key, xlabel, scale) in zip(axes, panels, strict=True):
            gain = [s[f"{key}_gain"] * scale for s in sim]
            lo = [(s[f"{key}_gain"] - s[f"{key}_lo"]) * scale for s in sim]
            hi = [(s[f"{key}_hi"] - s[f"{key}_gain"]) * scale for s in sim]
            colours = [GOOD if s[f"{key}_lo"] > 0 else GREY for s in sim]
            ax.barh(labels, gain, xerr=[lo, hi], color=colours, height=0.6,
                    error_kw={"ecolor": "#333333", "capsize": 3, "lw": 1})
            ax.axvline(0, color="#333333", lw=0.8)
            ax.set_xlabel(xlabel)
        first = sim[-1]["title"] if sim else "no step"
        fig.suptitle(f"Do first: {first.lower()}\n(bars: gain over no change; lines: likely "
                     "range; green: clearly positive)", fontsize=13)
    return _png(fig)
