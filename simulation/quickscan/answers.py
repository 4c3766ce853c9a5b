"""The quickscan questionnaire: items, their plain-language questions, and reading answers.

The four-conditions article's maturity model places an organisation on four conditions for
a lasting, impactful internal community: usage (six adoption factors plus
attention value), goal-orientation, organisation and integration in work
processes. Each item is scored 1-5 by the consultant with the client; the
anchors below say what a 1, a 3 and a 5 look like, and docs/quickscan.md
prints them for the interview. The file is TOML::

    [client]                      # optional
    name = "Veldhuis Woondiensten"
    headcount = 350               # used when no org chart is given
    hosting_department = "Communications"

    [usage]
    expected_performance = 3
    ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulation.errors import InputError, did_you_mean, shown_value
from simulation.inputs import control_in_name, read_toml, shown


class AnswersError(InputError):
    """A quickscan answers file is invalid; the message names the file and key."""


@dataclass(frozen=True)
class Item:
    """One question: where it lives, what it asks, and what 1, 3 and 5 mean."""

    condition: str
    key: str
    label: str
    question: str
    low: str
    mid: str
    high: str


CONDITIONS: dict[str, str] = {
    "usage": "Usage",
    "goals": "Goal-orientation",
    "organisation": "Organisation",
    "integration": "Integration in work processes",
}

ITEMS: tuple[Item, ...] = (
    Item("usage", "expected_performance", "Expected performance",
         "Do employees expect the platform to help them do their own work better or faster?",
         "nobody sees what it is for", "some see uses, most do not",
         "most name a concrete gain for their own work"),
    Item("usage", "expected_effort", "Expected effort (ease of use)",
         "Do employees expect the platform to be easy to use? (5 = easy, little effort)",
         "seen as complicated and time-consuming", "usable after some getting used to",
         "as easy as the tools they use every day"),
    Item("usage", "reputation", "Reputation",
         "Does sharing on the platform add to a person's standing among colleagues?",
         "posting is risky or seen as showing off", "neutral",
         "visible contributors are respected and asked for advice"),
    Item("usage", "colleagues_use", "Colleagues' visible use",
         "Do employees see their direct colleagues use the platform?",
         "hardly anyone they know uses it", "a few colleagues in some teams",
         "colleagues in most teams post and reply"),
    Item("usage", "executives_use", "Executives' visible use",
         "Do directors and managers visibly use and endorse the platform?",
         "managers ignore it or speak against it", "a few managers take part",
         "many managers are visible sponsors and role models"),
    Item("usage", "collaboration_norms", "Collaboration norms",
         "Is sharing knowledge and working in the open the norm in the organisation?",
         "knowledge is power; people work in silos", "sharing within teams, less beyond",
         "working in the open across departments is expected"),
    Item("usage", "attention_value", "Attention value",
         "How much do online and offline channels (intranet, newsletter, meetings, events, "
         "posters) bring the platform to people's attention?",
         "never mentioned", "mentioned now and then",
         "regularly and prominently, online and offline"),
    Item("goals", "goals", "Goals",
         "Is it written down what the community must contribute to the organisation's goals?",
         "no goals", "goals for the platform itself (users, posts)",
         "goals for its contribution to organisational goals or daily work"),
    Item("goals", "kpis", "KPIs and targets",
         "Are the goals translated into measurable KPIs with targets?",
         "nothing is measured", "usage KPIs (members, activity)",
         "impact KPIs with targets (time saved, questions solved, ideas adopted)"),
    Item("goals", "reporting", "Progress reporting",
         "Is progress on the KPIs measured and reported periodically, to steer?",
         "never", "once a year or ad hoc", "monthly or quarterly, and acted upon"),
    Item("organisation", "roles", "Formal roles",
         "Are responsibilities for the community (owner, moderators, ambassadors) formally "
         "assigned?", "nobody is formally responsible", "an owner in one department",
         "roles in job descriptions, with time and mandate"),
    Item("organisation", "departments", "Spread over departments",
         "How many departments formally share responsibility for the community?",
         "none, it is a private initiative", "one department (often Communications or IT)",
         "most departments, with a steering group"),
    Item("organisation", "cm_capacity", "Community management capacity",
         "How much time and experience goes into community management?",
         "nobody looks after it", "a side job of a few hours a week",
         "an experienced, full-time community manager (or more)"),
    Item("integration", "process_integration", "Integration in work processes",
         "How much of the daily work runs through the platform (requests, handovers, "
         "questions, project work)?",
         "none: it is an extra next to the real work", "one or two processes in some teams",
         "key processes run through it; you cannot do your work without it"),
)

CLIENT_KEYS = {"name": str, "headcount": int, "hosting_department": str, "date": str}


@dataclass(frozen=True)
class Answers:
    """Scores 1-5 per item key, and what is known about the client."""

    scores: dict[str, int]
    client: dict[str, Any]
    source: str

    def condition_items(self, condition: str) -> dict[str, int]:
        """The scores of one condition's items, in questionnaire order."""
        return {i.key: self.scores[i.key] for i in ITEMS if i.condition == condition}


