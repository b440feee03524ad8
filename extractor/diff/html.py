"""The diff as one self-contained HTML review page: inline CSS and script, nothing fetched.

The page opens on a summary table (per article: title, site, and its added, removed and changed
claims, each row linking to the article's section), then one folding section per article headed by
its title with the URL beneath. A small inline script adds filters (by kind, by changed field, also
read from the page's query: ``review.html?kind=changed&field=source.name``), opens a section when its
link is followed, and opens or folds them all; without it every section is open and nothing hides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from itertools import groupby
from typing import IO, Any

from extractor.diff.compare import Difference, DiffResult, claims
from extractor.diff.render import GIST_FIELDS, claim_in_sentence, value_text, where

# The text diff's gist fields, with `source` and `time` whole: shown field by field.
CLAIM_FIELDS = tuple(dict.fromkeys(name.split(".")[0] for name in GIST_FIELDS))
OPEN_UP_TO = 40  # claim differences in all: a longer review starts with its sections folded
_KIND_OF_ARTICLE = {"article_added": "added", "article_removed": "removed"}


@dataclass
class _Section:
    """One article's differences, and what the summary table says of them."""

    anchor: str
    key: str
    differences: list[Difference]
    article: dict[str, Any] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def title(self) -> str:
        return self.article.get("title") or self.key or "(no url or title)"

    @property
    def whole(self) -> str | None:
        """``article_added`` or ``article_removed`` when the article is in one file only."""
        kind = self.differences[0].kind
        return kind if kind.startswith("article_") else None


def write_html(result: DiffResult, out: IO[str], *, old_name: str = "OLD", new_name: str = "NEW") -> None:
    """The review page. Every text from the records is escaped."""
    package = resources.files("extractor.diff")
    style = package.joinpath("page.css").read_text(encoding="utf-8")
    script = package.joinpath("page.js").read_text(encoding="utf-8")
    sections = _sections(result)
    claim_differences = sum(not section.whole for section in sections for _ in section.differences)
    folded = claim_differences > OPEN_UP_TO
    title = f"extractor diff: {old_name} → {new_name}"
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{style}</style>\n</head>\n<body>\n<header>\n<h1>Claim differences</h1>\n"
        f'<p class="files">old <code>{escape(old_name)}</code> → new <code>{escape(new_name)}</code></p>\n'
        f'<p class="summary">{escape(result.summary())}</p>\n</header>\n'
    )
    if result.identical:
        out.write("<p>No differences.</p>\n</body>\n</html>\n")
        return
    out.write(_overview(sections))
    out.write(_filters(sections))
    out.write("<main>\n")
    for section in sections:
        out.write(_section(section, folded))
    out.write(f"</main>\n<script>\n{script}</script>\n</body>\n</html>\n")


def _sections(result: DiffResult) -> list[_Section]:
    sections = []
    for number, (key, group) in enumerate(groupby(result.differences, key=lambda d: d.article), 1):
        section = _Section(f"article-{number}", key, list(group))
        for difference in section.differences:
            section.counts[_KIND_OF_ARTICLE.get(difference.kind, difference.kind)] += 1
            if not section.article:
                section.article = _article_of(difference)
        sections.append(section)
    return sections


def _article_of(difference: Difference) -> dict[str, Any]:
    if difference.kind.startswith("article_"):
        found = difference.new or difference.old
    else:
        found = (difference.new or difference.old or {}).get("article")
    return found if isinstance(found, dict) else {}


# -- the summary table and the filters --


def _overview(sections: list[_Section]) -> str:
    rows = []
    for section in sections:
        link = f'<a href="#{section.anchor}">{escape(section.title)}</a>'
        site = escape(section.article.get("site") or "")
        if section.whole:
            count = claims(max(section.differences[0].changes["claims"]))
            side = "NEW" if section.whole == "article_added" else "OLD"
            label = f"article {section.whole.removeprefix('article_')}: {count}, only in {side}"
            cells = f'<td colspan="3" class="{section.whole}">{escape(label)}</td>'
        else:
            cells = "".join(
                f'<td class="count {kind}">{section.counts[kind] or ""}</td>'
                for kind in ("added", "removed", "changed")
            )
        rows.append(f'<tr data-section="{section.anchor}"><td>{link}</td><td>{site}</td>{cells}</tr>\n')
    return (
        '<nav id="overview" aria-label="Articles">\n<table class="overview">\n'
        "<thead><tr><th>article</th><th>site</th><th>added</th><th>removed</th><th>changed</th></tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</nav>\n"
    )


def _filters(sections: list[_Section]) -> str:
    kinds: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for section in sections:
        kinds.update(section.counts)
        for difference in section.differences:
            if difference.kind == "changed":
                fields.update(_changed_fields(difference))
    boxes = "".join(
        f'<label class="{kind}"><input type="checkbox" name="kind" value="{kind}" checked> '
        f"{kind} ({kinds[kind]})</label>\n"
        for kind in ("added", "removed", "changed")
    )
    options = "".join(
        f'<option value="{escape(name)}">{escape(name)} ({count})</option>'
        for name, count in sorted(fields.items())
    )
    return (
        '<form id="filters" hidden>\n<span class="legend">show</span>\n'
        f"{boxes}"
        '<label>changed field <select name="field"><option value="">any</option>'
        f"{options}</select></label>\n"
        '<button type="button" id="open-all">open all</button>'
        '<button type="button" id="fold-all">fold all</button>\n'
        '<output id="shown"></output>\n</form>\n'
    )


