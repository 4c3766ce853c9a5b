"""Figure of the coverage study: each dataset's 90 % interval against its true value.

Reads docs/bench/calibration_coverage.json (benchmarks/calibration_coverage.py)
and writes docs/img/calibration_coverage.png. Run from the repository root:
    python3 benchmarks/calibration_coverage_figure.py
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from simulation.figures.run import STYLE, save_figure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BLUE, VERMILLION = "#0072B2", "#D55E00"  # Okabe-Ito
LABEL = {"dynamics.bias": "baseline reluctance (dynamics.bias, utility)",
         "dynamics.novelty": "launch honeymoon (dynamics.novelty, utility)"}


def main() -> None:
    """Draw one panel per fitted key: intervals sorted by the truth, misses in vermillion."""
    data = json.loads((ROOT / "docs" / "bench" / "calibration_coverage.json").read_text())
    keys = list(data["per_key"])
    inside = sum(r["inside"] for r in data["rows"])
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(11, 5.2), layout="constrained")
        axes = fig.subplots(1, len(keys), squeeze=False)[0]
        for ax, key in zip(axes, keys, strict=True):
            rows = sorted((r for r in data["rows"] if r["key"] == key), key=lambda r: r["truth"])
            for i, r in enumerate(rows):
                colour = BLUE if r["inside"] else VERMILLION
                ax.plot([r["low"], r["high"]], [i, i], color=colour, linewidth=3,
                        solid_capstyle="butt")
                ax.plot(r["truth"], i, "|", color="#000000", markersize=12, markeredgewidth=2)
            lo, hi = (float(x) for x in next(f.split("=")[1].split(":") for f in data["fit"]
                                             if f.startswith(key)))
            ax.set_xlim(lo, hi)
            share = data["per_key"][key]
            ax.set_title(f"{LABEL.get(key, key)}\ntruth inside in {share:.0%} of "
                         f"{len(rows)} datasets", fontsize=12)
            ax.set_xlabel("value (the x-axis spans the prior)")
            ax.set_yticks([])
            ax.set_ylabel("datasets, sorted by their true value")
            ax.grid(axis="x", alpha=0.3)
        axes[0].plot([], [], color=BLUE, linewidth=3, label="90 % interval holds the truth")
        axes[0].plot([], [], color=VERMILLION, linewidth=3, label="misses it")
        axes[0].plot([], [], "|", color="#000000", markersize=12, markeredgewidth=2,
                     label="true value")
        fig.legend(loc="outside lower center", ncol=3, frameon=False)
        fig.suptitle(f"The 90 % intervals hold the truth in {inside} of {len(data['rows'])} "
                     f"cases ({inside / len(data['rows']):.0%}); the misses sit near the "
                     "prior's edges")
        save_figure(fig, ROOT / "docs" / "img" / "calibration_coverage.png")


if __name__ == "__main__":
    main()
