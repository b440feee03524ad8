"""Finding number phrases in a parsed sentence, and telling claims from numbers that are not claims.

A number phrase is the core (the digits or number words, ranges and vague plurals included) widened to
what belongs to it as written: a currency sign, qualifier words ("more than", "some"), a percent word or
a unit. Years, dates, times, ordinals and numbers inside names are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.normalize.qualifiers import qualifier_phrase

DATA = Path(__file__).parent / "data"
_UNITS = json.loads((DATA / "units.json").read_text("utf-8"))
_FORMS = json.loads((DATA / "number_forms.json").read_text("utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A number as one token: an optional sign, a currency prefix glued to the digits ("US40", "HK$5",
# "USD10"), the digits (or a written fraction, "1/8"), and a scale or unit glued after them ("5m",
# "300bhp", "2.5pc", "-5C").
_PREFIX = f"(?:{_alternation(_UNITS['currency_prefixes'] + ['$', '£', '€', '¥', '₴', '₽', '₹', '₪', '₺'])})?"
_GLUED = _alternation(["k", "m", "mn", "bn", "b", "tn", *_UNITS["glued"]])
DIGITS = re.compile(
    rf"^[+\-−±]?{_PREFIX}[+\-−]?(?:\d+/\d+|\d[\d,]*(?:\.\d+)?|\.\d+)(?:(?:{_GLUED})\.?)?$", re.IGNORECASE
)
DIGIT_RANGE = re.compile(r"^[$£€]?\d[\d,.]*(?:k|m|bn)?[–—-][$£€]?\d[\d,.]*(?:k|m|bn|%)?$", re.IGNORECASE)
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)s?$")
# Plural number words that state a vague figure when followed by "of" ("hundreds of thousands of people").
VAGUE_PLURALS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores"})
COUNT_NOUNS = frozenset({"dozen", "hundred", "thousand", "lakh", "crore", "million", "billion", "trillion"})
FRACTION_WORDS = frozenset({"half", "quarter", "third", "three-quarters"})
# Fraction words a number word joins with a hyphen: "two-thirds", "three-quarters", "one-fifth".
FRACTION_PARTS = frozenset(_FORMS["fraction_words"])
RANGE_JOINERS = {"and": "between", "to": None, "-": None, "–": None, "—": None}
# Entities that hold numbers which are not figures: 2014, February 24, 5 p.m., third.
NOT_FIGURE_ENTITIES = frozenset({"DATE", "TIME", "ORDINAL"})
NAME_ENTITIES = frozenset(
    {"ORG", "PRODUCT", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PERSON", "GPE", "LOC", "NORP"}
)
MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december".split()
)
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
CLOCK_WORDS = frozenset(
    {"a.m.", "p.m.", "am", "pm", "gmt", "utc", "bst", "cet", "et", "est", "edt", "pt", "hrs"}
)
# Spelled-out numbers after these words name things already counted ("the two countries").
REFERRING_WORDS = frozenset(
    {"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your"}
)
_CURRENCY_MARKS = frozenset(_UNITS["currency_symbols"])
# Words after a length that say it measures something ("12m tall", "39ft deep").
DIMENSION_WORDS = frozenset(_UNITS["dimension_words"])
LENGTH_ALIASES = frozenset(
    alias
    for name in ("foot", "inch", "yard", "metre", "centimetre", "kilometre", "mile")
    for alias in _UNITS["units"][name]
)
VAGUE_BEFORE_SCALE = tuple(
    sorted((tuple(w.split()) for w in _FORMS["vague_before_scale"]), key=len, reverse=True)
)
DESIGNATION_BEFORE = frozenset(_FORMS["designation_before"])
DESIGNATION_TOKENS = tuple(re.compile(p) for p in _FORMS["designation_token"])
STREET_WORDS = frozenset(_FORMS["street_words"])
EMERGENCY_NUMBERS = frozenset(_FORMS["emergency_numbers"])
CALL_VERBS = frozenset(_FORMS["call_verbs"])
SHIRT_NOUNS = frozenset(_FORMS["shirt_nouns"])
WEAR_VERBS = frozenset(_FORMS["wear_verbs"])
ONE_IDIOMS = tuple(tuple(idiom) for idiom in _FORMS["one_idioms"])
LOSS_VERBS = frozenset(_FORMS["loss_verbs"])
ONE_NOUNS = frozenset(_FORMS["one_nouns"])
RELATIVE_TIME_WORDS = frozenset(_FORMS["relative_time_words"])
# Letters glued after digits that keep them a figure: "5m", "300bhp", "1990s".
GLUED_AFTER = frozenset(_UNITS["glued"]) | {"k", "m", "m.", "mn", "bn", "b", "tn", "s", "st", "nd", "rd"}
MOVE_WORDS = frozenset(json.loads((DATA / "moves.json").read_text("utf-8"))["up"]) | frozenset(
    json.loads((DATA / "moves.json").read_text("utf-8"))["down"]
)
# Verbs that make the number they govern a lower bound ("topped 1,000"): data/verbs.json.
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
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


def is_number_token(token: Token) -> bool:
    text = token.text
    if DIGITS.match(text) or DIGIT_RANGE.match(text):
        return any(ch.isdigit() for ch in text)
    lower = token.lower_
    if lower in VAGUE_PLURALS:
        return token.i + 1 < len(token.doc) and token.nbor().lower_ == "of"
    if lower in COUNT_NOUNS:
        return True
    return token.like_num and token.tag_ == "CD" and token.is_alpha


def find_number_phrases(sent: Span, lexicon: Lexicon) -> list[NumberPhrase]:
    """The claim-worthy number phrases of one sentence, in order."""
    doc = sent.doc
    phrases: list[NumberPhrase] = []
    if _is_table_row(sent):
        return phrases
    i = sent.start
    while i < sent.end:
        fraction = _fraction_of_a_unit(doc, i, sent, lexicon) or _share_of_a_whole(doc, i, sent)
        if fraction is not None:
            phrases.append(fraction)
            i = fraction.end
            continue
        if not is_number_token(doc[i]):
            i += 1
            continue
        core_end = _extend_core(doc, i, sent.end)
        phrase = _widen(doc, i, core_end, sent, lexicon)
        if phrase is not None and _is_claim(doc, phrase) and not _counts_speakers(doc, phrase, lexicon):
            phrases.append(phrase)
        i = core_end
    return phrases


def _fraction_of_a_unit(doc, start: int, sent: Span, lexicon: Lexicon) -> NumberPhrase | None:
    """ "half a percentage point", "a quarter of a percentage point": a fraction of one unit, which has
    no digit and no number word of its own."""
    if doc[start].lower_ not in FRACTION_WORDS:
        return None
    at = start + 1
    if at < sent.end and doc[at].lower_ == "of":
        at += 1
    if at >= sent.end or doc[at].lower_ not in ("a", "an"):
        return None
    core_end = at + 1
    if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
        start -= 1  # "a quarter of a percentage point"
    for unit in (*lexicon.percent_words, *lexicon.unit_words):
        words = doc[core_end : core_end + len(unit)]
        if len(words) == len(unit) and tuple(t.lower_ for t in words) == unit:
            begin = _qualifier_start(doc, start, sent)
            return NumberPhrase(begin, core_end + len(unit), start, core_end, None, False)
    return None


def _share_of_a_whole(doc, start: int, sent: Span) -> NumberPhrase | None:
    """ "a third of voters", "a quarter of the world": a fraction word after "a", "one" or "nearly a",
    before "of", is a share (the normalize stage writes it as a percent). The model tags "third" as an
    ordinal, so the number scan alone never sees it."""
    word = doc[start].lower_
    if word not in FRACTION_PARTS or start == sent.start or start + 1 >= sent.end:
        return None
    if doc[start - 1].lower_ not in ("a", "one") or doc[start + 1].lower_ != "of":
        return None
    begin = _qualifier_start(doc, start - 1, sent)
    return NumberPhrase(begin, start + 1, start - 1, start + 1, None, False)


def _is_table_row(sent: Span) -> bool:
    """A row of a stock or results table ("Acme 12.40 +0.35 2.9%") is numbers without a clause: no
    verb, and numbers are most of the words."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    numbers = [t for t in words if DIGITS.match(t.text) and any(c.isdigit() for c in t.text)]
    if len(numbers) < 3 or len(numbers) * 2 < len(words):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in sent)


