"""How a measure is shown to a person: its label, its unit in words, and whether it is a share.

The words themselves live in one place, :mod:`simulation.measures.catalogue`;
this module only turns a catalogue entry into what a report, a workbook or a
table cell prints: shares of headcount read "% of staff" (a client's unit),
other shares "% of managers", "% of ties"..., and a name the catalogue does
not declare (a scenario setting such as ``community_manager.fte``) still gets
readable words instead of a code.
"""

from __future__ import annotations

from typing import NamedTuple

from simulation.measures.catalogue import CATALOGUE, SHARE


class Measure(NamedTuple):
    """How a measure is named and shown."""

    label: str
    unit: str
    kind: str  # share | other


def shown_unit(unit: str) -> str:
    """A catalogue unit in a reader's words: ``share of headcount`` -> ``% of staff``."""
    if unit == SHARE:
        return "% of staff"
    if unit.startswith("share of "):
        return "% of " + unit.removeprefix("share of ")
    return unit


def measure(name: str) -> Measure:
    """The catalogue entry of ``name`` as shown; an undeclared name gets readable words."""
    m = CATALOGUE.get(name)
    if m is not None:
        return Measure(m.label, shown_unit(m.unit), "share" if m.is_share else "other")
    section, _, key = name.rpartition(".")
    text = key.replace("_", " ")
    return Measure(f"{text} ({section.replace('_', ' ')})" if section else text, "", "other")


def label(name: str) -> str:
    """The human label of a measure or a scenario key."""
    return measure(name).label


def is_share(name: str) -> bool:
    """Whether the measure is a share (0-1), shown in % and bounded to [0, 1]."""
    return measure(name).kind == "share"
