"""Attributions and parties as written → canonical names.

`canonical_source("Ukraine's General Staff")` → ("General Staff of the Armed Forces of Ukraine", "military");
`canonical_party("Moscow's forces")` → "Russia". The alias tables are `sources.json` (attributions, titles,
kind keywords) and `parties.json` (demonyms, countries, capitals, groups) next to this module.

How an attribution is read, first rule that answers:
1. the whole text (or the part before its first comma) is an alias of the table;
2. a title stands before a capitalised name ("Defence Ministry spokesman Igor Konashenkov"): that person,
   under the table's spelling when it knows the name (a person is more specific than the institution);
3. spaCy called it a PERSON: the text without titles and appositives;
4. an alias occurs inside the text (longest first): "a spokesman for the Russian Defence Ministry";
5. otherwise the text itself (leading "the" dropped), its kind from keywords, then from the entity label.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_Entry = tuple[str, str]  # canonical name, kind


def canonical_source(text: str, *, label: str | None = None) -> tuple[str, str]:
    """(canonical name, kind) of an attribution as written; kind is one of extractor.records.SOURCE_KINDS."""
    clean = " ".join(text.replace("\u2019", "'").split()).strip(" ,.;:\"'")
    head = clean.split(",")[0].strip()
    index = _source_index()
    for candidate in (clean, head):
        written = re.sub(r"^the\s+", "", candidate, flags=re.IGNORECASE).replace(".", "")
        known = index["acronyms"].get(written) or index["whole"].get(_key(candidate))
        if known:
            return known
    person = _titled_person(head)
    if person is None and label == "PERSON":
        person = _strip_titles(head)
    if person:
        known = index["whole"].get(_key(person))
        return (known[0], "person") if known and known[1] == "person" else (person, "person")
    found = _longest_inside(_key(clean), clean, index["inside"])
    if found:
        return found
    name = re.sub(r"^the\s+", "", clean, flags=re.IGNORECASE)
    return name, _kind_of(name, label)


@lru_cache(maxsize=4096)  # every party pattern runs over the phrase; articles repeat their phrases
def canonical_party(text: str) -> str | None:
    """The first party (country, people, armed group) named in a phrase, canonically; None if none."""
    text = text.replace("\u2019", "'")
    matches = [
        (m.start(), -len(m.group()), party)
        for pattern, party in _party_patterns()
        for m in pattern.finditer(text)
    ]
    return min(matches)[2] if matches else None


@cache
def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("extractor.normalize").joinpath(name).read_text(encoding="utf-8"))


def _key(text: str) -> str:
    """The matching form of a name: lower case, no leading "the", no possessive 's, dots or hyphens."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b|(?<=s)'(?!\w)", "", text)
    text = text.replace(".", "").replace("-", " ").replace("defense", "defence")
    text = " ".join(text.split())
    return re.sub(r"^the ", "", text)


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 5 and alias.replace(".", "").replace("/", "").isupper()


@cache
def _source_index() -> dict[str, Any]:
    """whole: matching key → entry for every alias but acronyms; acronyms: as written → entry;
    inside: (regex, acronym?, entry) for aliases that may match inside a text, longest first.
    Acronyms ("WHO", "AP", "UN") match only as written in capitals: "who" is no organization."""
    whole: dict[str, _Entry] = {}
    acronyms: dict[str, _Entry] = {}
    inside: list[tuple[re.Pattern[str], bool, _Entry]] = []
    for source in _data("sources.json")["sources"]:
        entry = (source["name"], source["kind"])
        for alias in [*source["aliases"], *source.get("exact", []), source["name"]]:
            if _is_acronym(alias):
                acronyms.setdefault(alias.replace(".", ""), entry)
            else:
                whole.setdefault(_key(alias), entry)
        for alias in source["aliases"]:
            acronym = _is_acronym(alias)
            word = re.escape(alias if acronym else _key(alias))
            inside.append((re.compile(rf"(?<![\w]){word}(?![\w])"), acronym, entry))
    inside.sort(key=lambda item: len(item[0].pattern), reverse=True)
    return {"whole": whole, "acronyms": acronyms, "inside": inside}


def _longest_inside(
    key: str, clean: str, inside: list[tuple[re.Pattern[str], bool, _Entry]]
) -> _Entry | None:
    plain = clean.replace(".", "")
    for pattern, acronym, entry in inside:  # longest alias first
        match = pattern.search(plain if acronym else key)
        if match and not (acronym and _names_something_else(plain, match.end())):
            return entry
    return None


def _names_something_else(text: str, end: int) -> bool:
    """ "US Geological Survey": an acronym followed by capitalised words is part of another name."""
    rest = text[end:].split()
    return bool(rest) and rest[0][:1].isupper()


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(_data("sources.json")["titles"], key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in titles) + r")(?![\w])", re.IGNORECASE)


_NAME = re.compile(
    r"(?:[A-Z][\w'.-]*|al-\w+|de|van|von|bin|ibn)(?:\s+(?:[A-Z][\w'.-]*|al-\w+|de|van|von|bin|ibn)){0,3}"
)


def _titled_person(head: str) -> str | None:
    """The capitalised name after the last title in the text ("... spokesman Igor Konashenkov")."""
    titles = list(_title_pattern().finditer(head))
    if not titles:
        return None
    rest = head[titles[-1].end() :].strip()
    return rest if rest and _NAME.fullmatch(rest) and rest[0].isupper() else None


def _strip_titles(head: str) -> str:
    name = head
    while (match := _title_pattern().match(name)) is not None:
        name = name[match.end() :].strip()
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE) or head


def _kind_of(name: str, label: str | None) -> str:
    data = _data("sources.json")
    if label == "PERSON":
        return "person"
    key = _key(name)
    for kind, keywords in data["kind_keywords"].items():
        if any(re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", key) for word in keywords):
            return kind
    return data["label_kinds"].get(label or "", "other")


@cache
def _party_patterns() -> list[tuple[re.Pattern[str], str]]:
    """One regex per party; plurals ("Russians", "Israelis") and possessives match too.
    Acronyms ("US", "UK", "DPR") match only in capitals, so the pronoun "us" is no party."""
    patterns = []
    for party, aliases in _data("parties.json")["parties"].items():
        acronyms = [re.escape(a) for a in aliases if _is_acronym(a)]
        words = [re.escape(a) for a in sorted(aliases, key=len, reverse=True) if not _is_acronym(a)]
        if words:
            patterns.append(
                (re.compile(rf"(?<![\w])(?:{'|'.join(words)})(?:s|es)?(?![\w])", re.IGNORECASE), party)
            )
        if acronyms:
            patterns.append((re.compile(rf"(?<![\w.])(?:{'|'.join(acronyms)})(?![\w])"), party))
    return patterns