def _extend_core(doc, start: int, limit: int) -> int:
    """End (exclusive) of the number core that starts at `start`."""
    end = start + 1
    while end < limit:
        token = doc[end]
        previous = doc[end - 1]
        if is_number_token(token):
            # "1.2 million", "two dozen", "twenty five", "$US40 billion"; but "5 6" are two numbers.
            joins = previous.like_num or previous.lower_ in COUNT_NOUNS or bool(DIGITS.match(previous.text))
            if joins and not (DIGITS.match(token.text) and DIGITS.match(previous.text)):
                end += 1
                continue
            break
        following = doc[end + 1] if end + 1 < limit else None
        if token.text == "-" and following is not None and not token.whitespace_ and not previous.whitespace_:
            if following.lower_ in FRACTION_PARTS and previous.is_alpha:
                end += 2  # "two-thirds", "one-fifth"
                continue
            if "/" in following.text and previous.text.isdigit():
                end += 2  # "1-1/2": one and a half
                continue
        if _is_share_joiner(doc, end, limit):
            end += 3 if token.lower_ == "out" else 2  # "one out of three", "four in five"
            continue
        if (
            token.lower_ in ("-", "–", "—", "to", "and", "of", "through", "thru")
            and end + 1 < limit
            and is_number_token(doc[end + 1])
        ):
            if token.lower_ in ("through", "thru") and not _preceded_by(doc, start, "from"):
                break  # "from 9 through 60" is a range; "page 9 through" alone is not read
            if token.text == "of" and previous.lower_ not in VAGUE_PLURALS:
                break
            if token.text == "and" and not _between(doc, start):
                break
            if token.text == "to" and _two_figures(doc, start):
                break  # "rose from 4% to 7.1%", "down by 30 to 126": two figures, not a range
            end += 2
            continue
        if (
            token.lower_ in ("to", "and", "-", "–")
            and end + 2 < limit
            and doc[end + 1].is_currency
            and is_number_token(doc[end + 2])
            and (token.lower_ != "and" or _between(doc, start))
            and not (token.lower_ == "to" and _two_figures(doc, start))
        ):
            end += 3  # "$13 million to $14 million": the second end carries its own currency sign
            continue
        if (
            token.text == "%"
            and end + 2 < limit
            and doc[end + 1].lower_ in ("and", "to", "-", "–")
            and is_number_token(doc[end + 2])
            and (doc[end + 1].lower_ != "and" or _between(doc, start))
            and not (doc[end + 1].lower_ == "to" and _two_figures(doc, start))
        ):
            end += 3  # "between 4.25% and 4.5%": the first end carries its own percent sign
            continue
        if token.lower_ in ("m", "m.", "bn", "mn", "k", "tn", "b") and not previous.whitespace_:
            if token.lower_.startswith("m") and reads_metres(doc, start, end + 1):
                break  # "12m (39ft)": a length, the "m" is its unit
            end += 1
            continue
        break
    return end