# -- one article --


def _section(section: _Section, folded: bool) -> str:
    url = section.article.get("url") or (
        section.key if section.key.startswith(("http://", "https://")) else ""
    )
    about = [f'<a href="{escape(url)}">{escape(url)}</a>'] if url else []
    about += [escape(section.article[name]) for name in ("site", "published") if section.article.get(name)]
    if section.whole:
        count = claims(max(section.differences[0].changes["claims"]))
        kind = _KIND_OF_ARTICLE[section.whole]
        counts = f'<span class="{kind}">article {kind}, {count}</span>'
    else:
        counts = " ".join(
            f'<span class="{kind}">{section.counts[kind]} {kind}</span>'
            for kind in ("added", "removed", "changed")
            if section.counts[kind]
        )
    parts = [
        f'<details class="article" id="{section.anchor}"{"" if folded else " open"}>\n'
        f'<summary><h2>{escape(section.title)}</h2> <span class="counts">{counts}</span></summary>\n'
        f'<p class="about">{" · ".join(about)}</p>\n'
    ]
    if section.whole:
        parts += [_whole_article(difference) for difference in section.differences]
    else:
        parts += [_claim(difference) for difference in section.differences]
    parts.append('<p class="back"><a href="#overview">↑ all articles</a></p>\n</details>\n')
    return "".join(parts)


def _whole_article(difference: Difference) -> str:
    side = "OLD" if difference.kind == "article_removed" else "NEW"
    label = "article removed" if difference.kind == "article_removed" else "article added"
    count = claims(max(difference.changes["claims"]))
    kind = _KIND_OF_ARTICLE[difference.kind]
    return (
        f'<div class="item {difference.kind}" data-kind="{kind}">\n'
        f'<p><span class="label">{label}</span> {count}, only in {side}</p>\n</div>\n'
    )


def _claim(difference: Difference) -> str:
    old, new = difference.old, difference.new
    record = new or old or {}
    ids = ""
    if old and new and old.get("claim_id") != new.get("claim_id"):
        moved = f"claim_id {old.get('claim_id')} → {new.get('claim_id')}"
        ids = f' <span class="ids">{escape(moved)}</span>'
    fields = " ".join(_changed_fields(difference)) if difference.kind == "changed" else ""
    parts = [
        f'<div class="item claim {difference.kind}" data-kind="{difference.kind}" '
        f'data-fields="{escape(fields)}">\n<p><span class="label">{difference.kind}</span> '
        f'<span class="where">{escape(where(record))}</span>{ids}</p>\n'
    ]
    if old and new and claim_in_sentence(old) != claim_in_sentence(new):
        parts += [_sentence(old, "old", "old"), _sentence(new, "new", "new")]
    else:
        parts.append(_sentence(record, "old" if new is None else "new", ""))
    if difference.kind == "changed":
        rows = [
            (name, before, after)
            for changed, (old_value, new_value) in difference.changes.items()
            for name, before, after in _field_by_field(changed, old_value, new_value)
        ]
        parts.append(_table(("field", "old", "new"), rows))
    else:
        rows = [
            (name, value)
            for top in CLAIM_FIELDS
            for name, value, _ in _field_by_field(top, record.get(top), None)
            if value is not None
        ]
        parts.append(_table(("field", "value"), rows))
    parts.append("</div>\n")
    return "".join(parts)


def _changed_fields(difference: Difference) -> list[str]:
    """The dotted fields a change touches, objects that appeared or vanished counted by their fields."""
    return [
        name
        for changed, (before, after) in difference.changes.items()
        for name, _, _ in _field_by_field(changed, before, after)
    ]


def _field_by_field(name: str, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """(dotted field, old, new) rows: an object (``source``, ``time``) one row per field of either side."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return [(name, old, new)]
    old_fields = old if isinstance(old, dict) else {}
    new_fields = new if isinstance(new, dict) else {}
    rows = []
    for key in dict.fromkeys([*old_fields, *new_fields]):
        rows += _field_by_field(f"{name}.{key}", old_fields.get(key), new_fields.get(key))
    return rows


def _sentence(record: dict[str, Any], mark: str, side: str) -> str:
    before, number, after = claim_in_sentence(record)
    label = f'<span class="side">{side}</span> ' if side else ""
    return (
        f'<p class="sentence">{label}{escape(before)}<mark class="{mark}">{escape(number)}</mark>'
        f"{escape(after)}</p>\n"
    )


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    """Rows of (field, value...) under `header`; the value columns are classed by their header."""
    if not rows:
        return ""
    head = "".join(f"<th>{name}</th>" for name in header)
    body = "".join(
        f"<tr><th>{escape(name)}</th>"
        + "".join(
            f'<td class="{css}{" null" if value is None else ""}">{escape(value_text(value))}</td>'
            for css, value in zip(header[1:], values, strict=True)
        )
        + "</tr>\n"
        for name, *values in rows
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"
