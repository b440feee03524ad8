"""Whose count a figure is: the party named with it, else what its clause and its article imply.

Conflict reporting often leaves the party to the reader: "killed seven people in Kharkiv", "destroyed
104 of the 120 missiles". The sides of an article are the parties it names most (places counted for the
country they are in); a figure of people hurt falls on the side where it happened or that was attacked,
equipment shot down belongs to the side that did not shoot it down, and a figure that names no side
continues the report before it ("... 4,176 of its fighters had been killed and 16,713 wounded").
Outside conflict reporting (quakes, economics, polls) no figure has a party: an article reports a
conflict when it names an armed actor from the table of sides (armed groups, a side's forces). Cue
words and that table are in party_cues.json, places in places.json, party names in parties.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from extractor.normalize.sources import canonical_party

LOSS_CATEGORIES = frozenset({"killed", "wounded", "casualties", "captured", "missing", "displaced"})
# Figures that are a side's losses: an attacker named with them names the other side.
CONFLICT_CATEGORIES = LOSS_CATEGORIES | {"equipment"}


@cache
def _cue_data() -> dict[str, Any]:
    text = resources.files("extractor.normalize").joinpath("party_cues.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _cues() -> dict[str, frozenset[str]]:
    return {key: frozenset(words) for key, words in _cue_data().items() if isinstance(words, list)}


def _aligned(party: str) -> list[str]:
    """The sides a group fights with ("Hamas" → Gaza, Palestine), from party_cues.json."""
    return _cue_data()["aligned"].get(party, [])


@cache
def _places() -> dict[str, str]:
    text = resources.files("extractor.normalize").joinpath("places.json").read_text(encoding="utf-8")
    table = json.loads(text)
    table.pop("_comment", None)
    return {place.lower(): party for party, places in table.items() for place in places}


REGION_WORDS = re.compile(r"\s+(?:region|oblast|province|governorate|district|city|state)$")


@cache
def party_of_place(text: str) -> str | None:
    """The party of a place or group as written ("Kharkiv" → Ukraine, "Russian" → Russia)."""
    key = re.sub(r"'s$", "", text.lower().replace("\u2019", "'").removeprefix("the ").strip())
    # "the Kharkiv region", "Donetsk oblast": the place the region is named after
    bare = REGION_WORDS.sub("", key)
    return _places().get(key) or _places().get(bare) or canonical_party(text)


@dataclass(frozen=True)
class Sides:
    ranked: tuple[str, ...]  # parties the article names, most named first
    conflict: bool = False  # the article reports a conflict: only then do its figures have a side
    combatants: tuple[str, ...] = ()  # parties the article names as armed actors, most named first

    def other(self, party: str | None) -> str | None:
        """The side opposing `party`: the combatant named most that is neither `party` nor fights with
        it (Israeli strikes in an article about the Houthis → the Houthis); without combatants, the
        other of the two sides named most (Hamas in an article about Gaza and Israel → Israel)."""
        if party is None:
            return None
        friends = {party, *_aligned(party)}
        if party in self.combatants or friends & set(self.ranked[:2]):
            for side in self.combatants:
                if side not in friends and party not in _aligned(side):
                    # the people an armed group's enemy strikes are of the land it holds: Hamas → Gaza
                    return (_aligned(side) or [side])[0]
        top = self.ranked[:2]
        if len(top) != 2:
            return None
        for side in friends:
            if side in top:
                return top[1] if top[0] == side else top[0]
        return None

    @property
    def home(self) -> str | None:
        return self.ranked[0] if self.ranked else None


def sides_of(mentions: Iterable[str], lemmas: Iterable[str] = ()) -> Sides:
    """The sides of an article from the places and groups it names, and whether it reports a conflict:
    it does when it names an armed actor (from the lemmas of all its words, see `armed_actors`) and
    speaks of harm done."""
    lemmas = [lemma.lower() for lemma in lemmas]
    counts = Counter(p for p in map(party_of_place, mentions) if p)
    combatants = Counter(armed_actors(lemmas))
    ranked = tuple(p for p, _ in counts.most_common())
    # one armed actor will do (a refugee story may name the invading troops once), with harm done to
    # somebody: a poll that mentions an attack, or a budget that pays for an army, counts no side's losses
    harm = not _cues()["harm_words"].isdisjoint(lemmas)
    return Sides(ranked, bool(combatants) and harm, tuple(p for p, _ in combatants.most_common()))


def armed_actors(lemmas: Iterable[str]) -> list[str]:
    """The party of each armed actor an article names, in text order: an armed group of the table of
    sides ("Hezbollah", "the RSF"), or a side named on one of its forces ("Russian troops", "Israel's
    military", "Ukrainian air defences"). A share of war words would not do: an economic report speaks
    of "the war" and "strikes", a war report may be short."""
    text = " ".join(lemma.lower() for lemma in lemmas)
    groups = _cue_data()["armed_groups"]
    found = [(m.start(), groups[m.group(1)]) for m in _armed_group_pattern().finditer(text)]
    found += [(m.start(), _side_names()[m.group(1)]) for m in _side_force_pattern().finditer(text)]
    return [party for _, party in sorted(found)]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _armed_group_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({_alternation(_cue_data()['armed_groups'])})(?![\w-])")


@cache
def _side_force_pattern() -> re.Pattern[str]:
    """A side's name, its possessive or a word between ("Russian special forces"), then a force."""
    side, force = _alternation(_side_names()), _alternation(_cues()["force_nouns"])
    return re.compile(rf"(?<![\w-])({side})(?: 's)?(?: [a-z]+)? ({force})(?![\w-])")


@cache
def _side_names() -> dict[str, str]:
    """Each name of a party in parties.json, in lower case as lemmas are, with its party."""
    text = resources.files("extractor.normalize").joinpath("parties.json").read_text(encoding="utf-8")
    table = json.loads(text)["parties"]
    return {name.lower(): party for party, names in table.items() for name in names}


# "Iranian-made drones" are not Iran's, nor are "the Iran-backed Houthis" Iran: who made a weapon or
# backs a group does not say whose it is. The parse writes the hyphen as a token of its own.
MAKER = re.compile(
    r"\b[\w'’.]+\s?-\s?(?:made|built|designed|supplied|produced|manufactured|donated|backed|sponsored"
    r"|funded|armed|allied|aligned)\b",
    re.IGNORECASE,
)


def _first_party(phrases: Iterable[str]) -> str | None:
    for phrase in phrases:
        party = canonical_party(MAKER.sub("", phrase))
        if party:
            return party
    return None


def party_of(
    links: dict, category: str, sides: Sides, before: Trail | None = None, unit: str | None = None
) -> str | None:
    """The party of one figure; `before` is the report it continues, for figures that name no side."""
    return _party(links, category, sides, before or Trail(), unit)[0]


@dataclass(frozen=True)
class Trail:
    """The side of the figure before, when its own sentence said it: in the same sentence, and nearby."""

    sentence: str | None = None
    nearby: str | None = None


# How a party was found: in the figure's own sentence, carried from the figure before, or guessed
# from the article's sides.
OWN, CARRIED, GUESSED = "own", "carried", "guessed"


def _party(
    links: dict, category: str, sides: Sides, before: Trail, unit: str | None = None
) -> tuple[str | None, str]:
    """The party, and how it was found."""
    cues = _cues()
    if not sides.conflict:  # quakes, economics, polls: nobody's side
        return None, GUESSED
    owner = _first_party(links.get("party_phrases") or [])
    if owner:
        return owner, OWN
    verb = links.get("verb")
    # people on the move (refugees, evacuees, "crossed into Egypt") are of the country they come from
    moving = category == "displaced" or verb in cues["movement_verbs"]
    where = _first_party(links.get("where_phrases") or [])
    if moving and where:
        return where, OWN
    actor, struck = _actor_and_target(links.get("actor"))
    if struck and verb in cues["hostile_verbs"] and category in LOSS_CATEGORIES:
        return struck, OWN  # "the group's attack on Israel killed 1,200": the side attacked
    if actor and verb in cues["hostile_verbs"]:
        if sides.other(actor):
            return sides.other(actor), OWN
    elif actor and verb not in cues["reporting_verbs"] and not moving and not _is_paid(verb, unit):
        return actor, OWN
    if where:
        return where, OWN
    if before.sentence:
        return before.sentence, CARRIED
    # money is the spender's: the country it goes to or is spent in is no owner
    shooter = bool(links.get("actor"))
    place = None if _is_money(unit) else _place_party(
        links.get("place_phrases") or [], category, sides, links.get("source"), moving, shooter
    )
    if place:
        return place, OWN
    if moving:  # hosts are named more than the country the people fled: the article's own side
        return sides.home, GUESSED
    if _counts_attacks(links.get("counted")) and sides.other(sides.home):
        # "33 attacks by the invaders": attacks on the side the article is about are the other's
        return sides.other(sides.home), GUESSED
    if before.nearby:
        return before.nearby, CARRIED
    if _is_money(unit):  # "donors pledged $2 billion": nobody the article names pays
        return None, GUESSED
    if category == "equipment":
        return sides.other(sides.home), GUESSED
    return sides.home, GUESSED


def _actor_and_target(actor: str | None) -> tuple[str | None, str | None]:
    """The side of whoever acts, and the side an attack that acts was aimed at: "the militant group's
    raid on Israel" acts for the group, on Israel; a side named after "on"/"against" is the target."""
    if not actor:
        return None, None
    text = MAKER.sub("", actor)
    nouns = _alternation(_cues()["hostile_nouns"])
    aimed = re.search(rf"\b(?:{nouns})s?\s+(?:on|against)\s+(.+)", text, re.IGNORECASE)
    if aimed is None:
        return party_of_place(text), None
    return party_of_place(text[: aimed.start(1)]) if canonical_party(text[: aimed.start(1)]) else None, (
        party_of_place(aimed.group(1))
    )


def _counts_attacks(counted: str | None) -> bool:
    """Whether a figure counts attacks ("33 attacks", "nine assaults", "strikes")."""
    if not counted:
        return False
    noun = counted.split()[-1].lower()
    return noun in _cues()["hostile_nouns"] or noun.removesuffix("s") in _cues()["hostile_nouns"]


def _place_party(
    places: list[Any], category: str, sides: Sides, source: dict | None, moving: bool, shooter: bool = False
) -> str | None:
    """The side of the nearest place named in the sentence that is not where the counted went, not a
    place held by another side, not who reports the figure, and, for losses, not the attacker (whose
    mention names the other side). People on the move take only the place they come from."""
    cues = _cues()
    reporter = (source or {}).get("text") or ""
    for place in places:
        if isinstance(place, str):
            place = {"text": place}
        party = party_of_place(place["text"])
        if not party:
            continue
        head, prep, dep = place.get("head"), place.get("prep"), place.get("dep")
        modifier = dep in ("npadvmod", "amod", "compound", "nmod", "poss")
        if modifier and head in cues["control_words"] | cues["maker_words"] | cues["reporter_nouns"]:
            continue
        if prep in cues["destination_preps"] or dep == "dative" or (place["text"] in reporter and not prep):
            continue
        if prep == "according to":  # "according to a Pentagon estimate": who counts owns nothing
            continue
        if place.get("subject_of") in cues["reporting_verbs"] and modifier:  # "Kyiv's air force said"
            continue
        if moving:
            origin = prep == "from" and place.get("governor") in cues["movement_verbs"]
            if origin or (dep == "dobj" and head in cues["movement_verbs"]):
                return party
            continue
        if category == "captured" and prep in ("in", "at") and sides.other(party):
            return sides.other(party)  # hostages held in Gaza are the other side's
        launched = prep == "by" and place.get("governor") in cues["launch_verbs"]
        if launched and category == "equipment":  # "drones launched by Russia"
            return party
        # a weapon downed over a side's land, by nobody the sentence names, is the other side's:
        # "9 drones were shot down over Odesa" (but "the rebels shot down two army jets over the capital")
        over = prep in ("over", "above") and not shooter
        if category == "equipment" and over and sides.other(party):
            return sides.other(party)
        # where a weapon was fired from is the attacker's side: "a rocket fired from Lebanon killed 12"
        fired_from = prep == "from" and place.get("governor") in cues["launch_verbs"]
        if fired_from and category == "equipment":
            return party
        attacker = prep == "by" or fired_from or (
            head in cues["hostile_nouns"] | cues["hostile_verbs"] | cues["launch_verbs"]
            and dep in ("amod", "compound", "nmod", "poss", "nsubj")
        )
        if attacker and category in CONFLICT_CATEGORIES:
            if sides.other(party):
                return sides.other(party)
            continue
        return party
    return None


def _is_paid(verb: str | None, unit: str | None) -> bool:
    """Money the subject receives ("recruits can earn 2 million rubles") is the payer's, not theirs."""
    return _is_money(unit) and verb in _cues()["receive_verbs"]


def _is_money(unit: str | None) -> bool:
    return bool(unit and CURRENCY.fullmatch(unit))


CURRENCY = re.compile(r"[A-Z]{3}")  # ISO 4217 codes, as normalize/numbers.py writes a currency


def _kind(category: str, unit: str | None) -> str:
    if _is_money(unit):
        return "money"
    return "loss" if category in LOSS_CATEGORIES else category


def _continues(kind: str, last_kind: str) -> bool:
    """Whether a figure of one kind may take the side of a figure of another: not losses from
    equipment nor equipment from losses (the drones Russia fired are Russia's, the people they killed
    are not), and money only from money (who pays is not whose losses the article counts)."""
    if {kind, last_kind} == {"loss", "equipment"}:
        return False
    return (kind == "money") == (last_kind == "money")


class PartyTrail:
    """Reads the parties of an article's figures in text order, so that a figure whose sentence names
    no side takes the side of the latest figure before it in the same sentence or the same report that
    is of a kind it may continue (see `_continues`)."""

    def __init__(self, sides: Sides) -> None:
        self.sides = sides
        # kind → (paragraph, sentence, party) of the latest figure of that kind with a side said
        self._last: dict[str, tuple[int | None, int, str]] = {}

    def party(
        self, links: dict, category: str, paragraph: int | None, sentence: int, unit: str | None = None
    ) -> str | None:
        kind = _kind(category, unit)
        latest = [k for k in self._last if _continues(kind, k)]
        before, source_kind = Trail(), kind
        if latest:
            source_kind = latest[-1]
            last_paragraph, last_sentence, last_party = self._last[source_kind]
            same_sentence = last_sentence == sentence
            near = (
                paragraph is not None and last_paragraph is not None and 0 <= paragraph - last_paragraph <= 1
            )
            before = Trail(
                last_party if same_sentence else None, last_party if same_sentence or near else None
            )
        party, how = _party(links, category, self.sides, before, unit)
        if how != GUESSED and party and not links.get("is_age"):
            # a carried party keeps the kind of the figure that named it: the speed of a missile
            # does not turn the missiles' side into the side of the people they killed
            stored = source_kind if how == CARRIED else kind
            self._last.pop(stored, None)  # dicts keep insertion order: the latest kind goes last
            self._last[stored] = (paragraph, sentence, party)
        return party