def _preceded_by(doc, start: int, word: str) -> bool:
    window = doc[max(0, start - 3) : start]
    return any(t.lower_ == word for t in window)


def _between(doc, start: int) -> bool:
    """ "between 5 and 6", "between the ages of eight and 15": the "and" joins a range."""
    if _preceded_by(doc, start, "between"):
        return True
    return [t.lower_ for t in doc[max(0, start - 4) : start]] == ["between", "the", "ages", "of"]


def _two_figures(doc, start: int) -> bool:
    """ "X to Y" is two figures when a move runs from one to the other: "rose from 4% to 7.1%", "down by
    30 to 126", "increased by $12.5 billion to $310.4 billion". Without a move verb "from 150 to 180"
    and "ranging from $300 to $2 million" are one range."""
    if _preceded_by(doc, start, "by"):
        return True
    if not _preceded_by(doc, start, "from"):
        return False
    verb = doc[start].head
    for _ in range(4):
        if verb.lemma_.lower() in MOVE_WORDS:
            return True
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return False


def _is_share_joiner(doc, at: int, limit: int) -> bool:
    """ "one out of three", "four in five": a share, when both numbers are small or spelled out (digit
    counts such as "104 out of 120 missiles" are two figures)."""
    token = doc[at]
    words = 3 if token.lower_ == "out" else 2 if token.lower_ == "in" else 0
    if not words or at + words - 1 >= limit or (words == 3 and doc[at + 1].lower_ != "of"):
        return False
    first, second = doc[at - 1], doc[at + words - 1]
    return (
        first.like_num
        and second.like_num
        and _small(first)
        and _small(second)
        and not (at + words < limit and doc[at + words].lower_ in COUNT_NOUNS)
    )


