"""The ``adoptsim`` command line: one module per command over shared options.

``main`` is the entry point (``adoptsim = "simulation.cli:main"``).
"""

from simulation.cli.app import main

__all__ = ["main"]
