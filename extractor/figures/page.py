"""The figures page: one self-contained HTML file (inline CSS, script and SVG charts; nothing fetched).

It opens on a table of the quantities, the most claims first, each a link to its section: a heading
(what is counted, the category, whose, the unit), the flags, the chart and a table of who said what,
when, in which article, with the cue and the qualifier. Filters at the top (category, party, source,
since, flagged only) hide sections and rows; they can come with the address:
``figures.html?category=killed&source=kyiv&since=2022-12-01``. A chart always draws every figure of its
quantity.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from importlib import resources
from typing import IO

from extractor.figures.charts import chart_spec, chart_svg, charts_available
from extractor.figures.group import Figure, Filters, QuantityGroup

DEFAULT_CHARTS = 100  # charts for this many quantities, the most claims first: the page stays light
CHART_FROM = 2  # figures in a quantity: one figure alone needs no chart, its table row says it all
FLAGS_SHOWN = 4
FLAG_WORDS = {"disagreement": "disagree", "total_down": "total goes down"}
QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about",
    "more_than": "more than",
    "at_least": "at least",
    "fewer_than": "fewer than",
    "at_most": "at most",
    "range": "range",
}


def _attribute(text: str | None) -> str:
    return escape(text or "", quote=True)


def _link(url: str | None, text: str) -> str:
    """A link to the article when its URL is a web address (never ``javascript:`` or a local file)."""
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_attribute(url)}">{escape(text)}</a>'
    return escape(text)


def _figure_row(figure: Figure, flagged: set[str]) -> str:
    cue = escape(figure.cue or ("(the outlet's own figure)" if figure.own else ""))
    who = escape(figure.who) + (' <span class="inherited">(carried over)</span>' if figure.inherited else "")
    if figure.source_text and figure.source_text != figure.who:
        who += f'<div class="as-written">{escape(figure.source_text)}</div>'
    when = escape(figure.as_of or "undated")
    if figure.time_text:
        when += f'<div class="as-written">{escape(figure.time_text)}</div>'
    classes = ' class="flagged"' if figure.claim_id in flagged else ""
    return (
        f'<tr{classes} data-who="{_attribute(figure.who.lower())}" data-day="{_attribute(figure.as_of)}" '
        f'data-claim="{_attribute(figure.claim_id)}">'
        f"<td>{when}</td><td>{who}</td><td>{cue}</td>"
        f'<td class="figure">{escape(figure.text)}</td>'
        f"<td>{escape(QUALIFIER_WORDS.get(figure.qualifier, ''))}</td>"
        f"<td>{escape(figure.counted or '')}</td>"
        f"<td>{_link(figure.url, figure.title or figure.url or '(no title)')}"
        f'<div class="as-written">{escape(figure.site or "")}</div></td></tr>\n'
    )


def _section(group: QuantityGroup, chart: str | None) -> str:
    quantity = group.quantity
    flagged = {claim_id for flag in group.flags for claim_id in flag.claim_ids}
    sources = group.sources()
    articles = len({figure.url for figure in group.figures})
    parts = [
        f'<section class="quantity" id="q{group.rank}" data-category="{_attribute(quantity.category)}" '
        f'data-party="{_attribute(quantity.party)}" data-flags="{len(group.flags)}">\n',
        f"<h2>{escape(quantity.label)}</h2>\n",
        f'<p class="about"><code>{escape(quantity.key)}</code> · {len(group.figures)} claims · '
        f"{len(sources)} sources · {articles} articles</p>\n",
    ]
    if group.flags:
        items = [
            f'<li class="{flag.kind}"><strong>{FLAG_WORDS[flag.kind]}</strong>: {escape(flag.message)}</li>\n'
            for flag in group.flags
        ]
        parts += ['<ul class="flags">\n', *items[:FLAGS_SHOWN], "</ul>\n"]
        if items[FLAGS_SHOWN:]:  # the rest one click away: the chart and the table stay near the heading
            rest = "".join(items[FLAGS_SHOWN:])
            parts.append(
                f'<details class="flags"><summary>{len(items) - FLAGS_SHOWN} more flags</summary>'
                f'<ul class="flags">\n{rest}</ul></details>\n'
            )
    if chart:
        parts.append(f'<div class="chart">{chart}</div>\n')
    parts.append(
        '<table class="figures"><thead><tr><th>as of</th><th>who</th><th>cue</th><th>figure</th>'
        "<th>qualifier</th><th>counted</th><th>article</th></tr></thead>\n<tbody>\n"
    )
    parts += [_figure_row(figure, flagged) for figure in group.figures]
    parts.append("</tbody></table>\n</section>\n")
    return "".join(parts)


def _overview_row(group: QuantityGroup) -> str:
    return (
        f'<tr data-section="q{group.rank}">'
        f'<td><a href="#q{group.rank}">{escape(group.quantity.label)}</a></td>'
        f'<td class="count">{len(group.figures)}</td><td class="count">{len(group.sources())}</td>'
        f'<td class="count">{len(group.flags) or ""}</td></tr>\n'
    )


def _options(name: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{_attribute(v)}">{escape(v)}</option>' for v in sorted(set(values)))
    return f'<select name="{name}"><option value="">any {name}</option>{options}</select>'


def write_page(
    groups: Iterable[QuantityGroup],
    out: IO[str],
    *,
    filters: Filters | None = None,
    charts: int = DEFAULT_CHARTS,
    inputs: Iterable[str] = (),
) -> int:
    """Write the page; returns the number of quantities on it. Every text from the records is escaped.

    Sections are drawn one group at a time; only the overview table, a line per quantity, waits for
    all of them."""
    package = resources.files("extractor.figures")
    style = package.joinpath("page.css").read_text(encoding="utf-8")
    script = package.joinpath("page.js").read_text(encoding="utf-8")
    draw = charts > 0 and charts_available()
    sections, overview = [], []
    categories, parties, sources = set(), set(), set()
    claims = 0
    for group in groups:
        spec = (
            chart_spec(group) if draw and group.rank <= charts and len(group.figures) >= CHART_FROM else None
        )
        sections.append(_section(group, chart_svg(spec, f"q{group.rank}-") if spec else None))
        overview.append(_overview_row(group))
        categories.add(group.quantity.category)
        if group.quantity.party:
            parties.add(group.quantity.party)
        sources.update(figure.who for figure in group.figures)
        claims += len(group.figures)
    applied = ", ".join(
        f"{name} {' or '.join(value) if isinstance(value, list) else value}"
        for name, value in (filters or Filters()).to_dict().items()
        if value
    )
    source_list = "".join(f'<option value="{_attribute(who)}"></option>' for who in sorted(sources))
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Figures: {len(sections)} quantities, {claims} claims</title>\n<style>\n{style}</style>\n"
        "</head>\n<body>\n<header>\n<h1>Who said what, when</h1>\n"
        f'<p class="files">{escape(" ".join(inputs))}{escape(" · " + applied) if applied else ""}</p>\n'
        f'<p class="summary">{claims} claims, {len(sections)} quantities, the most claims first</p>\n'
        f'<form id="filters" onsubmit="return false">{_options("category", categories)}'
        f"{_options('party', parties)}"
        '<input name="source" list="sources" placeholder="source contains…" size="18">'
        f'<datalist id="sources">{source_list}</datalist>'
        '<label>since <input name="since" type="date"></label>'
        '<label><input name="flagged" type="checkbox"> flagged only</label>'
        '<span id="shown"></span></form>\n</header>\n'
        '<div class="overview"><table class="overview"><thead><tr><th>quantity</th><th>claims</th>'
        "<th>sources</th><th>flags</th></tr></thead>\n<tbody>\n"
    )
    out.writelines(overview)
    out.write("</tbody></table></div>\n<main>\n")
    out.writelines(sections)
    out.write(f"</main>\n<script>\n{script}</script>\n</body>\n</html>\n")
    return len(sections)
