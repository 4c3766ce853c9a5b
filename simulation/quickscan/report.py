"""The quickscan report: report.md and a self-contained report.html from one outline.

Written for a client's manager, in the order a consultant presents it: where
you stand, what happens if nothing changes, what to do first and why, then how
it was made. The report is built once as a list of blocks (heading,
paragraph, list, table, figure) and rendered twice, so the Markdown and the
HTML cannot tell different stories. The HTML embeds its figures as base64
data and its style inline: it opens offline, mailed as one file.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

from simulation.quickscan.answers import CONDITIONS, ITEMS
from simulation.quickscan.mapping import maturity_level

Block = tuple[Any, ...]


def pct(x: float) -> str:
    """A share as a whole percentage."""
    return f"{100 * x:.0f} %"


def pp(x: float) -> str:
    """A difference of shares in percentage points, signed."""
    return f"{100 * x:+.1f} pp"


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


def _gain(step: dict[str, Any], key: str, scale: float = 100.0, unit: str = " pp") -> str:
    g, lo, hi = (step[f"{key}_{s}"] * scale for s in ("gain", "lo", "hi"))
    return f"{g:+.1f}{unit} ({lo:+.1f} to {hi:+.1f})"


def outline(r: dict[str, Any]) -> list[Block]:
    """The report as blocks, from a :func:`~simulation.quickscan.forecast.quickscan` result."""
    mat, now, impact = r["maturity"], r["now"], r["impact_available"]
    where = r["setting"]
    years = r["weeks"] / 52
    order = sorted(CONDITIONS, key=lambda c: mat[c])
    weak, strong = order[0], order[-1]
    sim = [s for s in r["steps"] if not s["in_place"]]
    top = sim[0] if sim else None
    u = now["usage"][0]
    ulo, uhi = now["usage_range"]
    peak, _, _ = now["peak"]
    late = now["peak_week"] > 0.7 * r["weeks"]
    shape = (f"use is still creeping up at the end (peak {pct(peak)})" if late else
             f"use peaks at {pct(peak)} around week {now['peak_week']} and then falls back: "
             "the honeymoon is over")
    blocks: list[Block] = [
        ("h1", f"Quickscan: {r['client']}"),
        ("p", "Internal community maturity, forecast and next steps"
              + (f" — {r['date']}" if r.get("date") else "")
              + f". {where['headcount']:,} people in {len(where['departments'])} departments "
              f"({where['note']}); community hosted by {where['hosting_department']}."),
        ("h2", "In short"),
    ]
    if mat[weak] == mat[strong]:
        stand = (f"**Where you stand.** All four conditions score {mat[weak]:.0f}/100 "
                 f"({maturity_level(mat[weak])}).")
    else:
        stand = (f"**Where you stand.** Strongest condition: {CONDITIONS[strong].lower()} "
                 f"({mat[strong]:.0f}/100, {maturity_level(mat[strong])}); weakest: "
                 f"{CONDITIONS[weak].lower()} ({mat[weak]:.0f}/100, "
                 f"{maturity_level(mat[weak])}).")
    short = [
        stand,
        f"**If nothing changes.** After {years:.0f} year{'s' if years >= 1.5 else ''}, about "
        f"{pct(u)} of staff contribute or have embedded the platform in their work "
        f"({pct(ulo)} to {pct(uhi)} in 90 % of simulated futures); {shape}.",
    ]
    if top is not None:
        more = ""
        if impact:
            more = f" and impact by {_gain(top, 'impact', 1.0, '')}"
        surer = next((s for s in sim if s["clear"]), None)
        if top["clear"]:
            caution = ""
        elif surer is None:
            caution = (" No step shows a clear gain in these simulations (every interval "
                       "includes zero): run more replicates before acting on the order.")
        else:
            caution = (f" Its interval includes zero; {surer['title'].lower()} "
                       f"({_gain(surer, 'usage')}) is the surer gain.")
        short.append(f"**What to do first: {top['title'].lower()}.** In the simulations it "
                     f"raises sustained use by {_gain(top, 'usage')}{more}. Why: {top['why']}"
                     f"{caution}")
        if len(sim) > 1:
            nxt = "; ".join(f"{s['title'].lower()} ({pp(s['usage_gain'])})" for s in sim[1:3])
            short.append(f"**Then:** {nxt}.")
    blocks.append(("ul", short))
    # 1. Where you stand.
    blocks += [("h2", "1. Where you stand"),
               ("p", "The quickscan scores the four conditions for a community that lasts and "
                     "contributes to the organisation: usage (six adoption factors and attention "
                     "value), goal-orientation, organisation, and integration in work processes. "
                     "Each score is the mean of its items (1-5) rescaled to 0-100."),
               ("img", "maturity.png", "Maturity scores of the four conditions")]
    rows = []
    for cond in CONDITIONS:
        items = [i for i in ITEMS if i.condition == cond]
        low = min(items, key=lambda i: r["scores"][i.key])
        sc = r["scores"][low.key]
        rows.append([CONDITIONS[cond], f"{mat[cond]:.0f}", maturity_level(mat[cond]),
                     f"{low.label} ({sc}/5): {_anchor(low.key, sc)}"])
    blocks.append(("table", ["condition", "score", "level", "weakest item"], rows))
    # 2. Nothing changes.
    blocks += [
        ("h2", "2. What happens if nothing changes"),
        ("p", f"The model simulates {r['replicates']} possible futures of your organisation as "
              f"it is now, week by week for {r['weeks']} weeks. The orange band holds 90 % of "
              "them; the dashed blue line shows the first recommended step. "
              + r.get("uncertainty", {}).get("statement", "")),
        ("img", "forecast.png", "Forecast of the share of staff contributing"),
        ("p", f"Sustained use — the share contributing or embedded over the last quarter — ends "
              f"at about **{pct(u)}** of staff; {shape}. Usage is not success: what counts is "
              "what the community keeps contributing after the honeymoon weeks, to goals and "
              "to daily work."),
    ]
    if impact and now["impact"] is not None:
        blocks.append(("p", f"Impact at the horizon (cross-department knowledge exchange weighted "
                            f"by process integration): {now['impact'][0]:.3f}."))
    # 3. What to do first.
    blocks += [("h2", "3. What to do first"),
               ("p", "Each candidate step from the two source documents was simulated on top of "
                     "your current situation with the same random futures as 'no change', so "
                     "the difference is the step's effect. Gains are means over the futures "
                     "with a 95 % confidence interval; a gain is clear when the whole interval "
                     "is above zero.")]
    if not impact:
        blocks.append(("p", "**Ranking note:** this model version reports no impact measure, so "
                            "the steps are ranked by their gain in sustained use only."))
    blocks.append(("img", "steps.png", "Next steps ranked by gain"))
    header = ["#", "step", "gain in sustained use (95 % CI)"]
    if impact:
        header.append("gain in impact (95 % CI)")
    header.append("verdict")
    rows = []
    for s in sim:
        row = [str(s["rank"]), s["title"], _gain(s, "usage")]
        if impact:
            row.append(_gain(s, "impact", 1.0, ""))
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
            "Your answers were turned into model parameters by a fixed, documented table "
            "(docs/quickscan.md); a higher score never makes the forecast worse on its condition.",
            f"Each arm ran {r['replicates']} times with seeds {r['seed']} to "
            f"{r['seed'] + r['replicates'] - 1}; future *i* uses the same seed in every arm "
            "(common random numbers). Intervals are t-intervals of the paired differences.",
            "Sustained use is the mean share of staff contributing or embedded over the last "
            "13 weeks" + ("; impact is the model's impact measure over the same weeks."
                          if impact else "."),
            "This is a model, not a promise: trust the order of the steps and the size of the "
            "differences more than any single percentage.",
        ]),
        ("h2", "Appendix: your answers and what they set"),
    ]
    params = r["parameters"]
    from simulation.quickscan.mapping import items_of

    rows = []
    for item in ITEMS:
        set_ = [f"{k} = {params[k]}" for k in params if item.key in items_of(k)]
        rows.append([CONDITIONS[item.condition], item.label, str(r["scores"][item.key]),
                     ", ".join(set_) or "(with other items)"])
    blocks.append(("table", ["condition", "item", "score", "model parameters"], rows))
    return blocks


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    """Render the outline as Markdown (figures as relative links to the PNGs)."""
    out: list[str] = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "h3"):
            out.append("#" * int(kind[1]) + " " + rest[0])
        elif kind == "p":
            out.append(rest[0])
        elif kind == "ul":
            out.append("\n".join(f"- {x}" for x in rest[0]))
        elif kind == "img":
            out.append(f"![{rest[1]}]({rest[0]})")
        elif kind == "table":
            header, rows = rest
            lines = ["| " + " | ".join(map(_md_cell, header)) + " |",
                     "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _inline(text: str) -> str:
    """Escape text and turn **bold** and *italic* into tags."""
    t = html.escape(text)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", t)


CSS = """
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1.5rem;color:#222;line-height:1.5}
h1{font-size:2rem;margin-bottom:.2rem;color:#0b3d63}h2{margin-top:2.2rem;color:#0b3d63;
border-bottom:2px solid #0072B2;padding-bottom:.2rem}h3{color:#0b3d63}
ul.short li{margin:.5rem 0}img{max-width:100%;display:block;margin:1rem auto}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef4f8}td:nth-child(1){white-space:nowrap}
.summary{background:#f4f8fb;border-left:5px solid #0072B2;padding:.3rem 1rem}
footer{margin-top:3rem;color:#777;font-size:.85rem}
"""


def to_html(blocks: list[Block], images: dict[str, bytes], footer: str = "") -> str:
    """Render the outline as one self-contained HTML page (figures inlined as base64)."""
    title = next((b[1] for b in blocks if b[0] == "h1"), "Quickscan")
    body: list[str] = []
    after_short = False
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{_inline(rest[0])}</{kind}>")
            after_short = rest[0] == "In short"
        elif kind == "p":
            body.append(f"<p>{_inline(rest[0])}</p>")
        elif kind == "ul":
            items = "".join(f"<li>{_inline(x)}</li>" for x in rest[0])
            body.append(f'<div class="summary"><ul class="short">{items}</ul></div>'
                        if after_short else f"<ul>{items}</ul>")
        elif kind == "img":
            data = base64.b64encode(images[rest[0]]).decode("ascii")
            body.append(f'<img src="data:image/png;base64,{data}" alt="{html.escape(rest[1])}">')
        elif kind == "table":
            header, rows = rest
            head = "".join(f"<th>{_inline(h)}</th>" for h in header)
            trs = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                          for row in rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{trs}</tbody></table>")
    foot = f"<footer>{_inline(footer)}</footer>" if footer else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}{foot}</body></html>\n")