def _small(token: Token) -> bool:
    return token.is_alpha or (token.text.isdigit() and int(token.text) <= 10)


def reads_metres(doc, core_start: int, m_end: int) -> bool:
    """A glued "m" ("12m") is a million in money and counts ("$12m", "12m people") and a metre when the
    words after it measure ("12m (39ft)", "12m tall", "a 12m-long hull")."""
    if any(t.text in _CURRENCY_MARKS or t.text[0] in "$£€¥" for t in doc[max(0, core_start - 1) : m_end]):
        return False
    at = m_end
    if at < len(doc) and doc[at].text == "-":
        at += 1
    if at >= len(doc):
        return False
    following = doc[at]
    if following.lower_ in DIMENSION_WORDS:
        return True
    if following.text == "(" and at + 1 < len(doc):
        inside = doc[at + 1 : min(len(doc), at + 4)]
        return any(t.lower_.lstrip("0123456789.,") in LENGTH_ALIASES for t in inside)
    return False


def _widen(doc, core_start: int, core_end: int, sent: Span, lexicon: Lexicon) -> NumberPhrase | None:
    start, end = core_start, core_end
    # "a half-dozen": half of a dozen, one word
    if start - 2 >= sent.start and doc[start].lower_ == "dozen" and doc[start - 1].text == "-":
        if doc[start - 2].lower_ == "half":
            start -= 2
            if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
                start -= 1
    # "several thousand", "a few hundred": a vague quantity, not one thousand
    if doc[start].lower_ in COUNT_NOUNS:
        for words in VAGUE_BEFORE_SCALE:
            begin = start - len(words)
            if begin >= sent.start and tuple(t.lower_ for t in doc[begin:start]) == words:
                start = begin
                break
    # "a dozen", "a hundred", "half a million"
    if start > sent.start and doc[start].lower_ in COUNT_NOUNS and doc[start - 1].lower_ in ("a", "an"):
        start -= 1
        # "half a million", "a quarter of a million"
        if start > sent.start and doc[start - 1].lower_ == "of":
            start -= 1
        if start > sent.start and doc[start - 1].lower_ in FRACTION_WORDS:
            start -= 1
            if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
                start -= 1
        elif doc[start].lower_ == "of":
            start += 1
    if start > sent.start and doc[start - 1].text in lexicon.currency_symbols:
        start -= 1
    plus_or = [t.lower_ for t in doc[max(sent.start, start - 3) : start - 1]] == ["plus", "or"]
    if start > sent.start and doc[start - 1].lower_ == "minus" and not plus_or:
        start -= 1  # "minus 387 degrees": the sign, written out ("plus or minus 3" is a margin)
    if any(t.lower_ == "and" for t in doc[core_start:core_end]):
        if start > sent.start and doc[start - 1].lower_ == "between":
            start -= 1
        elif start - 4 >= sent.start and _between(doc, start) and doc[start - 4].lower_ == "between":
            start -= 4  # "between the ages of eight and 15"
    start = _qualifier_start(doc, start, sent)
    end = _unit_end(doc, end, sent, lexicon)
    is_age = _is_age(doc, core_end, sent) or _after_aged(doc, core_start, sent)
    if is_age and doc[core_end].text == "-":
        end = min(sent.end, core_end + 4)
    elif is_age and doc[core_end].lower_ == "years":
        end = min(sent.end, core_end + 2)
    return NumberPhrase(start, end, core_start, core_end, _verb_qualifier(doc, core_start, core_end), is_age)


