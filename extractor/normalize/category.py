"""What a claim counts, from the words around it → one of extractor.records.CATEGORIES.

The lexicon is `categories.json` next to this module. When several categories match, the first rule wins:
1. killed and wounded words together, or casualty words ("casualties", "killed or wounded") → casualties;
   but a counted noun that names one outcome keeps it ("6,826 civilian deaths" beside "injuries");
2. a human outcome, in this order: killed, wounded, captured, missing, displaced ("five killed in a drone
   strike" counts people, though "drone" is equipment);
3. "losses"/"lost" read with their neighbours: beside equipment → equipment; beside people ("troops",
   "soldiers") "lost" → killed and "losses" → casualties; alone, "losses" → casualties;
4. equipment: weapons and their names (tanks, drones, HIMARS, T-72); craft and vehicles (helicopters,
   trucks) only beside a loss ("shot down", "destroyed", "losses"); a loss verb alone ("1,090 were
   destroyed") only when no counted noun says the figure is something else ("destroyed 134 homes");
5. otherwise → other.
"Victims" are the dead of a crash, a disaster or an attack, unless a harm that kills nobody is named
beside them ("rape victims").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

_HUMAN_OUTCOMES = ("killed", "wounded", "captured", "missing", "displaced")
# Pronouns and generic heads that leave the category to the words around them.
_VICTIMS = re.compile(r"(?<![\w-])victims?(?![\w-])")
_NO_HEAD = frozenset({"those", "them", "these", "they", "it", "losses", "loss", "systems", "units"})


def category_of(words: Iterable[str], counted: str | None = None) -> str:
    """The category of a claim from lower-cased words/lemmas around it (counted noun, modifiers, verb)
    and, when known, the counted noun phrase as written."""
    text = _text(words)
    noun = _text([counted]) if counted else ""
    if _patterns()["harm_that_kills_nobody"].search(text + noun):
        # "rape victims", "victims of fraud": victims of a harm that kills nobody are not the dead
        text, noun = _VICTIMS.sub(" ", text), _VICTIMS.sub(" ", noun)
    found = {name for name, pattern in _patterns().items() if pattern.search(text)}
    named = {name for name in _HUMAN_OUTCOMES + ("casualties",) if noun and _patterns()[name].search(noun)}
    if len(named) == 1:
        return named.pop()  # "civilian deaths" next to "injuries": the noun says which
    if _names_weapon(noun):
        return "equipment"  # "four tanks" beside "790 soldiers had been killed"
    if {"killed", "wounded"} <= found or "casualties" in found:
        return "casualties"
    for outcome in _HUMAN_OUTCOMES:
        if outcome in found:
            return outcome
    equipment = _is_equipment(found, noun)
    if "losses" in found and not equipment:
        lost = re.search(r" (?:lost|lose|losing|loses) ", text)
        if lost and "personnel" in found:
            return "killed"
        if not lost:
            return "casualties"
    return "equipment" if equipment else "other"


def _names_weapon(noun: str) -> bool:
    """Whether the counted noun phrase ends in a weapon ("tanks", "artillery systems", "T-72s")."""
    return bool(noun.strip()) and _ends_with("equipment", noun)


def _is_equipment(found: set[str], noun: str) -> bool:
    loss = bool(found & {"equipment_loss", "losses"})
    words = noun.split()
    if words and words[-1] not in _NO_HEAD:
        # The counted noun's head decides: "artillery strikes", "aid trucks" and "homes" are no weapons.
        return _ends_with("equipment", noun) or (_ends_with("equipment_dual_use", noun) and loss)
    if len(words) > 1:  # "tank losses", "air defence systems": the modifier names the equipment
        if _patterns()["equipment"].search(noun):
            return True
        if _patterns()["equipment_dual_use"].search(noun) and loss:
            return True
    if "equipment" in found:
        return True
    return loss and bool(found & {"equipment_dual_use", "equipment_loss"})


def _ends_with(name: str, text: str) -> bool:
    """Whether the lexicon list `name` matches at the end of `text` (the head of a noun phrase)."""
    return any(m.end() >= len(text.rstrip()) for m in _patterns()[name].finditer(text))


def _text(words: Iterable[str]) -> str:
    return " " + re.sub(r"\s*-\s*", "-", " ".join(w.lower() for w in words)) + " "


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """One regex per lexicon list: whole words or phrases, plural -s/-es of single words included."""
    lexicon = json.loads(
        resources.files("extractor.normalize").joinpath("categories.json").read_text("utf-8")
    )
    patterns = {}
    for name, entries in lexicon.items():
        if name.startswith("_"):
            continue
        words = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
        patterns[name] = re.compile(rf"(?<![\w-])(?:{words})(?:s|es)?(?![\w-])")
    return patterns
