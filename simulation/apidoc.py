"""Build the API reference (HTML, with pdoc) from the docstrings.

``python3 -m simulation.apidoc [OUT]`` writes it to ``OUT`` (default
``docs/api``; not kept in the repository). The package's ``__all__`` lists
only the public names, which would hide the modules from pdoc, so every
module is named explicitly. ``tests/test_notebooks.py`` builds it in CI.
"""

from __future__ import annotations

import pkgutil
import sys
import warnings
from pathlib import Path

SKIP = {"simulation.__main__"}  # importing it runs the command line


def modules() -> list[str]:
    """Every module of the package, the package first."""
    import simulation

    found = [m.name for m in pkgutil.walk_packages(simulation.__path__, "simulation.")]
    return ["simulation", *sorted(n for n in found if n not in SKIP)]


def build(out: str | Path = "docs/api") -> Path:
    """Write the HTML reference to ``out``; return the path of its index."""
    from simulation.extras import need

    need("the API reference", "pdoc")
    import pdoc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lazy public names and third-party deprecations
        pdoc.pdoc(*modules(), output_directory=Path(out))
    return Path(out) / "index.html"


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else "docs/api"))