def _qualifier_start(doc, start: int, sent: Span) -> int:
    """Move the start left over qualifier words ("more than", "just under", "an estimated"), also
    across an article ("roughly a 6 percent drop")."""
    if start - 1 > sent.start and doc[start - 1].lower_ in ("a", "an"):
        widened = _qualifier_start(doc, start - 1, sent)
        if widened < start - 1:
            return widened
    for width in (3, 2, 1):
        begin = start - width
        if begin < sent.start:
            continue
        words = doc[begin:start]
        if any(t.lemma_.lower() in MORE_THAN_VERBS or t.pos_ == "VERB" for t in words):
            continue  # "topped 1,000": the verb is a qualifier, not part of the number phrase
        if qualifier_phrase(" ".join(t.lower_ for t in words)):
            return begin
    return start


def _unit_end(doc, end: int, sent: Span, lexicon: Lexicon) -> int:
    position = end + 1 if end < sent.end and doc[end].text == "-" else end  # "480-kilometer"
    if (
        "/" in doc[end - 1].text
        and position + 2 < sent.end
        and doc[position].lower_ == "of"
        and doc[position + 1].lower_ in ("a", "an")
    ):
        position += 2  # "1/8 of an inch": a fraction of one unit
    if (
        position < sent.end
        and not doc[position - 1].whitespace_
        and doc[position].lower_ in lexicon.glued_units
        and doc[position - 1].like_num
    ):
        return position + 1  # "39ft", "-5 C" split by the tokenizer: a unit written against the digits
    tables = (lexicon.percent_words, lexicon.unit_words)
    # The words after the number, lower-cased once (a fresh doc slice per unit phrase was a hot spot);
    # the tables are sorted longest first.
    longest = max((len(table[0]) for table in tables if table), default=0)
    # A sentence's full stop may stick to the unit ("310 km/h."): compare without it.
    window = doc[position : min(sent.end, position + longest)]
    following = tuple(t.lower_.rstrip(".") if len(t) > 1 else t.lower_ for t in window)
    for table in tables:
        for words in table:
            if following[: len(words)] == words:
                return position + len(words)
    if end < sent.end and doc[end].lower_ in lexicon.currency_words:
        return end + 1
    if end + 1 < sent.end and doc[end].lower_ == "or" and doc[end + 1].lower_ in ("so", "more"):
        return end + 2
    return end


