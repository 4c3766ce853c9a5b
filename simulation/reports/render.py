"""One report outline, two renderings: Markdown and a self-contained HTML page.

A report (quickscan, compare) is built once as a list of blocks (heading,
paragraph, list, table, figure) and rendered twice, so the Markdown and the
HTML cannot tell different stories. The HTML embeds its figures as base64
data and its style inline: it opens offline, mailed as one file.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

Block = tuple[Any, ...]


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
