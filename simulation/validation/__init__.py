"""Validation against published results (report: docs/validation.md).

One module per target family, each with ``run(settings) -> Section``:
``bass`` (§1 Bass, §2 Rogers), ``threshold`` (§3 Granovetter), ``contagion``
(§4 Centola & Macy, Eckles), ``participation`` (§5), ``factors`` (§6),
``habit`` (§7), ``hierarchy`` (§8 flattening, §9 organisation shape);
``enterprise`` (P1-P8: the full model against enterprise platforms' benchmarks);
``runs`` holds the shared full-model runs and ``report`` writes the Markdown.

``adoptsim validate [--out DIR] [--quick]`` calls :func:`validate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulation.errors import InputError
from simulation.outputs import check_out

if TYPE_CHECKING:
    from simulation.validation.common import Section, Settings

__all__ = ["Check", "Section", "Settings", "run_all", "validate"]


def __getattr__(name: str) -> Any:
    """Import the record types on first use (keeps ``adoptsim --help`` fast)."""
    if name in ("Check", "Section", "Settings"):
        from simulation.validation import common

        return getattr(common, name)
    raise AttributeError(f"module 'simulation.validation' has no attribute {name!r}")


def run_all(settings: Settings) -> list[Section]:
    """Run every check in target order."""
    from simulation.validation import (
        bass,
        contagion,
        enterprise,
        factors,
        habit,
        hierarchy,
        participation,
        threshold,
    )
    from simulation.validation.runs import full_run

    full_run.cache_clear()
    s1, s2 = bass.run(settings)
    sections = [s1, s2, threshold.run(settings), contagion.run(settings),
                participation.run(settings), factors.run(settings), habit.run(settings),
                hierarchy.run_hierarchy(settings), hierarchy.run_shape(settings),
                enterprise.run(settings)]
    full_run.cache_clear()
    return sections


def validate(out: Path | str = Path("results/validation"), quick: bool = False,
             command: str | None = None) -> tuple[Path, list[Section]]:
    """Run all checks and write ``out/report.md`` with figures in ``out/img``.

    Args:
        out: the report folder, replaced as a whole when the run completes; or a
            ``.md`` file (figures go to ``img/<stem>/`` beside it), e.g.
            ``docs/validation.md``.
        quick: smaller populations and fewer seeds (about a minute; the test suite).
        command: the command line shown in the report.

    Returns:
        The report's path and the sections (for callers that inspect results).
    """
    from simulation.validation.common import Settings
    from simulation.validation.report import check_single, single_file, write_report

    out = Path(out)
    if single_file(out):  # a single report file, figures in img/<stem>/ beside it
        if out.is_dir():
            raise InputError(f"--out {out}: is a folder; a .md path names the report file")
        check_single(out)
    else:
        check_out(out, "validate")
    cmd = command or f"adoptsim validate --out {out}" + (" --quick" if quick else "")
    return write_report(out, lambda figdir: run_all(Settings(quick=quick, figdir=figdir)),
                        cmd, quick)
