"""Number phrases as written ("more than 100,000", "$3.5bn", "between 5,000 and 6,000", "dozens") → values.

Numbers in words go through `text_to_num.text2num`; what it does not know ("a hundred", "two dozen",
"half a million", "three-quarters") is handled around it. Scale words, currencies, units and the
bounds assumed for vague quantities ("thousands" = 2,000..9,999) are in `units.json` next to this module.
Arithmetic is exact (fractions), so "1.1 million" is 1100000, not 1100000.0000000002.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from text_to_num import text2num

from extractor.nlp.measures import alias_index, package_table
from extractor.normalize.qualifiers import bounds, qualifier_of

Number = int | float


@dataclass(frozen=True)
class Quantity:
    value: Number | None  # None for ranges; int when whole
    qualifier: str  # one of extractor.records.QUALIFIERS
    lower: Number | None  # inclusive bounds; None where unbounded
    upper: Number | None
    unit: str | None  # None for counts, "percent", an ISO 4217 code for money, or a unit ("km", "inch", ...)


def parse_number(text: str) -> Number | None:
    """The first number written in the text ("100,400", "1.2 million", "twenty-five", "a dozen"), or None."""
    runs = _runs(_tokens(_clean(text)))
    return _number(runs[0].value) if runs else None


def parse_quantity(text: str, *, currency: str = "USD", metres: bool = False) -> Quantity | None:
    """The whole number phrase as written, qualifier words, range and unit included; None without a number.

    `currency` is what a bare "$" means in the article (USD unless its site or dateline say otherwise);
    `metres` says that a glued "m" ("12m (39ft)") is a length, not a million (the caller sees the words
    after the phrase)."""
    text = _clean(text)
    tokens = _tokens(text)
    symbols = _lexicon()["currency_symbols"]
    metres = metres and not any(t.text in symbols or t.text in _lexicon()["currency_codes"] for t in tokens)
    runs = _runs(tokens, metres=metres)
    words = [t.low for t in tokens]
    vague = _vague(" ".join(words))
    if vague and not any(t.text[0].isdigit() for t in tokens):
        return Quantity(None, "range", vague[0], vague[1], None)
    if not runs:
        return Quantity(1, "exact", 1, 1, None) if "another" in words else None
    for first, second in zip(runs, runs[1:], strict=False):
        if _joins_share(words, first, second) and second.value:
            share = _percent(first.value / second.value)
            return Quantity(share, "exact", share, share, "percent")  # "one out of three", "four in five"
        if _joins_range(words, first, second):
            lower, upper = first.value, second.value
            if first.scale == 1 and second.scale > 1 and lower * second.scale <= upper:
                lower *= second.scale  # "5-6 million": the scale word covers both ends
            unit = _unit(tokens, second, currency) or _unit(tokens, first, currency)
            return Quantity(None, "range", _number(lower), _number(upper), unit)
    run = runs[0]
    unit = _unit(tokens, run, currency)
    value: Number = _number(run.value * _sign(tokens, run))
    if unit is None and run.fraction and 0 < run.value < 1:
        value = _percent(run.value)  # "two-thirds", "a quarter of": a share of a whole, as a percent
        unit = "percent"
    rest = text[: tokens[run.start].start] + " " + text[tokens[run.end - 1].end :]
    qualifier = qualifier_of(rest) or "exact"
    lower, upper = bounds(qualifier, value)
    return Quantity(value, qualifier, lower, upper, unit)


def _percent(share: Fraction) -> Number:
    """A share as a percent, to one decimal ("a third" is 33.3), as the guide writes shares."""
    return _number(Fraction(round(share * 1000), 10))


def _sign(tokens: list[_Token], run: _Run) -> int:
    """-1 for a number written negative: "-5C", "−0.3%", "minus 387 degrees", "minus-12", "negative 2";
    "+0.2%" and "5-6" (a
    range) are not."""
    k = run.start - 1
    symbols = _lexicon()["currency_symbols"]
    if k >= 0 and tokens[k].text in symbols and tokens[k].end == tokens[run.start].start:
        k -= 1  # "-$5 million"
    if k < 0:
        return 1
    if tokens[k].low in ("minus", "negative"):  # "plus or minus 3" is a margin
        return 1 if k >= 2 and [t.low for t in tokens[k - 2 : k]] == ["plus", "or"] else -1
    glued = tokens[k].end == tokens[k + 1].start
    after_number = k > 0 and tokens[k - 1].end == tokens[k].start and tokens[k - 1].text[0].isdigit()
    plus_minus = k > 0 and tokens[k - 1].text == "/"  # "+/-3"
    return -1 if tokens[k].text == "-" and glued and not after_number and not plus_minus else 1


def dollar_currency(url: str | None, opening: str = "") -> str:
    """What a bare "$" means in an article: the dollar of the country its site publishes in (the
    country-code domain of its URL: ".com.au" is AUD), else of its dateline's place ("SYDNEY, May 3
    (Reuters) -", "HONG KONG --"), else USD. Tables: dollars.json."""
    table = _dollars()
    host = urlsplit(url or "").hostname or ""
    country = host.rsplit(".", 1)[-1] if "." in host else ""
    if country in table["domains"]:
        return table["domains"][country]
    dateline = re.match(r"\s*([A-Z][A-Za-z .'-]{1,40}?)\s*(?:,|\(|--|—|–|-\s)", opening)
    if dateline and dateline[1].isupper():
        place = dateline[1].strip().lower()
        return table["datelines"].get(place, "USD")
    return "USD"


