"""The metrics catalogue: every output column declared once, with label, unit and definition.

The recorder's columns, the derived columns of ``compare``, the run summary's
numbers and the labels of figures and tables are all read from here. To add a
metric, add one :class:`Metric` line below and return its value from the
component that measures it (a lever's or a measure's ``report()``); the
architecture test checks that every recorded column is declared.

Units are the client's: ``share of headcount`` (0-1, shown in %), ``share of
managers``, ``people``, ``posts per week``, ``FTE``, ``score 0-100``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SHARE = "share of headcount"


@dataclass(frozen=True)
class Metric:
    """One output column: its name, a human label, its unit, its definition and range."""

    name: str
    label: str
    unit: str
    definition: str
    low: float = -math.inf
    high: float = math.inf

    @property
    def is_share(self) -> bool:
        """A share of people, posts, ties or work (0-1): shown in %."""
        return (self.low, self.high) == (0.0, 1.0) and self.unit.startswith("share")


def _share(name: str, label: str, unit: str, definition: str | None = None) -> Metric:
    """A metric in [0, 1]; with three arguments the unit is a share of headcount."""
    if definition is None:
        unit, definition = SHARE, unit
    return Metric(name, label, unit, definition, 0.0, 1.0)


def _count(name: str, label: str, unit: str, definition: str) -> Metric:
    """A metric that cannot be negative (a count, a time, a sum)."""
    return Metric(name, label, unit, definition, 0.0)


# "Active" in a run summary: people who post (contributing) or have the habit
# (embedded). "Using" (column ``active`` of compare, the dashboard's curve)
# adds the readers (lurking).
ACTIVE = ("contributing", "embedded")
USING = ("lurking", "contributing", "embedded")
SUSTAINED_WEEKS = 13  # one quarter: long enough to be past a campaign burst
# What every summary leads with: the measures a platform's own analytics report.
HEADLINE = ("monthly_active", "monthly_posters")

METRICS: tuple[Metric, ...] = (
    Metric("week", "week", "weeks", "Weeks simulated; 0 is the start.", 0.0),
    # stages (engine.people): one share per stage, summing to 1
    _share("unaware", "unaware", "Has not heard of the platform."),
    _share("aware", "aware", "Knows the platform, has not started reading."),
    _share("lurking", "reading only", "Reads, does not post."),
    _share("contributing", "contributing", "Posts, without the habit yet."),
    _share("embedded", "working through it daily", "Uses the platform out of habit in daily work."),
    _share("lapsed", "fell back into old habits", "Used it, went back to old habits."),
    _share("adopted_ever", "ever tried it", "Has started reading at some time."),
    _count("relapses", "relapses (count)", "people", "Relapses into old habits so far."),
    _count("new_relapses", "new relapses", "people", "Relapses this week."),
    _count("posts", "posts", "posts per week", "Posts written this week."),
    # what a platform's analytics report (measures.recorder.platform_measures)
    _share("weekly_active", "used it this week", "Staff who used the platform this week."),
    _share("weekly_posters", "posted this week", "Staff who posted at least once this week."),
    _share("monthly_active", "used it in the last 4 weeks",
           "Staff who used the platform in the last four weeks (a platform's 30-day active)."),
    _share("monthly_posters", "posted in the last 4 weeks",
           "Staff who posted in the last four weeks (a platform's 30-day contributors)."),
    _share("ever_active", "ever used it", "Staff now employed who ever used the platform."),
    _share("content_value", "content value", "score 0-1",
           "Usefulness of recent content: the network effect with decay."),
    _share("novelty", "novelty", "score 0-1", "Attention a new platform draws at launch."),
    # levers (levers/*): each lever reports its own columns
    _share("disruption", "disruption", "score 0-1", "Disruption by a shock this week."),
    _share("attention", "attention", "score 0-1", "Attention from channels and campaigns."),
    _share("integration", "process integration", "share of work",
           "Share of work processes that run through the platform."),
    _share("work_share", "work runs through it", SHARE,
           "Staff whose daily work runs through the platform (from the integration level)."),
    _count("leavers", "leavers", "people per week",
           "Staff who left this week and were replaced by joiners (turnover)."),
    _share("trained", "trained", SHARE, "Staff who have been trained."),
    _count("review_cuts", "budget-review cuts", "reviews",
           "KPI budget reviews that cut the community manager's time."),
    _share("champions", "champions", "share of managers", "Managers who back the platform."),
    _share("sceptics", "sceptics", "share of managers", "Managers who oppose it."),
    _count("cm_fte", "community manager", "FTE", "Community manager's effective time."),
    _count("role_fte", "community roles", "FTE", "Time in distributed formal roles."),
    _share("change_agents", "change agents", SHARE, "Staff acting as ambassadors."),
    _share("threatened_managers", "threatened managers", "share of managers",
           "Managers whose informal power the platform threatens."),
    _share("power_sceptics", "power sceptics", "share of managers",
           "Managers turned sceptic by that threat."),
    # organisational change (engine.organisational_change, measures.hierarchy)
    _count("platform_ties", "platform ties", "ties", "Ties made on the platform so far."),
    Metric("rank_influence_corr", "influence follows rank",
           "rank correlation, -1 to 1 (1: only rank counts)",
           "Rank correlation of seniority and informal influence (PageRank); falls as the "
           "organisation flattens.", -1.0, 1.0),
    _share("cross_level_ties", "ties across hierarchy levels", "share of ties",
           "Informal and platform ties that cross levels of the hierarchy."),
    _share("cross_department_ties", "ties across departments", "share of ties",
           "Informal and platform ties that cross departments."),
    _share("global_reaching_centrality", "how much a few people dominate the network",
           "score 0-1 (1: one person reaches all)",
           "How much reach concentrates in a few people (Mones et al. 2012)."),
    # participation (measures.participation): members are people who ever adopted
    _share("top1_share", "top 1 % share of posts", "share of posts",
           "Posts of the trailing window written by the top 1 % of members."),
    _share("top10_share", "top 10 % share of posts", "share of posts",
           "Posts of the trailing window written by the top 10 % of members."),
    _share("top1_share_cum", "top 1 % share of all posts", "share of posts",
           "Posts since the start written by the top 1 % of members."),
    _share("top10_share_cum", "top 10 % share of all posts", "share of posts",
           "Posts since the start written by the top 10 % of members."),
    _share("never_posted", "members who never posted", "share of members",
           "Members who have never posted."),
    # impact and maturity (measures.impact, measures.maturity)
    _share("cross_dept_exchange", "picked up something from another department", SHARE,
           "Staff who this week picked up something from another department."),
    _share("impact", "useful exchange across departments", SHARE,
           "Exchange that lands in work: weighted by integration and goal alignment."),
    _count("impact_per_100_month", "useful cross-department exchanges",
           "per 100 employees per month",
           "Impact in a manager's unit: occasions per 100 employees a month on which someone "
           "used knowledge from another department in their work (one person in one week)."),
    _count("impact_cumulative", "impact so far", "staff-weeks per head",
           "Sum of the weekly impact."),
    Metric("maturity_usage", "maturity: usage", "score 0-100", "Usage condition.", 0, 100),
    Metric("maturity_goals", "maturity: goals", "score 0-100", "Goal-orientation.", 0, 100),
    Metric("maturity_organisation", "maturity: organisation", "score 0-100",
           "Organisation of the community.", 0, 100),
    Metric("maturity_integration", "maturity: integration", "score 0-100",
           "Integration in work processes.", 0, 100),
    # derived by compare (runs.compare) from the columns above
    _share("active", "using it (reading, posting or working through it)", SHARE,
           "lurking + contributing + embedded."),
    _share("contributing_embedded", "posting or working through it", SHARE,
           "contributing + embedded."),
    _count("relapses_per_head", "relapses so far per person", "relapses per person",
           "relapses / headcount."),
    # the run summary (measures.summary.run_summary), over the whole series
    _share("sustained_monthly_active", "used it in the last 4 weeks (average of the last 3 months)",
           SHARE, "Mean of monthly_active over the last 13 weeks; see its trend label."),
    _share("sustained_monthly_posters",
           "posted in the last 4 weeks (average of the last 3 months)", SHARE,
           "Mean of monthly_posters over the last 13 weeks; see its trend label."),
    _share("final_active", "posting or working through it at the end", SHARE,
           "contributing + embedded in the last week."),
    _share("sustained_active", "lasting use: posting or working through it (last 3 months)",
           SHARE,
           "Mean of contributing + embedded over the last 13 weeks."),
    _share("peak_active", "highest share posting or working through it", SHARE,
           "Highest weekly contributing + embedded."),
    _count("peak_active_week", "week of the peak", "weeks", "Week of that peak."),
    _count("weeks_to_half_adopted", "weeks until half the staff tried it", "weeks",
           "First week with adopted_ever >= 50 %; empty if never."),
    # derived by compare over the replicates that reach it
    _count("weeks_to_50pct_adopted_ever", "weeks until half the staff tried it", "weeks",
           "First week with adopted_ever >= 50 %, over the replicates that reach it."),
)

# Columns that say which row is which in tables with several runs (compare's
# runs, a sweep's long form, the change command's tidy series), and the two
# columns of the long form. They are not measures: no figure plots them.
IDENTIFIERS: tuple[Metric, ...] = (
    Metric("scenario", "scenario", "text", "The scenario's file name (compare, change)."),
    Metric("name", "scenario name", "text", "The scenario's display name (compare)."),
    _count("replicate", "replicate", "index", "Replicate number; replicate i has the same seed "
           "in every scenario (common random numbers)."),
    _count("seed", "seed", "integer", "The seed that decided the run."),
    _count("run_id", "run", "index", "A sweep's run (its row in runs/)."),
    _count("point_id", "design point", "index",
           "A sweep's design point (one combination of factor values)."),
    Metric("metric", "metric", "column name", "The measure (long form): one of the columns "
           "declared here."),
    Metric("value", "value", "unit of the metric", "The measure's value that week (long form)."),
)

CATALOGUE: dict[str, Metric] = {m.name: m for m in METRICS}
COLUMNS: dict[str, Metric] = {m.name: m for m in (*METRICS, *IDENTIFIERS)}
"""Every column any output file can hold: the measures, then the identifiers."""
# The column sums compare adds to every run.
DERIVED: dict[str, tuple[str, ...]] = {"active": USING, "contributing_embedded": ACTIVE}
# Computed from a whole series by the run summary, not columns of it.
SUMMARY_METRICS = ("sustained_monthly_active", "sustained_monthly_posters", "final_active",
                   "sustained_active", "peak_active", "peak_active_week",
                   "weeks_to_half_adopted")


def label(name: str) -> str:
    """The human label of a metric (its name with spaces if it is not declared)."""
    m = CATALOGUE.get(name)
    return m.label if m is not None else name.replace("_", " ")


def unit(name: str) -> str:
    """The unit of a metric ('' if it is not declared)."""
    m = CATALOGUE.get(name)
    return m.unit if m is not None else ""


def bounds(name: str) -> tuple[float, float]:
    """The range a metric's values (and intervals of its mean) cannot leave."""
    m = CATALOGUE.get(name)
    return (m.low, m.high) if m is not None else (-math.inf, math.inf)


def is_share(name: str) -> bool:
    """Whether a metric is a share (0-1, shown in %)."""
    m = CATALOGUE.get(name)
    return m is not None and m.is_share
