"""The quantity key: claims that measure the same thing share one.

A key is five parts joined by ``|``, each ``-`` when the record has nothing there:

    category | party | head | unit | rate_per          e.g.  killed|Russia|soldier|-|-

with ``|change`` appended for a move ("rose by 30", ``kind: "change"``), which measures something else
than the level it moves. ``head`` is the word the `counted` phrase is about, reduced to its singular
and folded with its synonyms ("troops", "soldiers" and "servicemen" are ``soldier``; in ``killed``,
"deaths", "the dead" and "the death toll" are ``people``, and so is a side's ``soldier`` when the record
has a party); a percent change of prices is the level of inflation. The word lists are data
(`extractor/figures/quantities.json`). The key reads nothing but the record, so it is the same on every
run and machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SEPARATOR = "|"
NOTHING = "-"
_WORD = re.compile(r"[a-z0-9][a-z0-9'’.-]*")


@dataclass(frozen=True)
class Quantity:
    """What a claim measures: the parts of its key."""

    category: str
    party: str | None
    head: str | None
    unit: str | None
    rate_per: str | None
    change: bool = False

    @property
    def key(self) -> str:
        parts = [self.category, self.party, self.head, self.unit, self.rate_per]
        text = SEPARATOR.join(NOTHING if part is None else part.replace(SEPARATOR, "/") for part in parts)
        return text + f"{SEPARATOR}change" if self.change else text

    @property
    def label(self) -> str:
        """A heading for people: "soldier · killed · Russia", "price · percent · change"."""
        parts = [self.head or "(not named)", self.category]
        parts += [part for part in (self.party, self.unit, self.rate_per and f"per {self.rate_per}") if part]
        if self.change:
            parts.append("change")
        return " · ".join(parts)


@dataclass(frozen=True)
class _Words:
    cut_before: frozenset[str]
    generic_heads: frozenset[str]
    skipped_modifiers: frozenset[str]
    compound_heads: frozenset[str]
    plurals: dict[str, str]
    synonyms: dict[str, str]  # variant → canonical
    by_category: dict[str, dict[str, str]]
    changes_as_levels: dict[str, str]
    party_categories: frozenset[str]
    party_folds: dict[str, str]


@cache
def _words() -> _Words:
    data = json.loads(resources.files("extractor.figures").joinpath("quantities.json").read_text("utf-8"))

    def folded(table: dict[str, list[str]]) -> dict[str, str]:
        return {variant: canonical for canonical, variants in table.items() for variant in variants}

    return _Words(
        cut_before=frozenset(data["cut_before"]),
        generic_heads=frozenset(data["generic_heads"]),
        skipped_modifiers=frozenset(data["skipped_modifiers"]),
        compound_heads=frozenset(data["compound_heads"]),
        plurals=data["plurals"],
        synonyms=folded(data["synonyms"]),
        by_category={category: folded(table) for category, table in data["by_category"].items()},
        changes_as_levels=data["changes_as_levels"],
        party_categories=frozenset(data["with_party"]["categories"]),
        party_folds=data["with_party"]["fold"],
    )


def singular(word: str) -> str:
    """The singular of an English noun, by the irregular table, then the regular endings."""
    words = _words()
    if word in words.plurals:
        return words.plurals[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def head_of(counted: str | None, category: str) -> str | None:
    """The head word of what a claim counts, singular, synonyms folded; None when nothing is named."""
    if not counted:
        return None
    words = _words()
    tokens = _WORD.findall(counted.lower())
    for index, token in enumerate(tokens):
        if index and token in words.cut_before:  # "soldiers killed and wounded": the head is before
            tokens = tokens[:index]
            break
    # numbers and possessors ("Russia's tank losses") say how many or whose, not what
    tokens = [t for t in tokens if not t[0].isdigit() and not t.endswith(("'s", "’s"))]
    tokens = [singular(token) for token in tokens]
    if not tokens:
        return None
    in_category = words.by_category.get(category, {})
    tables = (in_category, words.synonyms)
    for size in range(len(tokens), 1, -1):  # a synonym of several words: "unmanned aerial vehicles"
        phrase = " ".join(tokens[-size:])
        for table in tables:
            if phrase in table:
                return table[phrase]
    head = tokens[-1]
    modifiers = [t for t in tokens[:-1] if t not in words.skipped_modifiers]
    while head in words.generic_heads and modifiers:  # "tank losses", "the death toll"
        head = modifiers.pop()
    if head in words.compound_heads and modifiers:  # "core prices", "unemployment rate"
        head = f"{modifiers.pop()} {head}"
    for table in tables:
        if head in table:
            return table[head]
    return head


def quantity_of(record: dict[str, Any]) -> Quantity:
    """The quantity a claim record measures."""
    words = _words()
    category = record.get("category") or "other"
    party = record.get("party")
    head = head_of(record.get("counted"), category)
    change = record.get("kind") == "change"
    rate_per = record.get("rate_per")
    if (
        change
        and record.get("unit") == "percent"
        and head in words.changes_as_levels
        and rate_per in (None, "year")
    ):
        # prices up 7.1% over a year: inflation at 7.1%
        head, change, rate_per = words.changes_as_levels[head], False, None
    if party and category in words.party_categories:
        head = words.party_folds.get(head, head)  # a side's soldiers killed, its deaths: one tally
    return Quantity(
        category=category,
        party=party,
        head=head,
        unit=record.get("unit"),
        rate_per=rate_per,
        change=change,
    )


def quantity_key(record: dict[str, Any]) -> str:
    """The quantity key of a claim record (a dict as the JSON Lines hold it, or `Claim.to_dict()`)."""
    return quantity_of(record).key
