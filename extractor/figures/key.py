"""The quantity key: claims that measure the same thing share one.

A key is five parts joined by ``|``, each ``-`` when the record has nothing there:

    category | party | head | unit | rate_per          e.g.  killed|Russia|soldier|-|-

with ``|change`` appended for a move ("rose by 30", ``kind: "change"``), which measures something else
than the level it moves. ``head`` is the word the `counted` phrase is about, reduced to its singular
and folded with its synonyms ("troops", "soldiers" and "servicemen" are ``soldier``; in ``killed``,
"deaths", "the dead" and "the death toll" are ``people``); the word lists are data
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
    plurals: dict[str, str]
    synonyms: dict[str, str]  # variant → canonical
    by_category: dict[str, dict[str, str]]


@cache
def _words() -> _Words:
    data = json.loads(resources.files("extractor.figures").joinpath("quantities.json").read_text("utf-8"))

    def folded(table: dict[str, list[str]]) -> dict[str, str]:
        return {variant: canonical for canonical, variants in table.items() for variant in variants}

    return _Words(
        cut_before=frozenset(data["cut_before"]),
        generic_heads=frozenset(data["generic_heads"]),
        skipped_modifiers=frozenset(data["skipped_modifiers"]),
        plurals=data["plurals"],
        synonyms=folded(data["synonyms"]),
        by_category={category: folded(table) for category, table in data["by_category"].items()},
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
    head = tokens[-1]
    modifiers = [t for t in tokens[:-1] if t not in words.skipped_modifiers]
    if head in words.generic_heads and modifiers:  # "tank losses", "death toll", "unemployment rate"
        head = modifiers[-1]
        modifiers = modifiers[:-1]
    in_category = words.by_category.get(category, {})
    if modifiers:  # a two-word synonym: "consumer prices", "service members"
        pair = f"{modifiers[-1]} {head}"
        for table in (in_category, words.synonyms):
            if pair in table:
                return table[pair]
    for table in (in_category, words.synonyms):
        if head in table:
            return table[head]
    return head


def quantity_of(record: dict[str, Any]) -> Quantity:
    """The quantity a claim record measures."""
    category = record.get("category") or "other"
    return Quantity(
        category=category,
        party=record.get("party"),
        head=head_of(record.get("counted"), category),
        unit=record.get("unit"),
        rate_per=record.get("rate_per"),
        change=record.get("kind") == "change",
    )


def quantity_key(record: dict[str, Any]) -> str:
    """The quantity key of a claim record (a dict as the JSON Lines hold it, or `Claim.to_dict()`)."""
    return quantity_of(record).key
