"""``python3 -m simulation`` is the same as the ``adoptsim`` command."""

from simulation.cli import main

main()
