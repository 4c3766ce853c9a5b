"""The scenario schema: every parameter with its default, unit and reason.

A scenario is plain data. Each section below is a pydantic model whose fields
carry a default (so an empty file is a valid scenario), a unit and a one-line
rationale or source in the field metadata. ``docs/model.md``'s parameter table
is generated from these same fields (``adoptsim params``), so the code and the
documentation cannot drift apart.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

from simulation.inputs import control_in_name

DEFAULT_DEPARTMENTS = [
    "Customer Service",
    "Communications",
    "HR",
    "Marketing",
    "Product Development",
    "Operations",
    "IT",
    "Finance",
]


def P(default: Any, unit: str, why: str, **constraints: Any) -> Any:  # noqa: N802
    """Declare a parameter: default, unit and rationale in one place.

    Args:
        default: The value used when a scenario is silent.
        unit: Unit of measure ("weeks", "share", "people", "1/week", "-").
        why: One line: where the default comes from, or why it is what it is.
        **constraints: pydantic constraints such as ``ge``, ``le``, ``gt``.
    """
    kwargs: dict[str, Any] = {"json_schema_extra": {"unit": unit, "why": why}}
    if isinstance(default, list | dict):
        kwargs["default_factory"] = lambda d=default: type(d)(d)
    else:
        kwargs["default"] = default
    return Field(description=why, **kwargs, **constraints)


def _plain_name(text: str) -> str:
    bad = control_in_name(text)
    if bad:
        raise ValueError(f"a name cannot contain a control character ({bad})")
    return text


def _plain_text(text: str) -> str:
    bad = control_in_name(text.replace("\n", " ").replace("\t", " "))
    if bad:
        raise ValueError(f"text cannot contain a control character ({bad}) other than "
                         "line breaks and tabs")
    return text


def _pair(value: Any) -> Any:
    """A TOML array ``[week, level]`` read as a pair (strict mode accepts only tuples)."""
    return tuple(value) if isinstance(value, list) else value


# Names end up in terminals, plots, HTML and folder names: no control characters.
Name = Annotated[str, AfterValidator(_plain_name)]
Text = Annotated[str, AfterValidator(_plain_text)]
WeekLevel = Annotated[tuple[int, float], BeforeValidator(_pair)]


# Keys that were renamed: the old name is refused with a pointer to the new one
# ("seed" means a random seed only; starting adopters are "initial adopters").
RENAMED: dict[str, str] = {
    "reduced.seeds": "reduced.initial_adopters",
    "reduced.seed_count": "reduced.initial_adopter_count",
}


class Section(BaseModel):
    """Base of every scenario section: strict about unknown keys, types and NaN.

    Strict: a value must have the type of its parameter ("300" is not a
    headcount, 1 and "yes" are not booleans, 5.0 is not a week). The one
    conversion allowed is an integer for a real number (``bias = -3``).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False,
                              strict=True)