def _names_a_thing(doc, phrase: NumberPhrase) -> bool:
    """Numbers that name rather than count: designations ("the No. 10 shirt", "S&P 500", "Flight 17",
    "A350", "5G"), street addresses ("120 Harbor Road"), emergency numbers ("called 911") and shirt
    numbers ("wearing 23")."""
    start, end = phrase.core_start, phrase.core_end
    if phrase.start != start:
        return False  # "more than 500", "$500": a quantity
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.lower_ in DESIGNATION_BEFORE:
        return True
    for token in doc[start:end]:
        if not DIGITS.match(token.text) and any(pattern.match(token.text) for pattern in DESIGNATION_TOKENS):
            return True  # "A350", "F-16"; "USD15" is money
    glued = after is not None and not doc[end - 1].whitespace_
    if glued and after.is_alpha and after.lower_ not in GLUED_AFTER:
        return True  # "5G", "3D": letters glued to the number make a name
    if after is not None and after.lower_ in SHIRT_NOUNS:
        return True
    if doc[start].text.isdigit():
        names = doc[end : min(len(doc), end + 4)]
        for k, token in enumerate(names):
            if token.lower_ in STREET_WORDS and k > 0 and token.text[0].isupper():
                if all(t.text[:1].isupper() for t in names[:k]):
                    return True  # "120 Harbor Road", "7 Elm St."
            if not token.text[:1].isupper():
                break
    if doc[start].text in EMERGENCY_NUMBERS and end - start == 1:
        window = doc[max(0, start - 2) : start]
        if any(t.lemma_.lower() in CALL_VERBS for t in window):
            return True
        if after is not None and after.lemma_.lower() in ("call", "operator", "dispatcher", "line", "number"):
            return True
    head = _core_head(doc, start, end)
    if head.dep_ == "dobj" and head.head.lemma_.lower() in WEAR_VERBS and not list(head.children):
        return True  # "wearing 23": a shirt number
    return False


def _is_relative_time(doc, phrase: NumberPhrase) -> bool:
    """ "two months after the floods", "three weeks later", "it takes two-to-three months": a length of
    time that places or describes an event is a time, not a reported figure."""
    at = phrase.core_end
    while at < len(doc) and (doc[at].text in ("-", "to") or is_number_token(doc[at])):
        at += 1
    if at >= len(doc) or doc[at].lemma_.lower() not in TIME_UNITS:
        return False
    after = doc[at + 1] if at + 1 < len(doc) else None
    if after is not None and after.lower_ in RELATIVE_TIME_WORDS:
        return True
    head = doc[at].head
    return doc[at].dep_ in ("dobj", "npadvmod") and head.lemma_.lower() == "take"


def _is_reversed_pair(core) -> bool:
    """ "won 9-2", "787-9": two numbers joined by a hyphen, the second smaller, are a score or a model,
    never a range (a range is written low to high); three or more ("a 4-3-3") are a formation or a code."""
    texts = [t.text for t in core]
    if sum(t in ("-", "–", "—") for t in texts) >= 2 or any(t.count("-") >= 2 for t in texts):
        return True
    if len(texts) == 1 and DIGIT_RANGE.match(texts[0]):
        texts = re.split(r"(?<=\d)([–—-])", texts[0])
    if len(texts) != 3 or texts[1] not in ("-", "–", "—"):
        return False
    low, high = (re.sub(r"[^\d.]", "", t) for t in (texts[0], texts[2]))
    try:
        return float(high) < float(low)
    except ValueError:
        return False


def _is_compound_adjective(doc, phrase: NumberPhrase) -> bool:
    """ "a four-door car", "a six-speed gearbox", "one-time payments": a spelled-out number hyphened to a
    singular noun that describes another noun names a kind of thing, not a figure (units are kept:
    "a 480-kilometre front")."""
    end = phrase.core_end
    if not doc[phrase.core_start].is_alpha or phrase.end != end or end + 2 > len(doc):
        return False
    if doc[end].text != "-" or doc[end].whitespace_:
        return False
    noun = doc[end + 1]
    if noun.tag_ not in ("NN", "JJ", "VBN") and noun.lower_ != "time":
        return False
    after = doc[end + 2] if end + 2 < len(doc) else None
    return after is None or after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or after.text == "-"


