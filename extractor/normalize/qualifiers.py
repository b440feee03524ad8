"""Qualifier words around a number ("more than", "nearly", "or so") → a qualifier and the bounds it implies.

The phrase table is `qualifiers.tsv` next to this module: one phrase, its qualifier and a note per line.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from extractor.records import QUALIFIERS

Number = int | float


@cache
def _table() -> dict[str, str]:
    text = resources.files("extractor.normalize").joinpath("qualifiers.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, qualifier = line.split("\t")[:2]
        if qualifier not in QUALIFIERS:
            raise ValueError(f"qualifiers.tsv: unknown qualifier {qualifier!r} for {phrase!r}")
        table[phrase.strip().lower()] = qualifier
    return table


@cache
def _pattern() -> re.Pattern[str]:
    # Longest phrases first, so the regex alternation prefers "just under" to "under".
    phrases = sorted(_table(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])")


def qualifier_of(words: str) -> str | None:
    """The qualifier named by the words around a number, or None when they name none.
    When several phrases occur, the longest wins."""
    text = " ".join(words.lower().replace("’", "'").split())
    found = _pattern().findall(text)
    if not found:
        return None
    return _table()[max(found, key=len)]


def bounds(qualifier: str, value: Number) -> tuple[Number | None, Number | None]:
    """The inclusive (lower, upper) bounds a qualifier implies for a value; None where unbounded."""
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("fewer_than", "at_most"):
        return None, value
    if qualifier == "approximately":
        return None, None
    raise ValueError(f"no bounds for qualifier {qualifier!r}")


def qualifier_phrase(words: str) -> str | None:
    """The qualifier when the words are exactly one phrase of the table ("more than"), else None."""
    return _table().get(" ".join(words.lower().replace("’", "'").split()))
