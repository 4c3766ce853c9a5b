"""``python3 -m simulation`` is the same as the ``adoptsim`` command."""

import sys

try:
    from simulation.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting: nothing was read or written yet
    print("error: interrupted; nothing written", file=sys.stderr)
    sys.exit(130)

main()
