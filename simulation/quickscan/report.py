"""The quickscan report: report.md and a self-contained report.html from one outline.

Written for a client's manager, in the order a consultant presents it: where
you stand, what happens if nothing changes, what to do first and why, then how
it was made. The report is built once as a list of blocks (heading,
paragraph, list, table, figure) and rendered twice, so the Markdown and the
HTML cannot tell different stories. The HTML embeds its figures as base64
data and its style inline: it opens offline, mailed as one file.
"""

from __future__ import annotations

from typing import Any

from simulation.quickscan.answers import CONDITIONS, ITEMS
from simulation.quickscan.mapping import maturity_level
from simulation.reports.numbers import decimals_for, num, span
from simulation.reports.render import Block, to_html, to_markdown

__all__ = ["outline", "to_html", "to_markdown"]  # the renderers are the reports' own


def pct(x: float) -> str:
    """A share as a percentage: whole numbers, more decimals only where a whole would read 0."""
    return f"{num(100 * x, 0)} %"


def pp(x: float) -> str:
    """A difference of shares as people per 100 employees, signed, never a false zero."""
    return f"{num(100 * x, 1, signed=True)} per 100 employees"


USE = "people per 100 employees who contribute or have made the platform part of their work"
EXCHANGE = ("useful cross-department exchanges per 100 employees per month: occasions on "
            "which someone uses in their work something they learnt from another department "
            "through the community")


def _anchor(item_key: str, score: int) -> str:
    item = next(i for i in ITEMS if i.key == item_key)
    return {1: item.low, 3: item.mid, 5: item.high}.get(
        score, f"between '{item.low if score == 2 else item.mid}' and "
               f"'{item.mid if score == 2 else item.high}'")


def _verdict(step: dict[str, Any], impact: bool) -> str:
    if impact and step.get("impact_lo", 0) > 0:
        return "clear gain"
    if step["usage_lo"] > 0:
        return "clear gain" if step["usage_gain"] >= 0.01 else "small gain"
    if step["usage_hi"] < 0:
        return "worse"
    return "uncertain"


def _gain(step: dict[str, Any], key: str, scale: float = 100.0, unit: str = "") -> str:
    """``+18.1 (likely +16.8 to +19.4)``: the gain, then its 95 % range, at one precision."""
    g, lo, hi = (step[f"{key}_{s}"] * scale for s in ("gain", "lo", "hi"))
    d = max(decimals_for(v, 1) for v in (g, lo, hi))
    return f"{num(g, d, signed=True)}{unit} (likely {span(lo, hi, d)})"


def ranking_rule(impact: bool) -> str:
    """The rule that orders the steps, in words, printed where the ranking is."""
    if impact:
        return ("**How the steps are ordered:** each step gets a place on its gain in use "
                "(1 = largest) and a place on its gain in useful exchange; the step with the "
                "smallest sum of the two places comes first (on a tie, the larger gain in use "
                "wins). A step must do well on both to come first, so a step with a larger gain "
                "in use can stand below one that is more balanced; both places are in the "
                "table.")
    return ("**How the steps are ordered:** by their gain in use, largest first (this model "
            "version reports no exchange measure, so use is the only criterion).")