class Population(Section):
    """Who is in the organisation and how its hierarchy is shaped."""

    headcount: int = P(1000, "people", "a typical mid-sized organisation", ge=2, le=5_000_000)
    departments: list[Name] = P(
        DEFAULT_DEPARTMENTS, "names", "the hosting candidates named by the embedding guide, "
        "plus support"
    )
    span_median: float = P(
        6.0, "reports", "Gallup 2025: median span of control 5-6 direct reports", ge=2, le=50
    )
    span_sigma: float = P(
        0.45, "log-sd", "spread of spans; Gallup's mean 12.1 vs median 5-6 says right-skewed",
        ge=0, le=2,
    )
    innovativeness_shares: list[float] = P(
        [0.025, 0.135, 0.34, 0.34, 0.16], "shares",
        "Rogers (2003): innovators, early adopters, early/late majority, laggards",
    )
    heterogeneity: float = P(
        1.0, "-", "scales person-to-person spread of traits; 0 makes everyone identical",
        ge=0, le=3,
    )
    org_chart: str | None = P(
        None, "path", "a client's org chart CSV (id, manager_id, department); generated if unset"
    )
    ties_file: str | None = P(
        None, "path", "a known informal network CSV (source, target, weight) for the org chart"
    )
    turnover_per_year: float = P(
        0.11, "share/year",
        "staff who leave (and are replaced) in a year; LinkedIn Talent Solutions (2018): "
        "average turnover 10.9 % a year across industries. Headcount stays constant",
        ge=0, le=1,
    )

    @field_validator("departments")
    @classmethod
    def _departments_ok(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("at least one department is needed")
        if len(set(v)) != len(v):
            raise ValueError("department names must be unique")
        return v

    @field_validator("innovativeness_shares")
    @classmethod
    def _shares_ok(cls, v: list[float]) -> list[float]:
        if len(v) != 5 or any(x < 0 or math.isnan(x) for x in v) or abs(sum(v) - 1) > 1e-6:
            raise ValueError("expected five non-negative shares summing to 1")
        return v


class Network(Section):
    """The informal layer on top of the reporting tree."""

    structure: Literal["organisation", "complete", "ring", "watts_strogatz", "random"] = P(
        "organisation", "-",
        "'organisation' for the model; flat textbook graphs for validation (simulation/"
        "org/structures.py); 'complete' is mean field and builds no ties",
    )
    team_tie_prob: float = P(
        0.8, "probability", "colleagues in one team mostly know each other (dense teams)",
        ge=0, le=1,
    )
    department_ties: float = P(
        2.5, "ties/person", "some ties across teams within a department", ge=0, le=100
    )
    cross_department_ties: float = P(
        0.4, "ties/person", "few weak ties across departments (Granovetter's weak ties)",
        ge=0, le=100,
    )
    closure: float = P(
        0.8, "share",
        "department ties to neighbouring teams (same 2nd-line manager); clustering 0.2-0.45",
        ge=0, le=1,
    )
    degree: int = P(
        6, "contacts", "ring / Watts-Strogatz degree (reduced forms only)", ge=2, le=1000
    )
    rewiring: float = P(
        0.0, "probability", "Watts-Strogatz rewiring probability (reduced forms only)", ge=0, le=1
    )
    platform_ties: float = P(
        0.3, "ties/poster/week",
        "new ties a poster forms with this week's readers (replies, mentions), anywhere in "
        "the organisation; ~15 a year, so the platform layer grows visibly (Riemer 2015)",
        ge=0, le=10,
    )
    influence_every: int = P(
        4, "weeks", "influence (PageRank) is recomputed this often", ge=1, le=520
    )
    hierarchy_every: int = P(
        13, "weeks", "global reaching centrality is re-estimated this often (a quarterly survey)",
        ge=1, le=520,
    )


class Dynamics(Section):
    """Coefficients of the weekly transitions (the UTAUT-style utility and rates)."""

    # The six adoption factors (Hazelaar 2015) plus facilitating conditions.
    w_performance: float = P(
        1.2, "utility/unit", "expected performance improvement (UTAUT performance expectancy)",
        ge=0, le=20,
    )
    w_effort: float = P(
        0.8, "utility/unit", "expected effort (UTAUT effort expectancy), lowered by training",
        ge=0, le=20,
    )
    w_reputation: float = P(
        0.5, "utility/unit", "reputation gained by visible contributions (Hazelaar 2015)",
        ge=0, le=20,
    )
    w_colleagues: float = P(
        1.5, "utility/share", "visible use by colleagues: the strongest social factor (Hazelaar)",
        ge=0, le=20,
    )
    w_executives: float = P(
        0.8, "utility/share", "visible use by executives: weaker than colleagues (Hazelaar)",
        ge=0, le=20,
    )
    w_manager: float = P(
        0.7, "utility/unit", "one's own manager's stance and activity (role model)", ge=0, le=20
    )
    w_norms: float = P(
        0.6, "utility/unit", "norms for collaboration and knowledge sharing", ge=0, le=20
    )
    w_facilitating: float = P(
        0.8, "utility/unit", "facilitating conditions: training and CM support (UTAUT)",
        ge=0, le=20,
    )
    w_old_habit: float = P(
        1.6, "utility/unit", "pull of old habits (e-mail, meetings): people are creatures of habit",
        ge=0, le=20,
    )
    w_innovativeness: float = P(
        1.0, "utility/sd", "Rogers: innovators need no social proof, laggards much", ge=0, le=20
    )
    taste_sd: float = P(
        2.5, "utility", "person-to-person spread in liking the platform (smooths tipping)",
        ge=0, le=10,
    )
    bias: float = P(-3.8, "utility", "baseline reluctance to change", ge=-20, le=20)
    norms: float = P(0.3, "0-1", "starting collaboration norms of the organisation", ge=0, le=1)
    base_effort: float = P(
        0.5, "0-1", "how hard the platform is to use before training", ge=0, le=1
    )
    # Rates (per week).
    aware_rate: float = P(
        0.25, "1/week", "word of mouth: awareness per week when all contacts use it", ge=0, le=5
    )
    lurk_rate: float = P(0.5, "1/week", "aware -> lurking at utility 0", ge=0, le=1)
    contribute_rate: float = P(0.2, "1/week", "lurking -> contributing at utility 0", ge=0, le=1)
    reenter_rate: float = P(0.05, "1/week", "lapsed -> lurking at utility 0", ge=0, le=1)
    relapse_rate: float = P(
        0.15, "1/week", "relapse when old habit outweighs habit plus value", ge=0, le=1
    )
    embedded_relapse_factor: float = P(
        0.1, "multiplier", "embedded people rarely relapse unless their reason disappears",
        ge=0, le=1,
    )
    relapse_slope: float = P(6.0, "1/utility", "steepness of the relapse rule", gt=0, le=50)
    # Complex contagion.
    contribute_threshold_mean: float = P(
        2.0, "contacts", "Centola: contributing needs reinforcement from several contacts",
        ge=0, le=50,
    )
    spontaneous: float = P(
        0.1, "multiplier", "contributing below threshold (Eckles: noisy complex contagion)",
        ge=0, le=1,
    )
    # Habit (Lally et al. 2010).
    habit_alpha_median: float = P(
        0.27, "1/week", "h <- h + a(1-h): 95 % automaticity in 66 days median (Lally 2010)",
        gt=0, le=1,
    )
    habit_alpha_sigma: float = P(
        0.55, "log-sd", "Lally's range 18-254 days (2.6-36 weeks) across people", ge=0, le=3
    )
    habit_decay: float = P(
        0.12, "1/week", "habit decays without use; one missed week does not reset it", ge=0, le=1
    )
    w_habit_use: float = P(
        3.0, "utility/unit", "habit makes use automatic (UTAUT2: habit predicts use directly)",
        ge=0, le=20,
    )
    lurk_habit_factor: float = P(
        0.4, "multiplier", "reading builds a weaker habit than contributing", ge=0, le=1
    )
    embed_habit: float = P(0.95, "0-1", "habit at which use is automatic (embedded)", gt=0, le=1)
    old_habit_mean: float = P(0.5, "0-1", "strength of the old way of working", ge=0, le=1)
    old_habit_erosion: float = P(
        0.02, "1/week", "old habit weakens slowly while the new one is used", ge=0, le=1
    )
    use_prob: float = P(
        0.85, "probability", "chance an active member uses the platform in a given week", ge=0, le=1
    )
    lurk_use_factor: float = P(
        0.4, "multiplier", "readers visit less often than contributors (calibrated to a story: "
        "SWOOP 2016, most active users visit less than fortnightly)", ge=0, le=1,
    )
    champion_signal: float = P(
        0.5, "signal", "own manager a champion (1.0 if the champion also posts): a role model; "
        "judgement, scaled by w_manager", ge=0, le=5,
    )
    manager_use_signal: float = P(
        0.3, "signal", "own manager neutral but visibly using it; judgement", ge=0, le=5
    )
    sceptic_signal: float = P(
        -1.0, "signal", "own manager a sceptic: dampens (Hazelaar 2015: managers as role "
        "models); judgement", ge=-5, le=0,
    )
    push_cap: float = P(
        2.5, "utility",
        "the most that persuasion (stories, integration's usefulness, KPI norms, champions, CM "
        "support, training, recruiting, a board mandate) can add to a person's utility; "
        "diminishing returns from the first unit (Simon & Arndt 1980); level calibrated to the "
        "enterprise benchmarks in docs/validation.md", gt=0, le=50,
    )
    training_effort_cut: float = P(
        0.5, "share", "training halves the expected effort; judgement", ge=0, le=1
    )
    training_support: float = P(
        0.5, "utility units", "facilitating conditions of having been trained; judgement",
        ge=0, le=5,
    )
    # Honeymoon and network effect (Foote et al. 2024).
    novelty: float = P(5.0, "utility", "novelty bonus at launch (the honeymoon)", ge=0, le=20)
    novelty_tau: float = P(5.0, "weeks", "time constant of the novelty's decay", gt=0, le=520)
    content_decay: float = P(
        0.15, "1/week", "old posts lose value: a community must keep producing", ge=0, le=1
    )
    content_half: float = P(
        0.3, "posts/person", "recent content at which usefulness is half its maximum", gt=0, le=100
    )
    # Participation inequality (Nielsen 2006; van Mierlo 2014).
    posts_contributing: float = P(
        0.5, "posts/week", "mean posting rate in the contributing stage", ge=0, le=100
    )
    posts_embedded: float = P(0.6, "posts/week", "mean posting rate of embedded members", ge=0,
                              le=100)
    posts_lurking: float = P(
        0.02, "posts/week",
        "readers now and then reply or ask; with the heavy-tailed propensity most never do "
        "(60-90 % of members never post: Nielsen 2006; van Mierlo 2014)", ge=0, le=100,
    )
    propensity_sigma: float = P(
        2.0, "log-sd", "heavy-tailed posting propensity: top 1 % write most (90-9-1)", ge=0, le=5
    )


class CommunityManager(Section):
    """The community manager: capacity, experience and how the effort is spent."""

    capacity: Literal["none", "side_job", "full_time"] = P(
        "side_job", "-", "embedding guide: 'full time for an average community', often a side job"
    )
    fte: float | None = P(
        None, "FTE", "explicit capacity; overrides `capacity` (side_job = 0.2, full_time = 1.0)",
        ge=0, le=20,
    )
    experience: Literal["junior", "experienced"] = P(
        "junior", "-", "an experienced CM organises mandate at board level and on the floor"
    )
    contacts_per_fte: float = P(
        120.0, "people/week",
        "people one FTE contacts in a week (answers, invitations, conversations): finite hours, "
        "about 3 contacts an hour, whatever the headcount; judgement", ge=0, le=10_000,
    )
    contact_support: float = P(
        0.5, "utility units", "facilitating support one contact adds to someone with none; "
        "further contacts add less (saturating); judgement", ge=0, le=5,
    )
    support_cap: float = P(
        1.0, "utility units",
        "the most support a person can feel, however often contacted: help saturates "
        "(dose-response of repeated contact); judgement", gt=0, le=10,
    )
    experienced_reach: float = P(
        1.3, "multiplier", "an experienced CM reaches 30 % more people with the same hours "
        "(a network already in place); judgement", ge=1, le=5,
    )
    recruit_yes: float = P(
        0.3, "share", "of those asked, the share who become change agents; judgement",
        ge=0, le=1,
    )
    recruit_boost: float = P(
        1.0, "utility", "a new change agent's lift (asked, given a role); lingers; judgement",
        ge=0, le=10,
    )
    story_gain: float = P(
        0.05, "utility/FTE-week", "expected performance a week of storytelling adds; judgement",
        ge=0, le=5,
    )
    story_keep: float = P(
        0.9, "share/week", "stories fade by 10 % a week; judgement", ge=0, le=1
    )
    story_cap: float = P(
        0.5, "utility", "the most that success stories can add to expected performance: "
        "the tenth story convinces less than the first; judgement", gt=0, le=10,
    )
    cm_posts: float = P(
        10.0, "posts/FTE-week", "posts one FTE of community management writes a week "
        "(content is work); judgement", ge=0, le=1000,
    )
    respond_retention: float = P(
        0.5, "share", "relapse hazard removed for someone answered this week; judgement",
        ge=0, le=1,
    )
    train_attend: float = P(
        0.5, "share", "of those invited to a training, the share who attend; judgement",
        ge=0, le=1,
    )
    convert_junior: float = P(
        0.02, "probability/contact", "a junior CM's lobbying turns a neutral manager into a "
        "champion (a sceptic into neutral at half); judgement", ge=0, le=1,
    )
    convert_experienced: float = P(
        0.05, "probability/contact", "the same for an experienced CM (2.5 x: board mandate); "
        "judgement", ge=0, le=1,
    )
    board_mandate: float = P(
        0.2, "share/FTE", "an experienced CM's mandate at board level: executives' visible "
        "use; judgement", ge=0, le=1,
    )
    floor_mandate: float = P(
        0.05, "0-1", "an experienced CM's mandate on the floor: collaboration norms; judgement",
        ge=0, le=1,
    )
    recruiting: float = P(0.25, "share", "effort on ambassadors and change agents", ge=0, le=1)
    storytelling: float = P(0.2, "share", "effort on success stories", ge=0, le=1)
    responding: float = P(0.25, "share", "effort on responding to contributors", ge=0, le=1)
    lobbying: float = P(0.15, "share", "effort on lobbying and coaching managers", ge=0, le=1)
    training: float = P(0.15, "share", "effort on training", ge=0, le=1)
    phase_shift_week: int = P(
        26, "weeks", "after the launch, the CM moves from the hierarchy to the informal network",
        ge=0, le=10_000,
    )
    change_agents: float = P(
        0.05, "share", "size of the ambassador + change-agent group the CM recruits up to",
        ge=0, le=1,
    )


class Governance(Section):
    """Structures, processes and policy ('beheer')."""

    formal_roles: Literal["none", "one_department", "distributed"] = P(
        "none", "-", "how many departments formally hold responsibility "
        "(four-conditions article: organisation)"
    )
    train_employees: bool = P(False, "-", "employees trained in working in online networks")
    train_managers: bool = P(False, "-",
                             "managers trained (embedding guide: train them after adoption)")
    training_reach: float = P(0.02, "share/week", "share of staff trained per week", ge=0, le=1)
    kpis: Literal["none", "usage", "impact"] = P(
        "none", "-", "goals translated into KPIs and targets "
        "(four-conditions article: goal-orientation)"
    )
    reporting_every: int = P(13, "weeks", "progress reporting cadence", ge=1, le=520)
    budget_review: bool = P(
        False, "-", "a KPI review can cut the CM's budget when value is not shown"
    )
    kpi_target: float = P(
        0.1, "share", "value a review must show (usage: share active; impact: see levers.md)",
        ge=0, le=1,
    )
    review_cut: float = P(
        0.25, "share", "share of the CM budget a failed review cuts", ge=0, le=1
    )
    role_fte: float = P(
        0.1, "FTE/department", "time each department with formal roles gives (~4 h/week)",
        ge=0, le=10,
    )
    roles_norms: float = P(
        0.1, "0-1", "collaboration norms added when every department holds formal roles "
        "(pro rata); judgement", ge=0, le=1,
    )
    kpi_norms_usage: float = P(
        0.03, "0-1", "collaboration norms added by usage KPIs; judgement", ge=0, le=1
    )
    kpi_norms_impact: float = P(
        0.08, "0-1", "collaboration norms added by impact KPIs (goals made explicit); judgement",
        ge=0, le=1,
    )
    kpi_performance: float = P(
        0.1, "utility", "expected performance added by impact KPIs (people see what it is for); "
        "judgement", ge=0, le=5,
    )
    alignment_none: float = P(
        0.3, "0-1", "share of platform activity that serves organisational goals without KPIs "
        "(impact KPIs = 1); judgement", ge=0, le=1,
    )
    alignment_usage: float = P(
        0.5, "0-1", "the same with usage KPIs; judgement", ge=0, le=1
    )
    usage_value_floor: float = P(
        0.25, "share", "value a usage KPI review credits to activity with no process behind it "
        "(the rest needs integration); judgement", ge=0, le=1,
    )
    focus_max: float = P(
        4.0, "multiplier", "a KPI review gives the most lagging department this many times the "
        "CM's effort; judgement", ge=1, le=20,
    )


class Sponsorship(Section):
    """Managers as role models."""

    champion_share: float = P(
        0.15, "share", "managers with a warm heart for it, made sponsors", ge=0, le=1
    )
    sceptic_share: float = P(0.2, "share", "managers against it at the start", ge=0, le=1)
    campaign: bool = P(True, "-", "an adoption campaign at launch (posters, videos, stories)")
    feature_sponsors: bool = P(
        False, "-", "campaign features sponsors: more attention, sponsors tie reputation to it"
    )
    mandate_from_top: bool = P(False, "-", "the board orders use, without conviction")
    mandate_push: float = P(
        1.0, "utility", "a mandate's push to log in (aware -> lurking only)", ge=0, le=20
    )
    memo_attention: float = P(
        1.0, "1/week", "awareness hazard of the mandate memo in the launch week; judgement",
        ge=0, le=20,
    )
    come_round: float = P(
        0.05, "probability/week", "weekly chance a trained neutral manager whose team uses it "
        "becomes a champion; judgement", ge=0, le=1,
    )


class Launch(Section):
    """How the community starts."""

    week: int = P(0, "week", "organisation-wide launch week", ge=0, le=10_000)
    pilot_weeks: int = P(
        0, "weeks", "internal pilot before the launch (embedding guide: start internally)",
        ge=0, le=520,
    )
    pilot_group: Literal["hosting_department", "volunteers"] = P(
        "hosting_department", "-", "who takes part in the pilot"
    )
    hosting_department: Name = P("Communications", "-", "department that hosts the community")
    core_group_size: int = P(10, "people", "ambassadors at launch", ge=0, le=100_000)
    core_group_cross_department: bool = P(
        False, "-", "core group from several departments and the target group (embedding guide)"
    )


class Integration(Section):
    """Work processes that run through the platform."""

    schedule: list[WeekLevel] = P(
        [[0, 0.0]], "[week, level]", "process integration level from a week on; level 0-1"
    )
    concavity: float = P(
        1.0, "-",
        "how much of the staff the first processes moved reach: the share of staff whose work "
        "runs through the platform is (1 - exp(-k L)) / (1 - exp(-k)) at level L; the first "
        "processes moved are the broad ones; k = 0 is proportional; judgement", ge=0, le=20,
    )
    onboarding: float = P(
        0.5, "1/week", "weekly chance that someone whose work now runs through the platform "
        "starts using it (they are told and shown by the process); judgement", ge=0, le=1,
    )

    @field_validator("schedule")
    @classmethod
    def _schedule_ok(cls, v: list[tuple[int, float]]) -> list[tuple[int, float]]:
        for week, level in v:
            if week < 0 or not 0 <= level <= 1:
                raise ValueError("expected [week >= 0, level between 0 and 1] pairs")
        return sorted(v)


class Attention(Section):
    """Online and offline channels that bring the platform to attention."""

    channels: float = P(
        0.02, "share/week", "online channels (intranet, newsletter): awareness per week", ge=0, le=1
    )
    offline: float = P(
        0.0, "share/week", "offline channels (events, magazines, posters): awareness per week",
        ge=0, le=1,
    )
    schedule: list[WeekLevel] = P(
        [[0, 1.0]], "[week, multiplier]", "channel intensity over time, from launch"
    )
    salience: float = P(
        5.0, "utility/(share/week)", "channels keep reminding users: utility per unit attention",
        ge=0, le=100,
    )
    campaign_boost: float = P(0.25, "share/week", "extra awareness during a campaign", ge=0, le=1)
    campaign_weeks: int = P(6, "weeks", "length of a campaign burst", ge=0, le=520)
    campaign_bursts: list[Annotated[int, Field(ge=0, le=10_000)]] = P(
        [], "weeks", "weeks of later campaign bursts (from launch)")

    @field_validator("schedule")
    @classmethod
    def _schedule_ok(cls, v: list[tuple[int, float]]) -> list[tuple[int, float]]:
        for week, level in v:
            if week < 0 or not 0 <= level <= 10:
                raise ValueError("expected [week >= 0, multiplier between 0 and 10] pairs")
        return sorted(v)
    featured_attention: float = P(
        1.5, "multiplier", "a campaign featuring sponsors draws half as much attention again; "
        "judgement", ge=1, le=10,
    )
    burst_novelty: float = P(
        0.5, "share", "a later campaign burst renews this share of the launch novelty; judgement",
        ge=0, le=1,
    )


class Shocks(Section):
    """Events that test resilience."""

    cm_leaves_week: int | None = P(None, "week", "the CM leaves", ge=0, le=10_000)
    successor_after: int | None = P(
        None, "weeks", "a successor starts this long after; none if unset", ge=0, le=10_000
    )
    budget_cut_week: int | None = P(None, "week", "a budget cut", ge=0, le=10_000)
    budget_cut_fraction: float = P(0.5, "share", "share of CM capacity cut", ge=0, le=1)
    reorganisation_week: int | None = P(None, "week", "a reorganisation", ge=0, le=10_000)
    reorganisation_rewire: float = P(
        0.3, "share", "share of informal ties rewired by a reorganisation", ge=0, le=1
    )
    disruption_weeks: int = P(
        13, "weeks", "habit discontinuity window (Wood 2005; Verplanken & Roy 2016: ~3 months)",
        ge=0, le=520,
    )


class Power(Section):
    """Power threat: managers who lose relative influence may turn against it (embedding guide)."""

    enabled: bool = P(True, "-", "embedding guide: power positions come under pressure")
    reference: Literal["reports", "start"] = P(
        "reports", "-",
        "influence compared with the manager's reports' (relative standing) or own week-0 value",
    )
    threat_threshold: float = P(
        0.3, "share", "relative influence lost (vs week 0) before a manager feels threatened",
        ge=0, le=1,
    )
    sceptic_rate: float = P(
        0.02, "1/week",
        "chance a threatened neutral manager turns sceptic in a week (about a year to react)",
        ge=0, le=1,
    )


class Impact(Section):
    """Impact: cross-department knowledge exchange that counts (four-conditions article)."""

    adhoc_reuse: float = P(
        0.1, "share",
        "weight of cross-department exchange reused in work when no process runs through the "
        "platform; four-conditions article: usage alone is not impact", ge=0, le=1,
    )
    window: int = P(
        13, "weeks", "trailing window for recent impact and participation (a quarter)",
        ge=1, le=520,
    )


class Reduced(Section):
    """Switches for the reduced forms used in validation (simulation/engine/reduced.py).

    In a reduced mode the levers, hierarchy effects, relapse, habit and
    platform ties are off and a textbook rule replaces the weekly transitions;
    combine with ``network.structure`` to choose the graph.
    """

    mode: Literal["full", "bass", "threshold"] = P(
        "full", "-", "'full' model, or a textbook reduced form through the same engine"
    )
    p: float = P(0.03, "1/week", "Bass innovation coefficient (Sultan et al. 1990: mean 0.03)",
                 ge=0, le=1)
    q: float = P(0.38, "1/week", "Bass imitation coefficient (Sultan et al. 1990: mean 0.38)",
                 ge=0, le=10)
    substeps: int = P(
        1, "steps/week",
        "Bass sub-steps per week: 1 follows the discrete recurrence, many the continuous curve",
        ge=1, le=1000,
    )
    threshold_kind: Literal["absolute", "fractional"] = P(
        "fractional", "-",
        "thresholds as a count of contacts, or a share of contacts (of headcount if complete)",
    )
    threshold_mean: float = P(
        0.25, "share or count", "mean threshold (Granovetter's example: 25 % of the group)",
        ge=-1e6, le=1e6,
    )
    threshold_sd: float = P(
        0.12, "share or count", "spread of thresholds (Granovetter's flip lies near 12.2 %)",
        ge=0, le=1e6,
    )
    threshold_draw: Literal["quantiles", "random", "fixed"] = P(
        "quantiles", "-",
        "normal quantiles in a seeded order (deterministic), random normal draws, or all = mean",
    )
    thresholds: list[float] = P(
        [], "count or share", "explicit thresholds, one per person in id order (overrides)"
    )
    initial_adopters: list[int] = P(
        [], "ids", "people who have adopted at week 0 (e.g. [0, 1, 2] on a ring)")
    initial_adopter_count: int = P(
        0, "people", "random initial adopters at week 0 when `initial_adopters` is empty",
        ge=0, le=5_000_000
    )
    noise: float = P(
        0.0, "1/week",
        "threshold mode: chance of adopting below threshold per week (Eckles et al.)",
        ge=0, le=1,
    )


class Scenario(Section):
    """A complete what-if scenario: every section has defaults."""

    name: Name = P("", "-", "label for plots and tables; defaults to the file name")
    description: Text = P("", "-", "one line on the story")
    weeks: int = P(156, "weeks", "horizon: three years, long after the honeymoon", ge=1, le=5200)
    population: Population = Field(default_factory=Population)
    network: Network = Field(default_factory=Network)
    dynamics: Dynamics = Field(default_factory=Dynamics)
    community_manager: CommunityManager = Field(default_factory=CommunityManager)
    governance: Governance = Field(default_factory=Governance)
    sponsorship: Sponsorship = Field(default_factory=Sponsorship)
    launch: Launch = Field(default_factory=Launch)
    integration: Integration = Field(default_factory=Integration)
    attention: Attention = Field(default_factory=Attention)
    shocks: Shocks = Field(default_factory=Shocks)
    power: Power = Field(default_factory=Power)
    impact: Impact = Field(default_factory=Impact)
    reduced: Reduced = Field(default_factory=Reduced)
    _source: str = PrivateAttr(default="")

    @property
    def origin(self) -> str:
        """Where this scenario came from, for error messages: its file, or its name."""
        return self._source or f"scenario '{self.name or 'unnamed'}'"


def iter_parameters(
    model: type[BaseModel] = Scenario, prefix: str = ""
) -> list[tuple[str, Any, str, str]]:
    """List every parameter as (dotted key, default, unit, rationale).

    Used for docs/model.md's table and by `adoptsim params`.
    """
    rows: list[tuple[str, Any, str, str]] = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            rows.extend(iter_parameters(ann, f"{prefix}{name}."))
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        default = field.get_default(call_default_factory=True)
        rows.append((f"{prefix}{name}", default, str(extra.get("unit", "")),
                     str(extra.get("why", ""))))
    return rows
