"""Optional dependencies: what each command needs beyond a plain install.

``python3 -m pip install -e .`` installs what ``adoptsim run`` needs (Mesa,
numpy, pandas, matplotlib, ...). Commands that need more ask for it here
before doing any work, so that a missing library is one line naming the
extra to install (exit status 2), not an ImportError traceback half-way
through a sweep. The extras are declared in ``pyproject.toml``:

======================  =====================================================
extra                   for
======================  =====================================================
``experiments``         ``compare``, ``sweep``, ``sensitivity``, ``discover``
                        and Parquet files (pyarrow, SALib, ema-workbench)
``dashboard``           ``adoptsim dashboard`` and Mesa's SolaraViz page
                        (Solara, altair)
``cluster``             ``--dask`` and ``--scheduler`` (Dask distributed)
``all``                 all of the above
``test``                all of the above plus pytest, nbmake, pdoc, ruff
======================  =====================================================
"""

from __future__ import annotations

import importlib.util

from simulation.errors import InputError

# module -> (pip name, extra)
PROVIDED_BY: dict[str, tuple[str, str]] = {
    "pyarrow": ("pyarrow", "experiments"),
    "SALib": ("SALib", "experiments"),
    "ema_workbench": ("ema-workbench", "experiments"),
    "solara": ("solara", "dashboard"),
    "altair": ("altair", "dashboard"),
    "distributed": ("dask[distributed]", "cluster"),
    "pdoc": ("pdoc", "test"),
}


def available(module: str) -> bool:
    """Whether ``module`` can be imported here (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # sys.modules[module] = None, or a broken install
        return False


def need(what: str, *modules: str) -> None:
    """Refuse, in one line, a command whose optional libraries are not installed.

    Args:
        what: the command or feature, as the user knows it (``"adoptsim sweep"``).
        modules: importable module names, keys of :data:`PROVIDED_BY`.

    Raises:
        InputError: naming the missing package and the extra that installs it.
    """
    missing = [m for m in modules if not available(m)]
    if not missing:
        return
    pip, extra = PROVIDED_BY.get(missing[0], (missing[0], "all"))
    names = ", ".join(PROVIDED_BY.get(m, (m, ""))[0] for m in missing)
    raise InputError(f"{what} needs {names}, which is not installed; install it with "
                     f"python3 -m pip install -e \".[{extra}]\" (or \"adoptsim[{extra}]\")")
