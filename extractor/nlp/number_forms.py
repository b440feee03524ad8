"""Number forms: the shape of a number as written (digits with their glued signs, currencies and
scales; number words; vague plurals) and the phrase record the tagger passes on. Shared by the phrase
finder (numbers.py) and the rules that tell non-figures apart (not_figures.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from extractor.nlp.measures import aliases, glued_forms

DATA = Path(__file__).parent / "data"
_UNITS = json.loads((DATA / "units.json").read_text("utf-8"))
_FORMS = json.loads((DATA / "number_forms.json").read_text("utf-8"))
# Unit forms written against the digits ("39ft", "300bhp", "-5C"): pint's short forms and the table's.
GLUED_UNITS = glued_forms(_UNITS)
# Read only glued and only in this case: "45g" is grams, "5G" a network.
GLUED_CASED: dict[str, str] = _UNITS["glued_cased"]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A number as one token: an optional sign (a sign word hyphened to it, "minus-12", too), a currency
# prefix glued to the digits ("US40", "HK$5",
# "USD10"), the digits (or a written fraction, "1/8"), and a scale or unit glued after them ("5m",
# "300bhp", "2.5pc", "-5C").
_PREFIX = f"(?:{_alternation(_UNITS['currency_prefixes'] + ['$', '£', '€', '¥', '₴', '₽', '₹', '₪', '₺'])})?"
_GLUED = _alternation(["k", "m", "mn", "bn", "b", "tn", *GLUED_UNITS])
DIGITS = re.compile(
    rf"^(?:[+\-−±]|(?:minus|negative)-)?{_PREFIX}[+\-−]?(?:\d+/\d+|\d[\d,]*(?:\.\d+)?|\.\d+)(?:(?:{_GLUED})\.?)?$",
    re.IGNORECASE,
)
DIGIT_RANGE = re.compile(r"^[$£€]?\d[\d,.]*(?:k|m|bn|%)?[–—-][$£€]?\d[\d,.]*(?:k|m|bn|%)?$", re.IGNORECASE)
# A multiplier: "threefold", "tenfold", "12fold" (the guide counts "a fourfold rise" as 4).
FOLD = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|hundred|thousand)fold$",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)s?$")
# Plural number words that state a vague figure when followed by "of" ("hundreds of thousands of people").
VAGUE_PLURALS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores"})
# Scale abbreviations written apart from the digits ("$40 mil", "3.4 bn"); "m", "b" and "k" only glued.
SPACED_SCALES = frozenset({"mil", "mln", "bln", "bn", "mn", "trn", "tn"})
COUNT_NOUNS = frozenset({"dozen", "hundred", "thousand", "lakh", "crore", "million", "billion", "trillion"})
FRACTION_WORDS = frozenset({"half", "quarter", "third", "three-quarters"})
# Fraction words a number word joins with a hyphen: "two-thirds", "three-quarters", "one-fifth".
FRACTION_PARTS = frozenset(_FORMS["fraction_words"])
RANGE_JOINERS = {"and": "between", "to": None, "-": None, "–": None, "—": None}
MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december".split()
)
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
_CURRENCY_MARKS = frozenset(_UNITS["currency_symbols"])
# Words after a length that say it measures something ("12m tall", "39ft deep").
DIMENSION_WORDS = frozenset(_UNITS["dimension_words"])
_UNIT_FORMS = aliases(_UNITS)
LENGTH_ALIASES = frozenset(
    alias
    for name in ("foot", "inch", "yard", "metre", "centimetre", "kilometre", "mile")
    for alias in _UNIT_FORMS[name]
)
VAGUE_BEFORE_SCALE = tuple(
    sorted((tuple(w.split()) for w in _FORMS["vague_before_scale"]), key=len, reverse=True)
)
MOVE_WORDS = frozenset(json.loads((DATA / "moves.json").read_text("utf-8"))["up"]) | frozenset(
    json.loads((DATA / "moves.json").read_text("utf-8"))["down"]
)
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
# Verbs that make the number they govern a lower bound ("topped 1,000"): data/verbs.json.
MORE_THAN_VERBS = frozenset(
    json.loads((Path(__file__).parent / "data" / "verbs.json").read_text("utf-8"))["more_than_verbs"]
)


@dataclass(frozen=True)
class NumberPhrase:
    start: int  # token index in the doc: the whole phrase, qualifier words and unit included
    end: int
    core_start: int  # the number itself
    core_end: int
    verb_qualifier: str | None  # "surpassed", "topped": a qualifier that stands outside the phrase
    is_age: bool = False


# "$A45 million", "$NZ5 million": the tokenizer splits off the "$", leaving the country's letters glued
# to the digits ("A45"), which alone would read as a model name ("A350").
_DOLLAR_COUNTRY = re.compile(
    rf"^(?:{_alternation([s[1:] for s in _UNITS['currency_symbols'] if s.startswith('$') and len(s) > 1])})"
    r"\d[\d,]*(?:\.\d+)?$"
)


def after_dollar(token: Token) -> bool:
    """ "A45" in "$A45": a dollar's country written against the digits."""
    return (
        token.i > 0
        and token.doc[token.i - 1].text == "$"
        and not token.doc[token.i - 1].whitespace_
        and bool(_DOLLAR_COUNTRY.match(token.text))
    )


def is_number_token(token: Token) -> bool:
    text = token.text
    if DIGITS.match(text) or DIGIT_RANGE.match(text):
        return any(ch.isdigit() for ch in text)
    if text[:1].isupper() and after_dollar(token):
        return True
    if text.endswith("fold") and FOLD.match(text):
        return True
    lower = token.lower_
    if lower in VAGUE_PLURALS:
        return token.i + 1 < len(token.doc) and token.nbor().lower_ == "of"
    if lower in COUNT_NOUNS:
        return True
    return token.like_num and token.tag_ == "CD" and token.is_alpha


def core_token_head(doc, core_start: int, core_end: int) -> Token:
    """The token of the core whose head lies outside the core."""
    for token in doc[core_start:core_end]:
        if not core_start <= token.head.i < core_end or token.head.i == token.i:
            return token
    return doc[core_end - 1]


def core_head(doc, phrase: NumberPhrase) -> Token:
    """The token that links the whole phrase to the sentence ("%" in "7.1%", the number in "some 100,000")."""
    return core_token_head(doc, phrase.start, phrase.end)
