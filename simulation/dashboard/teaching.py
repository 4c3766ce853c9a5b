"""What a class reads beside the pictures: big-number monitors and the Info panel.

NetLogo puts "what to notice" and "things to try" next to the model (its Info
tab); a trainer should not have to open docs/teaching.md on a second screen.
The monitors show the few numbers a room can read from the back, computed
from the same week as the pictures (they travel in one frame), so the
counter and the pictures never disagree.
"""

from __future__ import annotations

from typing import Any

NOTICE = (
    "The honeymoon: nearly everyone hears of it within weeks and use peaks early; then "
    "many who tried it fall back (orange) into e-mail and meetings.",
    "What stays is a small core that posts or works through it daily (green, blue): that "
    "lasting level, not the peak, is the number to watch.",
    "Pink lines are new ties made on the platform: across teams, levels and departments.",
    "Sponsors (triangles up) pull their teams along; sceptical managers (triangles down) "
    "hold them back.",
)
TRY = (
    "Give the community manager a full-time job: does the lasting level rise?",
    "Run a work process through the platform (integration): fewer people fall back.",
    "Set sponsors to 0, then to 0.5: watch the teams around the triangles.",
    "Change the seed: the same settings, another organisation; what stays the same?",
)


def monitors(model: Any) -> list[tuple[str, str]]:
    """The big numbers for the current week: (label, value) in words a class reads."""
    row = model.timeseries().iloc[-1]
    n = int(model.org.size)
    active = float(row["contributing"] + row["embedded"])
    using = active + float(row["lurking"])
    week = int(row["week"]) if "week" in row.index else int(model.week)
    return [
        ("month", f"{week / (52 / 12):.0f}"),
        ("post or work through it", f"{100 * active:.0f} %"),
        ("use it at all", f"{100 * using:.0f} %"),
        ("fell back", f"{100 * float(row['lapsed']):.0f} %"),
        ("people", f"{n:,}"),
    ]


def describe(model: Any, i: int) -> list[tuple[str, str]]:
    """One person's state this week, as (what, value): what a class asks on a click."""
    from simulation.dashboard.style import STAGE_LABELS
    from simulation.engine.people import STAGES, Stance

    org, p = model.org, model.people
    role = "manager" if bool(org.is_manager[i]) else "employee"
    if int(model.ctx.cm_person) == i:
        role = "community manager"
    elif role == "manager":
        stance = int(p.stance[i])
        role += {int(Stance.CHAMPION): ", a sponsor", int(Stance.SCEPTIC): ", a sceptic"}.get(
            stance, "")
    ties = int(org.platform[i].nnz) if hasattr(org.platform, "__getitem__") else 0
    return [
        ("person", f"no. {i + 1}, {role}"),
        ("department", str(org.departments[int(org.dept[i])])),
        ("level", f"{int(org.level[i])} (0 = top)"),
        ("now", STAGE_LABELS[STAGES[int(p.stage[i])]]),
        ("posts so far", f"{int(p.n_posts[i]):,}"),
        ("fell back", f"{int(p.n_relapses[i])} time{'s' * (int(p.n_relapses[i]) != 1)}"),
        ("ties made on the platform", f"{ties}"),
        ("trained", "yes" if bool(p.trained[i]) else "no"),
    ]
