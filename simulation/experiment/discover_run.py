"""``adoptsim discover``: a sweep folder in, a result folder out.

Reads the sweep's manifest and finished runs, runs
:func:`simulation.experiment.discover.discover` and writes, in one folder
(atomically, manifest kind ``discover``): ``boxes.csv`` (one row per
restricted lever per box), ``tradeoff.csv`` (the peeling trajectory),
``boxes.md`` (the boxes as a Markdown table, for a report), ``tradeoff.png``
and ``boxes.png``. Every column is described in docs/experiments.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.errors import InputError
from simulation.experiment.discover import DEFAULT_DENSITY, Discovery, discover


def read_sweep(folder: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """The manifest and the finished runs of a sweep folder, or a one-line error."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder; expected the --out folder of "
                         "'adoptsim sweep'")
    path = folder / "manifest.json"
    if not path.is_file() or not (folder / "runs").is_dir():
        raise InputError(f"{folder}: not an adoptsim sweep (no manifest.json and runs/); "
                         "expected the --out folder of 'adoptsim sweep'")
    from simulation.inputs import read_text

    try:
        manifest = json.loads(read_text(path, "sweep manifest", 64 * 2**20))
    except ValueError:
        raise InputError(f"{path}: not a sweep manifest adoptsim wrote (not valid "
                         "JSON)") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("factors"), list):
        raise InputError(f"{path}: not a sweep manifest adoptsim wrote (no 'factors' list)")
    if "method" in manifest:
        raise InputError(f"{folder}: holds a sensitivity analysis (its points follow the "
                         "Sobol or Morris design, not the lever space); run 'adoptsim sweep' "
                         "on the experiment and discover on that folder")
    from simulation.experiment.store import read_runs

    runs = read_runs(folder)
    if "status" in runs.columns:
        runs = runs[runs["status"] == "ok"]
    if runs.empty:
        raise InputError(f"{folder}: holds no finished run yet; run or resume the sweep first")
    return manifest, runs.reset_index(drop=True)



def write(result: Discovery, out: Path, *, plots: bool = True) -> Path:
    """Write the tables and figures of ``result`` into ``out`` (atomically)."""
    from simulation.outputs import check_out, staged

    out = Path(out)
    check_out(out, "discover")
    with staged(out, "discover") as tmp:
        result.table().to_csv(tmp / "boxes.csv", index=False)
        result.trajectory.to_csv(tmp / "tradeoff.csv", index=False)
        (tmp / "boxes.md").write_text(result.markdown(), encoding="utf-8")
        if plots:
            from simulation.experiment.discover_plots import boxes_figure, tradeoff_figure

            tradeoff_figure(result, tmp / "tradeoff.png")
            boxes_figure(result, tmp / "boxes.png")
    return out


def run_discover(folder: str | Path, metric: str, *, above: float | None = None,
                 below: float | None = None, out: str | Path | None = None,
                 density: float = DEFAULT_DENSITY, boxes: int = 1, mass_min: float = 0.05,
                 significance: float = 0.05, plots: bool = True) -> tuple[Discovery, Path]:
    """``adoptsim discover``: read a sweep folder, run PRIM, write the results.

    The default ``out`` is ``<folder>-discover-<metric>`` beside the sweep
    (a sweep folder is only ever added to by ``--resume``).
    """
    from simulation.extras import need

    need("adoptsim discover", "ema_workbench", "pyarrow")
    folder = Path(folder)
    manifest, runs = read_sweep(folder)
    result = discover(runs, list(manifest["factors"]), metric, above=above, below=below,
                      density=density, boxes=boxes, mass_min=mass_min,
                      significance=significance)
    target = (Path(out) if out is not None
              else folder.with_name(f"{folder.resolve().name}-discover-{metric}"))
    return result, write(result, target, plots=plots)