@cache
def _dollars() -> dict[str, Any]:
    text = resources.files("extractor.normalize").joinpath("dollars.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _lexicon() -> dict[str, Any]:
    text = resources.files("extractor.normalize").joinpath("units.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _unit_table() -> tuple[dict[str, str], frozenset[str]]:
    """Alias (lower-case) -> canonical unit name, from the tagger's table (one table for both stages),
    and the aliases that count only when glued to the digits."""
    table = package_table()
    return alias_index(table), frozenset(table["glued_only"])


@dataclass(frozen=True)
class _Token:
    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True)
class _Run:
    """Tokens start..end (exclusive) that write one number; scale is the scale word's factor (1 if none)."""

    start: int
    end: int
    value: Fraction
    scale: int
    fraction: bool = False  # written as a fraction ("two-thirds", "1/8", "a quarter")


_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2019": "'"})


# Number words hyphened into one phrase, read apart: "four-and-a-half" is "four and a half", "two-to-five"
# is "two to five", "threefold" and "15-fold" are the multiplier (the guide counts "fourfold" as 4).
_HYPHENED = (
    (re.compile(r"(?<=\w)-and-a-(?=half|quarter|third)", re.IGNORECASE), " and a "),
    (re.compile(r"(?<=\w)-to-(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)", re.I), " to "),
    (
        re.compile(
            r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|hundred"
            r"|thousand)-?fold\b",
            re.IGNORECASE,
        ),
        r"\1",
    ),
)


def _clean(text: str) -> str:
    text = text.translate(_PLAIN)
    if "-" in text or "fold" in text:
        for pattern, replacement in _HYPHENED:
            text = pattern.sub(replacement, text)
    return text


@cache
def _token_pattern() -> re.Pattern[str]:
    symbols = sorted((s for s in _lexicon()["currency_symbols"] if len(s) > 1), key=len, reverse=True)
    alternatives = [re.escape(s) for s in symbols] + [
        r"\d+/\d+",
        r"\d(?:,?\d)*(?:\.\d+)?",
        r"\.\d+",
        r"[^\W\d_]+(?:'[^\W\d_]+)?",
        r"[^\s\w]",
    ]
    return re.compile("|".join(alternatives))


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _token_pattern().finditer(text)]


def _runs(tokens: list[_Token], *, metres: bool = False) -> list[_Run]:
    runs: list[_Run] = []
    i = 0
    while i < len(tokens):
        text = tokens[i].text
        digits = text[0].isdigit() or (text[0] == "." and len(text) > 1)
        run = _digit_run(tokens, i, metres=metres) if digits else _word_run(tokens, i)
        if run:
            runs.append(run)
            i = run.end
        else:
            i += 1
    return _mixed_numbers(tokens, runs)


def _mixed_numbers(tokens: list[_Token], runs: list[_Run]) -> list[_Run]:
    """ "1-1/2", "1 1/2": a whole number and a fraction written together are one number (1.5)."""
    merged: list[_Run] = []
    for run in runs:
        before = merged[-1] if merged else None
        if (
            before is not None
            and "/" in tokens[run.start].text
            and before.scale == 1
            and not before.fraction
            and before.value.denominator == 1
            and [t.text for t in tokens[before.end : run.start]] in ([], ["-"])
        ):
            merged[-1] = _Run(before.start, run.end, before.value + run.value, 1)
            continue
        merged.append(run)
    return merged