def _is_determiner_one(doc, phrase: NumberPhrase) -> bool:
    """ "one" as a determiner or pronoun, not a count: "One woman said", "One bright spot", "from one
    place to another", "at one point", "number one buyer". "One soldier was killed" keeps its count."""
    core = doc[phrase.core_start : phrase.core_end]
    if len(core) != 1 or core[0].lower_ != "one" or phrase.start != phrase.core_start:
        return False
    i = core[0].i
    for idiom in ONE_IDIOMS:
        at = idiom.index("one")
        words = doc[max(0, i - at) : i - at + len(idiom)]
        if tuple(t.lower_ for t in words) == idiom:
            return True
    sent = core[0].sent
    if any(t.lower_ == "another" or (t.lower_ == "other" and t.i > 0 and doc[t.i - 1].lower_ == "the")
           for t in doc[i + 1 : sent.end]):
        return True  # "from one place to another", "one ... the other"
    noun = core[0].head
    if core[0].dep_ != "nummod" or noun.tag_ not in ("NN", "NNP"):
        return False
    if noun.lemma_.lower() in ONE_NOUNS:
        return True  # "one possibility being", "one part of the city"
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "at", "on") and noun.i > i + 1:
        return True  # "in one Arizona county": a certain place
    if noun.dep_ == "nsubj" and i == sent.start:
        # "One woman sleeps ...", "One healthcare provider recalled ...": someone in the story
        verb = noun.head
        clause = [verb, *[c for c in verb.children if c.dep_ in ("xcomp", "conj", "acomp", "attr")]]
        return not any(v.lemma_.lower() in LOSS_VERBS for v in clause)
    return False


def _is_duration_modifier(doc, phrase: NumberPhrase) -> bool:
    """ "a 72-hour ceasefire", "a two-month truce", "the three-month quarter": a length of time that
    describes a noun is not a reported figure."""
    end = phrase.core_end
    if end + 2 >= len(doc) or doc[end].text not in ("-", "–"):
        return False
    unit, after = doc[end + 1], doc[end + 2]
    return unit.lower_ in DURATION_UNITS and after.pos_ in ("NOUN", "PROPN", "ADJ") and after.lower_ != "old"


def _after_aged(doc, core_start: int, sent: Span) -> bool:
    """ "aged 9", "aged from 9 through 60", "aged between 18 and 25": ages, in years."""
    before = [t.lower_ for t in doc[max(sent.start, core_start - 2) : core_start]]
    return before[-1:] == ["aged"] or before in (["aged", "from"], ["aged", "between"])


def _is_age(doc, core_end: int, sent: Span) -> bool:
    words = [t.lower_ for t in doc[core_end : min(sent.end, core_end + 4)]]
    return (
        words[:4] in (["-", "year", "-", "old"], ["-", "year", "-", "olds"])
        or words[:2] == ["years", "old"]
        or words[:3] == ["-", "years", "-"]
    )


def _verb_qualifier(doc, core_start: int, core_end: int) -> str | None:
    head = _core_head(doc, core_start, core_end)
    verb = head.head
    if head.dep_ in ("dobj", "attr", "npadvmod") and verb.lemma_.lower() in MORE_THAN_VERBS:
        return verb.text
    before = doc[core_start - 1] if core_start > 0 else None
    if before is not None and before.lemma_.lower() in MORE_THAN_VERBS | {"tops", "topped"}:
        return before.text  # headlines: "Losses top 100,000" (often parsed as a noun)
    return None


def _core_head(doc, core_start: int, core_end: int) -> Token:
    """The token of the core whose head lies outside the core."""
    for token in doc[core_start:core_end]:
        if not core_start <= token.head.i < core_end or token.head.i == token.i:
            return token
    return doc[core_end - 1]


def core_head(doc, phrase: NumberPhrase) -> Token:
    """The token that links the whole phrase to the sentence ("%" in "7.1%", the number in "some 100,000")."""
    return _core_head(doc, phrase.start, phrase.end)


def _is_month(token: Token) -> bool:
    # "may" and "march" are also a verb: trust them only when capitalised or inside a date.
    word = token.lower_.rstrip(".")
    return word in MONTHS and (token.ent_type_ == "DATE" or (token.text[0].isupper() and word != "may"))


