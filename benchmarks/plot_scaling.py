"""Log-log scaling plot from one or more ``bench.py --json`` files.

Left: time of one week (median) against headcount, for the full model with
and without Mesa agents, the bare kernel and Mesa's virus_on_network example,
with a slope-1 guide (linear scaling). Right: set-up time and peak memory.
Results for the same size and mode in several files are pooled (the median of
all their runs), so a 1,000,000-person run done separately can join the rest.

Usage::

    python3 benchmarks/plot_scaling.py bench.json [more.json ...] --out docs/img/scaling.png
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any


def pooled(files: list[Path]) -> dict[tuple[int, bool], list[dict[str, Any]]]:
    """All runs by (size, agents), over every file."""
    runs: dict[tuple[int, bool], list[dict[str, Any]]] = defaultdict(list)
    for f in files:
        for res in json.loads(f.read_text())["results"]:
            runs[(res["size"], res["agents"])].extend(res["runs"])
    return runs


def series(runs: dict[tuple[int, bool], list[dict[str, Any]]], agents: bool,
           get: Any) -> tuple[list[int], list[float]]:
    """Sizes and the median of ``get(run)`` over the runs that have it."""
    xs, ys = [], []
    for (size, ag), rs in sorted(runs.items()):
        vals = [v for v in (get(r) for r in rs) if v is not None]
        if ag == agents and vals:
            xs.append(size)
            ys.append(statistics.median(vals))
    return xs, ys


def main(argv: list[str] | None = None) -> int:
    """Draw the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("docs/img/scaling.png"))
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="CPU time (steadier on a shared machine) or wall-clock time")
    opts = ap.parse_args(argv)
    runs = pooled(opts.files)
    cpu = opts.clock == "cpu"
    run_key, setup_key = ("run_cpu_s", "setup_cpu_s") if cpu else ("run_s", "setup_s")
    step_key = "cpu_us_per_agent_step" if cpu else "us_per_agent_step"
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.6))

    def week_s(r: dict[str, Any]) -> float:
        return r[run_key] / r["weeks"]

    def kernel_week_s(r: dict[str, Any]) -> float | None:
        k = r.get("kernel")
        return k[step_key] * r["size"] * 1e-6 if k else None

    def mesa_week_s(r: dict[str, Any]) -> float | None:
        v = r.get("mesa_virus")
        return v[step_key] * r["size"] * 1e-6 if v else None

    lines = [
        ("full model, Mesa agents", True, week_s, "o-", "C0"),
        ("full model, arrays only", False, week_s, "s--", "C1"),
        ("bare kernel (1 mat-vec + few ops)", True, kernel_week_s, "^-", "C2"),
        ("Mesa virus_on_network", True, mesa_week_s, "D-", "C3"),
    ]
    for label, agents, get, style, colour in lines:
        xs, ys = series(runs, agents, get)
        if xs:
            ax.loglog(xs, ys, style, color=colour, label=label)
    xs, ys = series(runs, True, week_s)
    if xs:
        ref = [ys[-1] * x / xs[-1] for x in xs]
        ax.loglog(xs, ref, ":", color="grey", label="slope 1 (linear)")
    ax.set_xlabel("headcount")
    ax.set_ylabel(f"{opts.clock.upper()} seconds per simulated week (median)")
    ax.set_title("Cost of one week")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)

    for label, agents, style, colour in (("set-up, Mesa agents", True, "o-", "C0"),
                                         ("set-up, arrays only", False, "s--", "C1")):
        xs, ys = series(runs, agents, lambda r: r[setup_key])
        if xs:
            bx.loglog(xs, ys, style, color=colour, label=label)
    bx.set_xlabel("headcount")
    bx.set_ylabel(f"set-up, {opts.clock.upper()} seconds (median)")
    bx.grid(True, which="both", alpha=0.3)
    mx = bx.twinx()
    mx.set_yscale("log")
    xs, ys = series(runs, True, lambda r: r["peak_rss_mb"])
    if xs:
        mx.loglog(xs, ys, "x:", color="C4", label="peak memory (MB), Mesa agents")
    mx.set_ylabel("peak resident memory, MB")
    handles = bx.get_legend_handles_labels()[0] + mx.get_legend_handles_labels()[0]
    labels = bx.get_legend_handles_labels()[1] + mx.get_legend_handles_labels()[1]
    bx.legend(handles, labels, fontsize=8, loc="upper left")
    bx.set_title("Set-up time and peak memory")
    fig.suptitle(f"adoptsim scaling, all mechanisms on, 156 weeks (log-log, {opts.clock} time)")
    fig.tight_layout()
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = opts.out.with_name(opts.out.stem + ".tmp.png")
    fig.savefig(tmp, dpi=110)
    tmp.replace(opts.out)
    print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