def _digit_run(tokens: list[_Token], i: int, *, metres: bool = False) -> _Run | None:
    text = tokens[i].text
    if "/" in text:
        numerator, denominator = text.split("/")
        if not int(denominator):
            return None
        return _Run(i, i + 1, Fraction(int(numerator), int(denominator)), 1, fraction=True)
    value, scale, j = Fraction(text.replace(",", "")), 1, i + 1
    scales, attached = _lexicon()["scales"], _lexicon()["attached_scales"]
    while j < len(tokens):
        word = tokens[j].low
        if (
            word == "-"
            and j + 1 < len(tokens)
            and tokens[j + 1].low in scales
            and tokens[j].end == tokens[j + 1].start
        ):
            j += 1  # "a 2.4-million-square-foot warehouse": the scale hyphened to the digits
            continue
        if word in scales or word == "dozen":
            factor = 12 if word == "dozen" else scales[word]
        elif word in attached and tokens[j].start == tokens[j - 1].end and not (metres and word == "m"):
            if word == "m" and _squared(tokens, j):
                break  # "48m2", "48m²": square metres, not 48 million
            factor = attached[word]  # "5m", "100k": only when written against the digits
        else:
            break
        scale *= factor
        j += 1
    return _Run(i, j, value * scale, scale)


def _squared(tokens: list[_Token], j: int) -> bool:
    """A power written against the unit at j: "m2", "m²", "m3"."""
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    return after is not None and after.start == tokens[j].end and after.text in ("2", "3", "²", "³")


def _word_run(tokens: list[_Token], i: int) -> _Run | None:
    """The longest run of number words from token i that converts ("one hundred and five", "half a
    million")."""
    words: list[str] = []
    j = i
    while j < len(tokens):
        word, following = tokens[j].low, tokens[j + 1].low if j + 1 < len(tokens) else ""
        if word == "-" and words and _is_number_word(following) and tokens[j].start == tokens[j - 1].end:
            j += 1  # "twenty-five", "three-quarters"
            continue
        if word in ("a", "an", "and", "of") and not (words or word in ("a", "an")):
            break
        if word in ("a", "an") and not _is_scale_word(following):
            break
        if word in ("and", "of") and not _is_number_word(following) and following not in ("a", "an"):
            break
        if not (_is_number_word(word) or word in ("a", "an", "and", "of")):
            break
        words.append(word)
        j += 1
    while words:
        value = _words_value(words)
        if value is not None:
            end = i
            for _ in words:  # map the kept words back to token positions (skipping joining hyphens)
                while tokens[end].low == "-":
                    end += 1
                end += 1
            scale = _lexicon()["scales"].get(words[-1], 1)
            fraction = any(w in _lexicon()["fractions"] for w in words) and "dozen" not in words
            return _Run(i, end, value, scale, fraction=fraction)
        words.pop()
    return None


def _is_scale_word(word: str) -> bool:
    return word in _lexicon()["scales"] or word in _lexicon()["fractions"] or word == "dozen"


@cache
def _is_number_word(word: str) -> bool:
    if _is_scale_word(word):
        return True
    if not word.isalpha() or word.endswith("s"):  # text2num reads "thousands" as 1000: plurals are vague
        return False
    try:
        text2num(word, "en")
    except ValueError:
        return False
    return True


