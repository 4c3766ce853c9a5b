"""Benchmark: set-up, per-week cost and peak memory at growing headcounts.

Measures the full model (``benchmarks/all_mechanisms.toml`` by default: every
lever and shock on, data collection included) as ``CommunityModel(sc, seed,
agents=True)`` and, reported separately, ``agents=False`` (arrays only, no
Mesa agents). Beside it, in the same process and on the same machine state:

* **Mesa's own example** ``mesa.examples.basic.virus_on_network`` (sizes up to
  ``--mesa-max``): its ``Network(G)`` would compute a spring layout (minutes
  at 10,000 nodes) and ``nx.erdos_renyi_graph`` is quadratic, so the model is
  built with a seeded ``fast_gnp_random_graph`` (same G(n, p) distribution)
  and ``layout=None``. Its agents and step are Mesa's code, unchanged.
* **A bare kernel**: one CSR mat-vec plus a few vector operations and one
  uniform draw per step, on the same organisation's adjacency; the floor
  any network model in numpy/scipy pays.

Every run happens in a fresh subprocess, so that peak memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the high-water mark) belongs
to that run alone; the high-water mark right after the imports is reported
too. Times are wall-clock (``perf_counter``) and CPU (``process_time``); the
CPU figures are steadier when other processes share the machine. Tables
report medians over ``--repeats``; ratios are computed inside one process
(one run) and then their median is taken.

Usage::

    python3 benchmarks/bench.py --sizes 1000,10000,100000,1000000 --repeats 5 \\
        --large-repeats 1 --json bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "benchmarks" / "all_mechanisms.toml"
LARGE = 500_000  # sizes from here on use --large-repeats


def _maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


# -- the three things measured ---------------------------------------------------------
def bare_kernel(adjacency: Any, weeks: int, seed: int) -> dict[str, float]:
    """One CSR mat-vec + a few vector ops + one uniform draw per step (an SI contagion).

    Uses a float64 copy of the adjacency so that the mat-vec does not upcast
    the matrix on every call: the kernel is the floor, so it gets the best case.
    """
    import numpy as np

    a = adjacency.astype(np.float64)
    n = a.shape[0]
    rng = np.random.default_rng(seed)
    deg = np.maximum(np.diff(a.indptr), 1).astype(np.float64)
    state = np.zeros(n)
    state[: max(1, n // 100)] = 1.0
    start = _clock()
    for _ in range(weeks):
        share = (a @ state) / deg
        hazard = 0.02 + 0.5 * share
        state = np.maximum(state, rng.random(n) < hazard)
    wall, cpu = _since(start)
    steps = n * weeks
    return {"run_s": wall, "run_cpu_s": cpu, "us_per_agent_step": 1e6 * wall / steps,
            "cpu_us_per_agent_step": 1e6 * cpu / steps, "final_share": float(state.mean())}


def mesa_virus(n: int, steps: int, seed: int) -> dict[str, float]:
    """Mesa's virus_on_network example at ``n`` nodes, ``steps`` steps (its own code)."""
    import networkx as nx
    from mesa.discrete_space import Network
    from mesa.examples.basic.virus_on_network import model as vmod

    class _FastNx:  # erdos_renyi_graph -> the same G(n, p), in linear time, seeded
        def __getattr__(self, name: str) -> Any:
            return getattr(nx, name)

        @staticmethod
        def erdos_renyi_graph(n: int, p: float) -> nx.Graph:
            return nx.fast_gnp_random_graph(n, p, seed=seed)

    def network(*args: Any, **kwargs: Any) -> Network:
        return Network(*args, layout=None, **kwargs)

    saved = vmod.nx, vmod.Network
    vmod.nx, vmod.Network = _FastNx(), network
    try:
        start = _clock()
        model = vmod.VirusOnNetwork(num_nodes=n, rng=seed)
        setup = _since(start)
    finally:
        vmod.nx, vmod.Network = saved
    start = _clock()
    for _ in range(steps):
        model.step()
    wall, cpu = _since(start)
    total = n * steps
    return {"setup_s": setup[0], "run_s": wall, "run_cpu_s": cpu, "steps": steps,
            "us_per_agent_step": 1e6 * wall / total, "cpu_us_per_agent_step": 1e6 * cpu / total}


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement in this (fresh) process: our model, then the comparisons."""
    import mesa  # noqa: F401  (imports are not part of set-up)
    import numpy as np  # noqa: F401

    sys.path.insert(0, str(ROOT))
    from simulation.engine.model import CommunityModel
    from simulation.scenario.files import load_scenario

    out: dict[str, Any] = {"size": args.size, "agents": bool(args.agents), "seed": args.seed,
                           "weeks": args.weeks, "rss_after_imports_mb": _maxrss_mb()}
    # The compiled kernels (numba) load once per process, as in a batch of runs:
    # a small untimed run first, its cost reported apart (``warmup_s``).
    start = _clock()
    small = load_scenario(args.scenario, {"population.headcount": 300, "weeks": 30})
    CommunityModel(small, seed=args.seed, agents=False).run()
    out["warmup_s"], out["warmup_cpu_s"] = _since(start)
    measures = args.measures.split(",") if args.measures else None
    out["measures"] = args.measures or "all"
    sc = load_scenario(args.scenario, {"population.headcount": args.size})
    start = _clock()
    model = CommunityModel(sc, seed=args.seed, agents=bool(args.agents), measures=measures)
    out["setup_s"], out["setup_cpu_s"] = _since(start)
    out["rss_after_setup_mb"] = _maxrss_mb()
    start = _clock()
    frame = model.run(args.weeks)
    out["run_s"], out["run_cpu_s"] = _since(start)
    out["peak_rss_mb"] = _maxrss_mb()
    agent_weeks = args.size * args.weeks
    out["week_ms"] = 1e3 * out["run_s"] / args.weeks
    out["us_per_agent_week"] = 1e6 * out["run_s"] / agent_weeks
    out["cpu_us_per_agent_week"] = 1e6 * out["run_cpu_s"] / agent_weeks
    out["total_s"] = out["setup_s"] + out["run_s"]
    out["rows"] = len(frame)
    out["n_agents"] = len(model.agents)
    out["edges"] = int(model.adjacency.nnz // 2)
    if args.compare:
        kern = bare_kernel(model.adjacency, args.weeks, args.seed)
        out["kernel"] = kern
        out["ratio_vs_kernel"] = out["us_per_agent_week"] / kern["us_per_agent_step"]
        out["cpu_ratio_vs_kernel"] = out["cpu_us_per_agent_week"] / kern["cpu_us_per_agent_step"]
        if args.size <= args.mesa_max:
            del model, frame
            mv = mesa_virus(args.size, args.weeks, args.seed)
            out["mesa_virus"] = mv
            out["mesa_over_ours"] = mv["us_per_agent_step"] / out["us_per_agent_week"]
            out["cpu_mesa_over_ours"] = (mv["cpu_us_per_agent_step"]
                                         / out["cpu_us_per_agent_week"])
    return out


# -- the driver ---------------------------------------------------------------------------
MEDIAN_KEYS = ("setup_s", "setup_cpu_s", "run_s", "run_cpu_s", "week_ms", "us_per_agent_week",
               "cpu_us_per_agent_week", "total_s", "peak_rss_mb", "rss_after_imports_mb",
               "ratio_vs_kernel", "cpu_ratio_vs_kernel", "mesa_over_ours", "cpu_mesa_over_ours")
NESTED = {"kernel": ("us_per_agent_step", "cpu_us_per_agent_step"),
          "mesa_virus": ("us_per_agent_step", "cpu_us_per_agent_step", "setup_s")}


def _median(runs: list[dict[str, Any]]) -> dict[str, float]:
    med: dict[str, float] = {}
    for key in MEDIAN_KEYS:
        vals = [r[key] for r in runs if key in r]
        if vals:
            med[key] = statistics.median(vals)
    for outer, keys in NESTED.items():
        for key in keys:
            vals = [r[outer][key] for r in runs if outer in r]
            if vals:
                med[f"{outer}_{key}"] = statistics.median(vals)
    return med


def _run_worker(size: int, agents: bool, seed: int, opts: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--size", str(size),
           "--agents", str(int(agents)), "--seed", str(seed), "--weeks", str(opts.weeks),
           "--scenario", str(opts.scenario), "--mesa-max", str(opts.mesa_max),
           "--measures", opts.measures or ""]
    if (agents or opts.measures) and not opts.no_compare:  # batch runs compare too
        cmd.append("--compare")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench worker failed (size {size}, agents {agents}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import mesa
    import numpy as np
    import scipy

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "platform": platform.platform(),
            "python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "mesa": mesa.__version__,
            "loadavg_start": list(os.getloadavg())}


def main(argv: list[str] | None = None) -> int:
    """Parse the options; run the workers (or be one)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--large-repeats", type=int, default=None,
                    help=f"repeats for sizes >= {LARGE:,} (default: --repeats)")
    ap.add_argument("--weeks", type=int, default=156)
    ap.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    ap.add_argument("--modes", default="agents,arrays",
                    help="agents (agents=True), arrays (agents=False), or both")
    ap.add_argument("--mesa-max", type=int, default=10_000,
                    help="largest size at which Mesa's virus_on_network runs alongside")
    ap.add_argument("--no-compare", action="store_true", help="skip Mesa and the bare kernel")
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--measures", default="",
                    help="comma-separated columns to record, as a batch run does (default: all)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--agents", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--compare", action="store_true", help=argparse.SUPPRESS)
    opts = ap.parse_args(argv)
    if opts.worker:
        print(json.dumps(worker(opts)))
        return 0
    sizes = [int(s.replace("_", "")) for s in opts.sizes.split(",") if s.strip()]
    modes = [m.strip() for m in opts.modes.split(",") if m.strip()]
    large = opts.large_repeats if opts.large_repeats is not None else opts.repeats
    report: dict[str, Any] = {"command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
                              "scenario": str(Path(opts.scenario).resolve().relative_to(ROOT))
                              if Path(opts.scenario).resolve().is_relative_to(ROOT)
                              else str(opts.scenario),
                              "weeks": opts.weeks, "machine": machine(), "results": []}
    for size in sizes:
        for mode in modes:
            agents = mode == "agents"
            reps = large if size >= LARGE else opts.repeats
            runs = [_run_worker(size, agents, seed, opts) for seed in range(1, reps + 1)]
            med = _median(runs)
            report["results"].append({"size": size, "agents": agents, "repeats": reps,
                                      "median": med, "runs": runs})
            line = (f"{size:>9,} {mode:<6} set-up {med['setup_s']:7.2f} s  "
                    f"run {med['run_s']:8.2f} s  {med['us_per_agent_week']:.3f} us/agent-week  "
                    f"peak {med['peak_rss_mb']:7.0f} MB")
            if "ratio_vs_kernel" in med:
                line += f"  x kernel {med['ratio_vs_kernel']:.1f}"
            if "mesa_over_ours" in med:
                line += f"  Mesa/ours {med['mesa_over_ours']:.1f}"
            print(line, flush=True)
    report["machine"]["loadavg_end"] = list(os.getloadavg())
    if opts.json:
        path = Path(opts.json)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(report, indent=1))
        tmp.replace(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
