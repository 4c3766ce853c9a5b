"""The levers on the dashboard, described once as data.

Each :class:`Control` names a scenario key, how to show it (slider, switch or
choice) and how to read its current value from a scenario. The page builds
its widgets from :data:`CONTROLS`; a moved control becomes a dotted-key
override, exactly as ``--set key=value`` on the command line, so the
dashboard, the CLI and the scenario files speak the same language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from simulation.scenario.schema import Scenario


def _integration_level(sc: Scenario) -> float:
    """The integration level the schedule reaches (its last step)."""
    return float(sc.integration.schedule[-1][1]) if sc.integration.schedule else 0.0


@dataclass(frozen=True)
class Control:
    """One lever on the page.

    Attributes:
        key: dotted scenario key the control overrides.
        label: what the class reads next to the widget.
        kind: ``float`` / ``int`` slider, ``bool`` switch or ``choice``.
        low, high, step: slider range.
        choices: the options of a ``choice`` (the scenario's values).
        words: how each option reads on the page (a class reads "part-time
            (a side job)", not ``side_job``); options not listed read as
            their value with spaces.
        read: current value from a scenario (default: follow ``key``).
        write: value to put in the override (default: as is).
    """

    key: str
    label: str
    kind: Literal["float", "int", "bool", "choice"]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    choices: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()
    read: Callable[[Scenario], Any] | None = None
    write: Callable[[Any], Any] = field(default=lambda v: v)

    def shown(self, choice: str) -> str:
        """The words a class reads for one option of a ``choice``."""
        return dict(self.words).get(choice, str(choice).replace("_", " "))

    def chosen(self, shown: str) -> str:
        """The option behind the words picked on the page."""
        back = {self.shown(c): c for c in self.choices}
        return back.get(shown, shown)

    def value(self, sc: Scenario) -> Any:
        """The value this control shows for a scenario."""
        if self.read is not None:
            return self.read(sc)
        obj: Any = sc
        for part in self.key.split("."):
            obj = getattr(obj, part)
        return obj


CONTROLS: tuple[Control, ...] = (
    Control("community_manager.capacity", "Community manager", "choice",
            choices=("none", "side_job", "full_time"),
            words=(("none", "none"), ("side_job", "part-time (a side job)"),
                   ("full_time", "full-time"))),
    Control("community_manager.experience", "Community manager's experience", "choice",
            choices=("junior", "experienced"),
            words=(("junior", "new to the job"), ("experienced", "experienced"))),
    Control("sponsorship.champion_share", "Sponsors (share of managers)", "float",
            0.0, 1.0, 0.05),
    Control("sponsorship.campaign", "Adoption campaign at launch", "bool"),
    Control("sponsorship.feature_sponsors", "Campaign features the sponsors", "bool"),
    Control("launch.pilot_weeks", "Internal pilot (weeks)", "int", 0, 26, 1),
    Control("launch.core_group_cross_department", "Core group across departments", "bool"),
    Control("integration.schedule", "Process integration (level)", "float",
            0.0, 1.0, 0.1, read=_integration_level, write=lambda v: [[0, float(v)]]),
    Control("governance.formal_roles", "Who formally runs the community", "choice",
            choices=("none", "one_department", "distributed"),
            words=(("none", "nobody formally"), ("one_department", "one department"),
                   ("distributed", "every department"))),
    Control("governance.train_managers", "Train managers", "bool"),
    Control("population.headcount", "People in the organisation", "int", 100, 2000, 50),
)


def scenario_files(root: Path) -> list[str]:
    """Scenario files under ``root`` (subfolders too), as paths relative to it."""
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.toml"))