def _words_value(words: list[str]) -> Fraction | None:
    if not words or words[-1] in ("and", "a", "an", "of"):
        return None
    words = ["one" if w in ("a", "an") else w for w in words]
    fractions = _lexicon()["fractions"]
    at = next((k for k, w in enumerate(words) if w in fractions), None)
    if at is not None:
        before, after = words[:at], [w for w in words[at + 1 :] if w not in ("one", "of")]
        whole: Fraction | None = Fraction(0)
        if "and" in before:  # "two and a half million"
            k = len(before) - 1 - before[::-1].index("and")
            whole, before = _words_value(before[:k]), before[k + 1 :]
        numerator = _words_value(before) if before else Fraction(1)
        scales = {**_lexicon()["scales"], "dozen": 12}  # "a half-dozen"
        if whole is None or numerator is None or any(w not in scales for w in after):
            return None
        scale = 1
        for w in after:
            scale *= scales[w]
        return (whole + numerator / fractions[words[at]]) * scale
    if "dozen" in words:
        at = words.index("dozen")
        count = _words_value(words[:at]) if at else Fraction(1)
        return count * 12 if count is not None and at == len(words) - 1 else None
    if "of" in words:
        return None
    try:
        return Fraction(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _number(value: Fraction) -> Number:
    return int(value) if value.denominator == 1 else float(value)


def _joins_range(words: list[str], first: _Run, second: _Run) -> bool:
    symbols = _lexicon()["currency_symbols"]
    between = [w for w in words[first.end : second.start] if w not in symbols and w.upper() not in symbols]
    if between[:2] == ["per", "cent"] or between[:1] == ["percent"]:
        between = between[2 if between[0] == "per" else 1 :]  # "2 per cent to 2.5 per cent"
    if between in (["-"], ["to"], ["or"], ["through"], ["thru"]):
        return True
    return between == ["and"] and "between" in words[max(0, first.start - 4) : first.start]


def _joins_share(words: list[str], first: _Run, second: _Run) -> bool:
    """ "one out of three", "four in five": a share of a small whole."""
    return words[first.end : second.start] in (["out", "of"], ["in"]) and second.value <= 10


@cache
def _vague_patterns() -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    """Each vague phrase as a whole-word pattern, compiled once (not once per figure)."""
    return tuple(
        (re.compile(rf"(?<![\w-]){re.escape(v['phrase'])}(?![\w-])"), v) for v in _lexicon()["vague"]
    )


def _vague(text: str) -> tuple[int, int] | None:
    found = [v for pattern, v in _vague_patterns() if pattern.search(text)]
    if not found:
        return None
    best = max(found, key=lambda v: len(v["phrase"]))
    return best["lower"], best["upper"]


def _unit(tokens: list[_Token], run: _Run, currency: str) -> str | None:
    """The currency written before the number, or the unit or currency word written right after it."""
    lexicon = _lexicon()
    symbols = lexicon["currency_symbols"]
    aliases, glued_only = _unit_table()
    for k in (run.start - 1, run.start - 2):
        if k < 0:
            continue
        written = tokens[k].text
        if written in symbols or written in lexicon["currency_codes"]:
            return symbols.get(written) or (currency if written == "$" else written)
        if written in lexicon["glued_codes"] and tokens[k].end == tokens[k + 1].start:
            return lexicon["glued_codes"][written]  # "US40": the country of the dollar, glued
    cased, after = package_table()["glued_cased"], tokens[run.end] if run.end < len(tokens) else None
    if after is not None and after.text in cased and after.start == tokens[run.end - 1].end:
        return cased[after.text]  # "45g": grams only glued and lower-case ("5G" is a network)
    at = run.end + 1 if run.end < len(tokens) and tokens[run.end].low == "-" else run.end
    if run.value < 1 and at < len(tokens) and tokens[at].low == "of":
        at += 1  # "a quarter of a percentage point"
    if run.value < 1 and at < len(tokens) and tokens[at].low in ("a", "an"):
        at += 1  # "half a percentage point"
    for size in (3, 2, 1):
        phrase = " ".join(t.low for t in tokens[at : at + size])
        if phrase.startswith("us "):
            phrase = phrase[3:]  # "US dollars"
        following = tokens[at + size].low if at + size < len(tokens) else ""
        if phrase in lexicon["currency_words"]:
            if phrase.startswith("pound") and run.scale == 1 and following != "sterling":
                return "pound"  # "500 pounds of TNT"; money is "5 million pounds" or "pounds sterling"
            return lexicon["currency_words"][phrase]
        if phrase in aliases:
            glued = at < len(tokens) and tokens[at].start == tokens[at - 1].end
            if phrase not in glued_only or (size == 1 and glued):
                return aliases[phrase]
        written = tokens[at : at + size]
        together = "".join(t.low for t in written)  # "km/h", "°C": one unit the pattern split
        adjacent = all(a.end == b.start for a, b in zip(written, written[1:], strict=False))
        if size > 1 and len(written) == size and adjacent:
            if together in aliases:
                return aliases[together]
    hyphened = " ".join(t.low for t in tokens[at : at + 5] if t.low != "-")  # "million-square-foot"
    for size in (3, 2):
        words = " ".join(hyphened.split()[:size])
        if words in aliases and "-" in " ".join(t.low for t in tokens[at : at + 2 * size - 1]):
            return aliases[words]
    return None
