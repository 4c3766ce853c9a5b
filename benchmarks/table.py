"""Markdown tables from one or more ``bench.py --json`` files (for docs/performance.md).

Runs for the same size and mode in several files are pooled; every figure is
the median over the runs; ratios are per-run (one process) and then medianed.

Usage::

    python3 benchmarks/table.py bench.json [more.json ...]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from typing import Any

from plot_scaling import pooled


def _med(runs: list[dict[str, Any]], get: Any) -> float | None:
    vals = [v for v in (get(r) for r in runs) if v is not None]
    return statistics.median(vals) if vals else None


def _sub(outer: str, key: str) -> Any:
    return lambda run: run[outer][key] if outer in run else None


def _fmt(v: float | None, spec: str) -> str:
    return "–" if v is None else format(v, spec)


def main(argv: list[str] | None = None) -> int:
    """Print the two tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    opts = ap.parse_args(argv)
    runs = pooled(opts.files)
    print("| people | Mesa agents | runs | set-up s (CPU) | 156 weeks s (CPU) | "
          "µs per agent-week (CPU) | set-up + run s (CPU) | peak memory MB |")
    print("|---:|:---:|---:|---:|---:|---:|---:|---:|")
    for (size, agents), rs in sorted(runs.items(), key=lambda kv: (kv[0][0], not kv[0][1])):
        def m(key: str, rs: list[dict[str, Any]] = rs) -> float | None:
            return _med(rs, lambda r: r.get(key))

        total_cpu = _med(rs, lambda r: r["setup_cpu_s"] + r["run_cpu_s"])
        print(f"| {size:,} | {'yes' if agents else 'no'} | {len(rs)} "
              f"| {_fmt(m('setup_s'), '.2f')} ({_fmt(m('setup_cpu_s'), '.2f')}) "
              f"| {_fmt(m('run_s'), '.1f')} ({_fmt(m('run_cpu_s'), '.1f')}) "
              f"| {_fmt(m('us_per_agent_week'), '.3f')} "
              f"({_fmt(m('cpu_us_per_agent_week'), '.3f')}) "
              f"| {_fmt(m('total_s'), '.1f')} ({_fmt(total_cpu, '.1f')}) "
              f"| {_fmt(m('peak_rss_mb'), '.0f')} |")
    print()
    print("| people | ours µs/agent-week (CPU) | bare kernel µs/agent-step (CPU) | "
          "ours ÷ kernel (CPU) | Mesa virus µs/agent-step (CPU) | Mesa ÷ ours (CPU) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for (size, agents), rs in sorted(runs.items()):
        if not agents or not any("kernel" in r for r in rs):
            continue

        def k(get: Any, rs: list[dict[str, Any]] = rs) -> float | None:
            return _med(rs, get)

        print(f"| {size:,} "
              f"| {_fmt(k(lambda r: r['us_per_agent_week']), '.3f')} "
              f"({_fmt(k(lambda r: r['cpu_us_per_agent_week']), '.3f')}) "
              f"| {_fmt(k(_sub('kernel', 'us_per_agent_step')), '.4f')} "
              f"({_fmt(k(_sub('kernel', 'cpu_us_per_agent_step')), '.4f')}) "
              f"| {_fmt(k(lambda r: r.get('ratio_vs_kernel')), '.1f')} "
              f"({_fmt(k(lambda r: r.get('cpu_ratio_vs_kernel')), '.1f')}) "
              f"| {_fmt(k(_sub('mesa_virus', 'us_per_agent_step')), '.3f')} "
              f"({_fmt(k(_sub('mesa_virus', 'cpu_us_per_agent_step')), '.3f')}) "
              f"| {_fmt(k(lambda r: r.get('mesa_over_ours')), '.2f')} "
              f"({_fmt(k(lambda r: r.get('cpu_mesa_over_ours')), '.2f')}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
