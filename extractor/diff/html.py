"""The diff as one self-contained HTML review page: inline CSS, no scripts, no external assets."""

from __future__ import annotations

from html import escape
from importlib import resources
from itertools import groupby
from typing import IO, Any

from extractor.diff.compare import Difference, DiffResult, claims
from extractor.diff.render import claim_in_sentence, gist, value_text, where


def write_html(result: DiffResult, out: IO[str], *, old_name: str = "OLD", new_name: str = "NEW") -> None:
    """The review page: per article, each differing claim in its sentence, old and new claims
    highlighted, and the fields that changed. Every text from the records is escaped."""
    style = resources.files("extractor.diff").joinpath("page.css").read_text(encoding="utf-8")
    title = f"extractor diff: {old_name} → {new_name}"
    out.write(
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<style>\n{style}</style>\n</head>\n<body>\n<h1>Claim differences</h1>\n"
        f'<p class="files">old <code>{escape(old_name)}</code> → new <code>{escape(new_name)}</code></p>\n'
        f'<p class="summary">{escape(result.summary())}</p>\n'
    )
    if result.identical:
        out.write("<p>No differences.</p>\n")
    for article, group in groupby(result.differences, key=lambda difference: difference.article):
        differences = list(group)
        if differences[0].kind.startswith("article_"):
            out.writelines(_whole_article(difference) for difference in differences)
        else:
            out.write(f'<section class="claims">\n<h2>{_article_link(article)}</h2>\n')
            out.writelines(_claim(difference) for difference in differences)
            out.write("</section>\n")
    out.write("</body>\n</html>\n")


def _whole_article(difference: Difference) -> str:
    side = "OLD" if difference.kind == "article_removed" else "NEW"
    label = "article removed" if difference.kind == "article_removed" else "article added"
    count = claims(max(difference.changes["claims"]))
    return (
        f'<section class="article {difference.kind}">\n<h2>{_article_link(difference.article)}</h2>\n'
        f'<p><span class="label">{label}</span> {count}, only in {side}</p>\n'
        "</section>\n"
    )


def _claim(difference: Difference) -> str:
    old, new = difference.old, difference.new
    record = new or old or {}
    ids = ""
    if old and new and old.get("claim_id") != new.get("claim_id"):
        moved = f"claim_id {old.get('claim_id')} → {new.get('claim_id')}"
        ids = f' <span class="ids">{escape(moved)}</span>'
    parts = [
        f'<div class="claim {difference.kind}">\n<p><span class="label">{difference.kind}</span> '
        f'<span class="where">{escape(where(record))}</span>{ids}</p>\n'
    ]
    if old and new and claim_in_sentence(old) != claim_in_sentence(new):
        parts += [_sentence(old, "old", "old"), _sentence(new, "new", "new")]
    else:
        parts.append(_sentence(record, "old" if new is None else "new", ""))
    if difference.kind == "changed":
        rows = [(name, before, after) for name, (before, after) in difference.changes.items()]
        parts.append(_table(("field", "old", "new"), rows))
    else:
        parts.append(_table(("field", "value"), list(gist(record).items())))
    parts.append("</div>\n")
    return "".join(parts)


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
        f"<tr><th>{escape(field)}</th>"
        + "".join(
            f'<td class="{css}">{escape(value_text(value))}</td>'
            for css, value in zip(header[1:], values, strict=True)
        )
        + "</tr>\n"
        for field, *values in rows
    )
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def _article_link(article: str) -> str:
    text = escape(article or "(no url or title)")
    if article.startswith(("https://", "http://")):
        return f'<a href="{escape(article)}">{text}</a>'
    return text
