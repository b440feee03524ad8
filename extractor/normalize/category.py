"""What a claim counts, from the words around it → one of extractor.records.CATEGORIES.

The lexicon is `categories.json` next to this module. When several categories match, the first rule wins:
1. killed and wounded words together, or casualty words ("casualties", "killed or wounded") → casualties;
2. a human outcome, in this order: killed, wounded, captured, missing, displaced ("five killed in a drone
   strike" counts people, though "drone" is equipment);
3. "losses"/"lost" read with their neighbours: beside equipment → equipment; beside people ("troops",
   "soldiers") "lost" → killed and "losses" → casualties; alone, "losses" → casualties;
4. equipment words and names (tanks, drones, HIMARS, T-72, "shot down") → equipment;
5. otherwise → other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

_HUMAN_OUTCOMES = ("killed", "wounded", "captured", "missing", "displaced")


def category_of(words: Iterable[str]) -> str:
    """The category of a claim from lower-cased words/lemmas around it (counted noun, modifiers, verb)."""
    text = " " + re.sub(r"\s*-\s*", "-", " ".join(w.lower() for w in words)) + " "
    found = {name for name, pattern in _patterns().items() if pattern.search(text)}
    if {"killed", "wounded"} <= found or "casualties" in found:
        return "casualties"
    for outcome in _HUMAN_OUTCOMES:
        if outcome in found:
            return outcome
    if "losses" in found and "equipment" not in found:
        lost = re.search(r" (?:lost|lose|losing|loses) ", text)
        if lost and "personnel" in found:
            return "killed"
        if not lost:
            return "casualties"
    return "equipment" if "equipment" in found else "other"


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
