"""The tagger's lexicons, read from the data files beside this module (and written back by to_disk)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from extractor.nlp.measures import aliases, glued_forms

DATA = Path(__file__).parent / "data"
LEXICON_FILES = ("cues.json", "units.json")


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    report_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    background_nouns: frozenset[str]  # "a city of 25 million": background, never a report's figure
    object_frames: dict[str, str | None]  # verbs that report only in a frame: "put ... at", "gave a toll"
    prepositional_cues: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    arithmetic_markers: tuple[str, ...]
    person_nouns: frozenset[str]  # "the spokesman", "Chancellor X": a person, whose quote ends with paragraph
    forecast_verbs: frozenset[str]  # an expectation is not the report that later figures continue
    forecast_nouns: frozenset[str]
    booking_verbs: frozenset[str]  # "the firm recorded $2bn in profit": results booked, not a count reported
    claim_participles: frozenset[str]  # "the $5bn requested by X": a sum X asked for is X's figure
    moment_nouns: frozenset[str]  # "up to the point X disclosed": a reporting verb that only tells when
    length_units: frozenset[str]  # "15 kilometers from the road": a distance is the outlet's background
    distance_words: frozenset[str]
    dwelling_verbs: frozenset[str]  # "9,000 families lived in the valley": a population is background
    percent_words: tuple[tuple[str, ...], ...]
    scale_words: frozenset[str]
    unit_words: tuple[tuple[str, ...], ...]
    currency_symbols: frozenset[str]
    currency_words: frozenset[str]
    currency_phrases: tuple[tuple[str, ...], ...]  # the currency words as token tuples, longest first
    glued_units: frozenset[str]  # written against the digits: "300bhp", "2.5pc", "-5C"
    currency_prefixes: tuple[str, ...]  # glued before the digits: "US40", "USD10", "HK$5"

    @cached_property
    def unit_phrases_by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The percent and unit phrases (in that order, each longest first) by their first word, so that
        the words after a number are compared only with the phrases they could begin."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for words in (*self.percent_words, *self.unit_words, *self.currency_phrases):
            index.setdefault(words[0], []).append(words)
        return {first: tuple(phrases) for first, phrases in index.items()}

    @property
    def reporting_verbs(self) -> frozenset[str]:
        return self.speech_verbs | self.report_verbs

    @classmethod
    def from_dir(cls, path: Path = DATA) -> Lexicon:
        cues = json.loads((path / "cues.json").read_text(encoding="utf-8"))
        units = json.loads((path / "units.json").read_text(encoding="utf-8"))
        forms = aliases(units)  # pint's forms of each unit and the table's news aliases

        def phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
            # Longest first, so that "percentage points" wins over "percentage".
            # "km/h" is three tokens to spaCy: the slash stands apart.
            return tuple(
                sorted((tuple(w.lower().replace("/", " / ").split()) for w in words), key=len, reverse=True)
            )

        return cls(
            speech_verbs=frozenset(cues["speech_verbs"]),
            report_verbs=frozenset(cues["report_verbs"]),
            agent_nouns=frozenset(cues["agent_nouns"]),
            reporting_nouns=frozenset(cues["reporting_nouns"]),
            organization_nouns=frozenset(cues["organization_nouns"]),
            background_nouns=frozenset(cues["background_nouns"]),
            object_frames=dict(cues["verbs_needing_object_frame"]),
            prepositional_cues=tuple(tuple(c) for c in cues["prepositional_cues"]),
            person_pronouns=frozenset(cues["pronouns_person"]),
            group_pronouns=frozenset(cues["pronouns_group"]),
            arithmetic_markers=tuple(cues["arithmetic_markers"]),
            person_nouns=frozenset(cues["person_nouns"]),
            forecast_verbs=frozenset(cues["forecast_verbs"]),
            forecast_nouns=frozenset(cues["forecast_nouns"]),
            booking_verbs=frozenset(cues["booking_verbs"]),
            claim_participles=frozenset(cues["claim_participles"]),
            moment_nouns=frozenset(cues["moment_nouns"]),
            length_units=frozenset(cues["length_units"]),
            distance_words=frozenset(cues["distance_words"]),
            dwelling_verbs=frozenset(cues["dwelling_verbs"]),
            percent_words=phrases([a for name in units["percent"] for a in forms[name]]),
            scale_words=frozenset(w.lower() for w in units["scale"]),
            unit_words=phrases(
                [
                    alias
                    for name, written in forms.items()
                    if name not in units["percent"]
                    for alias in written
                    if alias not in units["glued_only"]
                ]
            ),
            currency_symbols=frozenset(units["currency_symbols"]),
            currency_words=frozenset(units["currency_words"]),
            currency_phrases=phrases(units["currency_words"]),
            glued_units=glued_forms(units),
            currency_prefixes=tuple(sorted(units["currency_prefixes"], key=len, reverse=True)),
        )
