"""The diff as text for a reader (optionally coloured) and as JSON Lines for programs."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from extractor.diff.compare import Difference, DiffResult, claims

MARK = ("[[", "]]")  # around the number in its sentence
# What a reader needs to recognise an added or removed claim, in this order.
GIST_FIELDS = (
    "value",
    "qualifier",
    "lower",
    "upper",
    "unit",
    "counted",
    "category",
    "party",
    "source.name",
    "time.text",
    "rate_per",
)

_SIGNS = {"removed": "-", "added": "+", "changed": "~", "article_removed": "-", "article_added": "+"}
_COLOURS = {
    "removed": "red",
    "added": "green",
    "changed": "yellow",
    "article_removed": "red",
    "article_added": "green",
}


def write_json(result: DiffResult, out: IO[str]) -> None:
    """One JSON object per difference, one per line (keys: kind, article, claim_id, old, new, changes)."""
    for difference in result.differences:
        out.write(json.dumps(difference.to_dict(), ensure_ascii=False) + "\n")


def write_text(result: DiffResult, out: IO[str], *, color: bool = False) -> None:
    """A reader's diff: a header per article, a line per difference, and a summary line last."""
    article = None
    for difference in result.differences:
        if difference.article != article and not difference.kind.startswith("article_"):
            article = difference.article
            out.write(_style(f"@@ {article or '(no url or title)'}", color, bold=True) + "\n")
        for line in _lines(difference):
            out.write(_style(line, color, fg=_COLOURS[difference.kind]) + "\n")
    out.write(_style(result.summary(), color, bold=True) + "\n")


def claim_in_sentence(record: dict[str, Any]) -> tuple[str, str, str]:
    """The claim's sentence split around the number: (before, number, after). The record does not say
    where its sentence starts, so a number written twice in one sentence is taken at its first place;
    a number not found in its sentence is put before it."""
    sentence, text = record.get("sentence") or "", record.get("text") or ""
    at = sentence.find(text) if text else -1
    if at < 0:
        return "", text, (" " + sentence if sentence else "")
    return sentence[:at], text, sentence[at + len(text) :]


def value_text(value: Any) -> str:
    """A field value as JSON (null, "quoted strings", numbers)."""
    return json.dumps(value, ensure_ascii=False)


def gist(record: dict[str, Any]) -> dict[str, Any]:
    """The fields of `GIST_FIELDS` that the record fills in, dotted names to values."""
    found = {}
    for name in GIST_FIELDS:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            found[name] = value
    return found


def where(record: dict[str, Any]) -> str:
    paragraph = record.get("paragraph")
    return f"¶{paragraph}" if isinstance(paragraph, int) else "headline"


def _lines(difference: Difference) -> list[str]:
    sign = _SIGNS[difference.kind]
    if difference.kind.startswith("article_"):
        count = claims(max(difference.changes["claims"]))
        side = "OLD" if difference.kind == "article_removed" else "NEW"
        return [f"{sign} article {difference.article or '(no url or title)'}: {count}, only in {side}"]
    record = difference.new or difference.old or {}
    before, number, after = claim_in_sentence(record)
    head = f'{sign} {where(record)} "{before}{MARK[0]}{number}{MARK[1]}{after}"'
    if difference.kind != "changed":
        return [
            head,
            "    " + ", ".join(f"{name}={value_text(value)}" for name, value in gist(record).items()),
        ]
    old_id = (difference.old or {}).get("claim_id")
    if old_id != difference.claim_id:
        head += f"  (claim_id {old_id} → {difference.claim_id})"
    changes = [
        f"    {name}: {value_text(old)} → {value_text(new)}"
        for name, (old, new) in difference.changes.items()
    ]
    return [head, *changes]


def _style(line: str, color: bool, **style: Any) -> str:
    return click.style(line, **style) if color else line
