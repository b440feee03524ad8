"""Whose count a figure is: the party named with it, else what its clause and its article imply.

Conflict reporting often leaves the party to the reader: "killed seven people in Kharkiv", "destroyed
104 of the 120 missiles". The sides of an article are the parties it names most (places counted for the
country they are in); a figure of people hurt falls on the side where it happened or that was attacked,
equipment shot down belongs to the side that did not shoot it down.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractor.normalize.sources import canonical_party

LOSS_CATEGORIES = frozenset({"killed", "wounded", "casualties", "captured", "missing", "displaced"})
# Verbs whose subject acts on the other side: "Russian strikes killed seven", "the air force shot down 42".
HOSTILE_VERBS = frozenset(
    {
        "kill",
        "wound",
        "injure",
        "destroy",
        "shoot",
        "down",
        "intercept",
        "neutralize",
        "neutralise",
        "eliminate",
        "repel",
        "repulse",
        "capture",
        "seize",
        "hit",
        "strike",
        "attack",
        "shell",
        "bomb",
        "target",
        "take",
        "detain",
    }
)


@cache
def _places() -> dict[str, str]:
    text = resources.files("extractor.normalize").joinpath("places.json").read_text(encoding="utf-8")
    table = json.loads(text)
    table.pop("_comment", None)
    return {place.lower(): party for party, places in table.items() for place in places}


@cache
def party_of_place(text: str) -> str | None:
    """The party of a place or group as written ("Kharkiv" → Ukraine, "Russian" → Russia)."""
    return _places().get(text.lower().removeprefix("the ").strip()) or canonical_party(text)


@dataclass(frozen=True)
class Sides:
    ranked: tuple[str, ...]  # parties the article names, most named first

    def other(self, party: str | None) -> str | None:
        """The opposing side of a two-sided article."""
        top = self.ranked[:2]
        if party in top and len(top) == 2:
            return top[1] if top[0] == party else top[0]
        return None

    @property
    def home(self) -> str | None:
        return self.ranked[0] if self.ranked else None


def sides_of(mentions: Iterable[str]) -> Sides:
    counts = Counter(p for p in map(party_of_place, mentions) if p)
    return Sides(tuple(p for p, _ in counts.most_common()))


# "Iranian-made drones" are not Iran's: who made a weapon does not say whose it is.
MAKER = re.compile(
    r"\b[\w'’]+-(?:made|built|designed|supplied|produced|manufactured|donated)\b", re.IGNORECASE
)


def party_of(links: dict, category: str, sides: Sides) -> str | None:
    for phrase in links.get("party_phrases") or []:
        party = canonical_party(MAKER.sub("", phrase))
        if party:
            return party
    actor = party_of_place(links["actor"]) if links.get("actor") else None
    hostile = links.get("verb") in HOSTILE_VERBS
    if category == "equipment":
        if actor and hostile:
            return sides.other(actor)
        return actor or sides.other(sides.home)
    if category in LOSS_CATEGORIES:
        if actor and hostile:
            return sides.other(actor)
        for place in links.get("place_phrases") or []:
            party = party_of_place(place)
            if party:
                return party
        return sides.home
    return actor
