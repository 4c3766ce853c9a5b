"""Where one run's time goes: inclusive time per part of the week, per headcount.

A profiler (pyinstrument, py-spy) shows the call tree but inflates the cost of
many small calls, which is exactly what dominates at 1,000 people. This script
instead wraps the parts of the week named in ``simulation.engine.model`` (each lever's
``prepare``/``act``/``report``, ``people_step`` and its helpers, the
organisational change and its sparse work, the measurement) with a timer and
runs the model as usual. Times are CPU seconds (``process_time``), which
other processes on a shared machine disturb less than wall time. Times are
inclusive: ``change.step`` contains ``change.update_influence`` and
``model.refresh_adjacency``.

Usage::

    python3 benchmarks/breakdown.py --sizes 1000,10000,100000 [--agents] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "benchmarks" / "all_mechanisms.toml"


def instrument(totals: dict[str, float], calls: dict[str, int]) -> Callable[[], None]:
    """Wrap the parts of the week with timers; return a function that undoes it."""
    sys.path.insert(0, str(ROOT))
    from simulation.engine import dynamics, model
    from simulation.engine import organisational_change as change
    from simulation.engine.context import Context
    from simulation.levers import LEVERS
    from simulation.measures import recorder as metrics

    undo: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attr: str, label: str) -> None:
        fn = getattr(owner, attr, None)
        if fn is None:  # not in this version of the model
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[label] += time.process_time() - t0
                calls[label] += 1

        undo.append((owner, attr, fn))
        setattr(owner, attr, timed)

    wrap(model.CommunityModel, "step", "step (whole week)")
    wrap(Context, "new_week", "context.new_week")
    for cls in LEVERS:
        for hook in ("prepare", "act", "report"):
            if hook in vars(cls):
                wrap(cls, hook, f"levers.{cls.name}.{hook}")
    wrap(dynamics, "people_step", "dynamics.people_step")
    for fn in ("exposure", "utility", "manager_signal"):
        wrap(dynamics, fn, f"dynamics.people_step > {fn}")
    wrap(change.OrganisationalChange, "step", "change.step")  # called by its act()
    wrap(change.OrganisationalChange, "update_influence", "change.step > update_influence")
    for attr in ("update_hierarchy", "_new_platform_ties"):  # present in some versions
        wrap(change.OrganisationalChange, attr, f"change.step > {attr}")
    wrap(getattr(change, "ImpactTracker", None), "step", "change.step > impact")
    wrap(model.CommunityModel, "refresh_adjacency", "change.step > model.refresh_adjacency")
    wrap(change, "symmetric", "change.step > organisation.symmetric")
    wrap(model.CommunityModel, "_record", "model._record (measurement)")
    wrap(model, "core_metrics", "model._record > metrics.core_metrics")
    wrap(change.OrganisationalChange, "report", "model._record > change.report")
    wrap(metrics.Recorder, "record", "model._record > Recorder.record")
    wrap(model.CommunityModel, "timeseries", "timeseries (frame at the end)")

    def restore() -> None:
        for owner, attr, fn in reversed(undo):
            setattr(owner, attr, fn)

    return restore


def breakdown(size: int, scenario: str, agents: bool, weeks: int, seed: int = 1,
              measures: list[str] | None = None) -> dict[str, Any]:
    """Run once at ``size`` with timers on; inclusive seconds per part and its share."""
    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    sys.path.insert(0, str(ROOT))
    from simulation.engine.model import CommunityModel
    from simulation.scenario.files import load_scenario

    sc = load_scenario(scenario, {"population.headcount": size})
    # Mesa binds ``step`` when the model is created, so the timers go in first;
    # what they caught during set-up is then discarded.
    # A first, untimed run loads the compiled kernels (numba) into the process.
    CommunityModel(sc, seed=seed, agents=False, measures=measures).run(30)
    restore = instrument(totals, calls)
    try:
        t0 = time.process_time()
        model = CommunityModel(sc, seed=seed, agents=agents, measures=measures)
        setup = time.process_time() - t0
        totals.clear()
        calls.clear()
        t0 = time.process_time()
        model.run(weeks)
        run = time.process_time() - t0
    finally:
        restore()
    parts = {k: {"s": v, "share": v / run, "ms_per_week": 1e3 * v / weeks, "calls": calls[k]}
             for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}
    return {"size": size, "agents": agents, "weeks": weeks, "setup_s": setup, "run_s": run,
            "parts": parts}


def main(argv: list[str] | None = None) -> int:
    """Print the breakdown for each size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    ap.add_argument("--weeks", type=int, default=156)
    ap.add_argument("--agents", action="store_true", help="create the Mesa agents too")
    ap.add_argument("--json", default=None)
    ap.add_argument("--measures", default=None,
                    help="comma-separated columns to record (a batch run's), default all")
    opts = ap.parse_args(argv)
    out = []
    for size in (int(s) for s in opts.sizes.split(",")):
        measures = opts.measures.split(",") if opts.measures else None
        res = breakdown(size, opts.scenario, opts.agents, opts.weeks, measures=measures)
        out.append(res)
        print(f"\n{size:,} people, {opts.weeks} weeks: set-up {res['setup_s']:.2f} s, "
              f"run {res['run_s']:.2f} s ({1e3 * res['run_s'] / opts.weeks:.2f} ms/week)")
        for name, part in res["parts"].items():
            print(f"  {part['share']:6.1%}  {part['ms_per_week']:8.3f} ms/week  {name}")
    if opts.json:
        Path(opts.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