def outline(r: dict[str, Any]) -> list[Block]:
    """The report as blocks, from a :func:`~simulation.quickscan.forecast.quickscan` result."""
    mat, now, impact = r["maturity"], r["now"], r["impact_available"]
    where = r["setting"]
    years = r["weeks"] / 52
    horizon = (f"{years:.0f} year{'s' if years >= 1.5 else ''}" if years >= 1
               else f"{round(r['weeks'] / 4.35)} months")
    order = sorted(CONDITIONS, key=lambda c: mat[c])
    weak, strong = order[0], order[-1]
    sim = [s for s in r["steps"] if not s["in_place"]]
    top = sim[0] if sim else None
    u = now["usage"][0]
    ulo, uhi = now["usage_range"]
    peak, _, _ = now["peak"]
    late = now["peak_week"] > 0.7 * r["weeks"]
    peak_month = max(1, round(now["peak_week"] / 4.35))
    shape = (f"use is still creeping up at the end (highest: {num(100 * peak, 0)} in 100)"
             if late else
             f"use peaks at {num(100 * peak, 0)} in 100 around month {peak_month} and then "
             "falls back: the first enthusiasm wears off")
    blocks: list[Block] = [
        ("h1", f"Quickscan: {r['client']}"),
        ("p", "Internal community maturity, forecast and next steps"
              + (f" — {r['date']}" if r.get("date") else "")
              + f". {where['headcount']:,} people ({where['note']}) in "
              f"{len(where['departments'])} departments; the community is hosted by "
              f"{where['hosting_department']}."),
        ("h2", "In short"),
    ]
    if mat[weak] == mat[strong]:
        stand = (f"**Where you stand.** All four conditions score {mat[weak]:.0f} out of 100 "
                 f"({maturity_level(mat[weak])}).")
    else:
        stand = (f"**Where you stand.** Strongest condition: {CONDITIONS[strong].lower()} "
                 f"({mat[strong]:.0f} out of 100, {maturity_level(mat[strong])}); weakest: "
                 f"{CONDITIONS[weak].lower()} ({mat[weak]:.0f} out of 100, "
                 f"{maturity_level(mat[weak])}).")
    short = [
        stand,
        f"**If nothing changes.** After {horizon}, about {num(100 * u, 0)} in 100 employees "
        f"contribute or have made the platform part of their work ({num(100 * ulo, 0)} to "
        f"{num(100 * uhi, 0)} in 90 % of the simulated futures); {shape}.",
    ]
    if top is not None:
        more = ""
        if impact:
            more = (f", and useful exchanges across departments by "
                    f"{_gain(top, 'impact', 1.0)} per 100 employees a month")
        surer = next((s for s in sim if s["clear"]), None)
        if top["clear"]:
            caution = ""
        elif surer is None:
            caution = (" No step shows a clear gain in these simulations (every likely range "
                       "includes zero): simulate more futures before acting on the order.")
        else:
            caution = (f" Its likely range includes zero; {surer['title'].lower()} "
                       f"({_gain(surer, 'usage')} per 100 employees) is the surer gain.")
        short.append(f"**What to do first: {top['title'].lower()}.** In the simulations it "
                     f"raises lasting use by {_gain(top, 'usage')} per 100 employees{more}. "
                     f"Why: {top['why']}{caution}")
        if len(sim) > 1:
            nxt = "; ".join(f"{s['title'].lower()} ({pp(s['usage_gain'])})" for s in sim[1:3])
            short.append(f"**Then:** {nxt}.")
    blocks.append(("ul", short))
    # 1. Where you stand.
    blocks += [("h2", "1. Where you stand"),
               ("p", "The quickscan scores the four conditions for a community that lasts and "
                     "contributes to the organisation: usage (what makes people start and keep "
                     "using it), goals, organisation, and how far daily work runs through the "
                     "platform. Each score is the average of its questions (answered 1 to 5), "
                     "shown on a scale of 0 to 100."),
               ("img", "maturity.png", "Maturity scores of the four conditions")]
    rows = []
    for cond in CONDITIONS:
        items = [i for i in ITEMS if i.condition == cond]
        low = min(items, key=lambda i: r["scores"][i.key])
        sc = r["scores"][low.key]
        rows.append([CONDITIONS[cond], f"{mat[cond]:.0f}", maturity_level(mat[cond]),
                     f"{low.label} ({sc} of 5): {_anchor(low.key, sc)}"])
    blocks.append(("table", ["condition", "score (0-100)", "level", "weakest point"], rows))
    # 2. Nothing changes.
    blocks += [
        ("h2", "2. What happens if nothing changes"),
        ("p", f"The model simulates {r['replicates']} possible futures of your organisation as "
              f"it is now, week by week for {horizon}. The orange band holds 90 % of "
              "them; the dashed blue line shows the first recommended step. "
              + r.get("uncertainty", {}).get("statement", "")),
        ("img", "forecast.png", "Forecast of the share of staff contributing"),
        ("p", f"Lasting use — the people contributing or working through the platform, "
              f"averaged over the last three months — ends at about **{num(100 * u, 0)} in 100 "
              f"employees**; {shape}. Usage is not success: what counts is what the community "
              "keeps contributing after the first enthusiasm, to goals and to daily work."),
    ]
    if impact and now["impact"] is not None:
        blocks.append(("p", f"Useful exchange at the end: about "
                            f"**{num(now['impact'][0], 1)} useful exchanges across departments "
                            "per 100 employees a month**: occasions on which someone uses "
                            "something they learnt from another department through the "
                            "community, counted only as far as it lands in their work."))
    # 3. What to do first.
    blocks += [("h2", "3. What to do first"),
               ("p", "Each candidate step was simulated on top of your current situation, in the "
                     "same simulated futures as 'no change' (the same chance events), so the "
                     "difference is the step's own effect. Gains are averages over those "
                     "futures; 'likely' gives the range that holds the true average gain with "
                     "95 % confidence, counting "
                     + ("chance in the simulations only" if r.get("uncertainty", {}).get(
                         "kind", "chance") == "chance" else
                        "chance and the parameter uncertainty stated in section 2")
                     + " (not doubt about the model itself). A gain is clear when its whole "
                     "likely range is above zero."),
               ("p", f"Units: gain in use = extra {USE}; gain in useful exchange = extra "
                     f"{EXCHANGE}.")]
    blocks.append(("img", "steps.png", "Next steps ranked by gain"))
    blocks.append(("p", ranking_rule(impact)))
    header = ["order", "step", "gain in use per 100 employees"]
    if impact:
        header += ["gain in useful exchanges per 100 employees a month",
                   "place on use + place on exchange"]
    header.append("verdict")
    rows = []
    for s in sim:
        row = [str(s["rank"]), s["title"], _gain(s, "usage")]
        if impact:
            row.append(_gain(s, "impact", 1.0))
            if "usage_place" in s:
                row.append(f"{s['usage_place']} + {s['impact_place']} = "
                           f"{s['usage_place'] + s['impact_place']}")
            else:
                row.append("")
        rows.append([*row, _verdict(s, impact)])
    blocks.append(("table", header, rows))
    done = [s for s in r["steps"] if s["in_place"]]
    if done:
        blocks.append(("p", "Already in place, so not simulated: "
                            + "; ".join(s["title"].lower() for s in done) + "."))
    blocks.append(("h3", "Why these first"))
    for s in sim[:3]:
        blocks.append(("p", f"**{s['rank']}. {s['title']}.** {s['what']} {s['why']}"))
    # 4. Method.
    blocks += [
        ("h2", "4. How this was made"),
        ("ul", [
            "Your answers were turned into model settings by a fixed, documented table "
            "(docs/quickscan.md); a better answer never makes the forecast worse on its "
            "condition.",
            f"Each option was simulated in the same {r['replicates']} futures (numbered "
            f"{r['seed']} to {r['seed'] + r['replicates'] - 1}), so options are compared under "
            "the same chance events.",
            "Lasting use is the average share of staff contributing or working through the "
            "platform over the last three months"
            + ("; useful exchange is averaged over the same months." if impact else "."),
            "This is a model, not a promise: trust the order of the steps and the size of the "
            "differences more than any single number.",
        ]),
        ("h2", "Appendix: your answers and what they set"),
        ("p", "For the consultant: the model settings each answer sets (names as in the "
              "scenario files)."),
    ]
    params = r["parameters"]
    from simulation.quickscan.mapping import items_of

    rows = []
    for item in ITEMS:
        set_ = [f"{k} = {params[k]}" for k in params if item.key in items_of(k)]
        rows.append([CONDITIONS[item.condition], item.label, str(r["scores"][item.key]),
                     ", ".join(set_) or "(with other items)"])
    blocks.append(("table", ["condition", "question", "answer (1-5)", "model settings"], rows))
    return blocks