def check_scores(scores: dict[str, Any], source: str = "<answers>") -> dict[str, int]:
    """Validate a flat ``{item key: score}`` dict: every item, integers 1-5."""
    keys = [i.key for i in ITEMS]
    for key in scores:
        if key not in keys:
            raise AnswersError(f"{source}: unknown item '{key}'{did_you_mean(key, keys)}")
    out: dict[str, int] = {}
    for item in ITEMS:
        where = f"{item.condition}.{item.key}"
        if item.key not in scores:
            raise AnswersError(f"{source}: missing item '{where}' ({item.label}): "
                               "expected a score 1-5")
        v = scores[item.key]
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
            raise AnswersError(f"{source}: key '{where}': expected a whole score 1-5, "
                               f"found {shown_value(v)}")
        out[item.key] = int(v)
    return out


def parse_answers(data: dict[str, Any], source: str = "<answers>") -> Answers:
    """Validate answers already read from TOML into a dict."""
    sections = [*CONDITIONS, "client"]
    scores: dict[str, Any] = {}
    for name, table in data.items():
        if name not in sections:
            raise AnswersError(f"{source}: unknown section [{shown(name)}]"
                               f"{did_you_mean(name, sections)}"
                               f"; expected {', '.join(f'[{s}]' for s in sections)}")
        if not isinstance(table, dict):
            raise AnswersError(f"{source}: '{name}' must be a table [{name}], "
                               f"found {shown_value(table)}")
        if name == "client":
            continue
        valid = [i.key for i in ITEMS if i.condition == name]
        for key, value in table.items():
            if key not in valid:
                raise AnswersError(f"{source}: unknown item '{shown(name)}.{shown(key)}'"
                                   f"{did_you_mean(key, valid)}")
            scores[key] = value
    client = dict(data.get("client", {}))
    for key, value in client.items():
        kind = CLIENT_KEYS.get(key)
        if kind is None:
            raise AnswersError(f"{source}: unknown key 'client.{shown(key)}'"
                               f"{did_you_mean(key, CLIENT_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, kind):
            raise AnswersError(f"{source}: key 'client.{key}': expected {kind.__name__}, "
                               f"found {shown_value(value)}")
        if isinstance(value, str) and control_in_name(value):
            raise AnswersError(f"{source}: key 'client.{key}': a name cannot contain a control "
                               f"character ({control_in_name(value)}), found "
                               f"{shown_value(value)}")
    if "headcount" in client and not 2 <= client["headcount"] <= 5_000_000:
        raise AnswersError(f"{source}: key 'client.headcount': expected 2 to 5,000,000, "
                           f"found {client['headcount']}")
    return Answers(scores=check_scores(scores, source), client=client, source=source)


def load_answers(path: str | Path) -> Answers:
    """Read and validate a quickscan answers file.

    Raises:
        AnswersError: one line naming the file, the key and what was expected.
    """
    p = Path(path)
    data = read_toml(p, "answers file", AnswersError)
    return parse_answers(data, shown(p))