def _counts_speakers(doc, phrase: NumberPhrase, lexicon: Lexicon) -> bool:
    """ "said one European diplomat", "two officials told Reuters": the number describes the source."""
    head = core_head(doc, phrase)
    noun = head.head
    return (
        head.dep_ == "nummod"
        and doc[phrase.core_start].is_alpha
        and noun.dep_ in ("nsubj", "nsubjpass")
        and noun.head.lemma_.lower() in lexicon.speech_verbs
    )


def _is_day_of_month(token: Token) -> bool:
    """ "March 30", "30 March", "Feb. 24", "24 of February": a day beside its month. "1,351 soldiers"
    after "in late March that" is no day, and neither is "4 million on March 30"."""
    day = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", token.text)
    if day is None or not 1 <= int(day[1]) <= 31:
        return False
    doc = token.doc
    for step in (-1, 1):
        near = token.i + step
        if 0 <= near < len(doc) and _is_month(doc[near]):
            return True
        far = token.i + 2 * step
        if 0 <= far < len(doc) and doc[near].text in (".", "of") and _is_month(doc[far]):
            return True
    return False


def _is_date_or_time(token: Token) -> bool:
    """Digits that are part of a date, a time of day or a duration: "22 Apr", "Feb. 24", "in 2014",
    "5 p.m.", "three weeks". The model's DATE and TIME entities are a hint, not the rule: "up from 65
    last week" holds a figure inside a DATE entity."""
    doc = token.doc
    if YEAR.match(token.text) and token.ent_type_ in NOT_FIGURE_ENTITIES:
        return True
    if _is_day_of_month(token):
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.lower_ in CLOCK_WORDS:
        return True
    if (
        following is not None
        and following.lemma_.lower() in TIME_UNITS
        and token.ent_type_ in ("DATE", "TIME")
    ):
        return True
    return token.ent_type_ == "ORDINAL"


def _is_claim(doc, phrase: NumberPhrase) -> bool:
    core = doc[phrase.core_start : phrase.core_end]
    if phrase.is_age:
        return True
    if any(_is_date_or_time(t) for t in core):
        return False
    if _names_a_thing(doc, phrase) or _is_reversed_pair(core) or _is_relative_time(doc, phrase):
        return False
    if len(core) == 1 and re.fullmatch(r"(\d+)/(\d+)", core.text):
        numerator, denominator = map(int, core.text.split("/"))
        if numerator >= denominator:
            return False  # "24/7", "9/11": a name or a date, not a fraction
    if _is_compound_adjective(doc, phrase) or _is_determiner_one(doc, phrase):
        return False
    for token in core:
        if token.ent_type_ in NAME_ENTITIES and token.ent_iob_ != "B":
            return False  # "Boeing 787", "Article 5": the number continues a name
    if _is_duration_modifier(doc, phrase):
        return False
    head = core_head(doc, phrase)
    text = core.text
    if len(core) == 1 and YEAR.match(text) and not (head.dep_ == "nummod" and head.head.tag_ == "NNS"):
        return False
    if len(core) == 1 and core[0].lower_ in ("one", "zero") and head.dep_ != "nummod":
        return False  # "one of the largest", "no one", "from zero"
    if core[0].is_alpha and phrase.start == phrase.core_start and phrase.core_start > 0:
        if doc[phrase.core_start - 1].lower_ in REFERRING_WORDS:
            return False  # "the two regions": a reference to things, not a figure
    previous = doc[phrase.core_start - 1] if phrase.core_start > 0 else None
    if (
        previous is not None
        and previous.pos_ == "PROPN"
        and previous.ent_type_ not in ("NORP", "GPE")
        and head.head.i == previous.i
        and phrase.start == phrase.core_start
    ):
        return False  # "Highway 1", "Patriot 3"
    return True
