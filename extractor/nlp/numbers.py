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

DIGITS = re.compile(r"^(?:US|C|A|HK)?[$£€¥₴₽]?\d[\d,]*(?:\.\d+)?(?:k|m|mn|bn|b|tn|%)?$", re.IGNORECASE)
DIGIT_RANGE = re.compile(r"^[$£€]?\d[\d,.]*(?:k|m|bn)?[–—-][$£€]?\d[\d,.]*(?:k|m|bn|%)?$", re.IGNORECASE)
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)s?$")
# Plural number words that state a vague figure when followed by "of" ("hundreds of thousands of people").
VAGUE_PLURALS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores"})
COUNT_NOUNS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "trillion"})
FRACTION_WORDS = frozenset({"half", "quarter", "third", "three-quarters"})
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
    i = sent.start
    while i < sent.end:
        fraction = _fraction_of_a_unit(doc, i, sent, lexicon)
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


def _extend_core(doc, start: int, limit: int) -> int:
    """End (exclusive) of the number core that starts at `start`."""
    end = start + 1
    while end < limit:
        token = doc[end]
        previous = doc[end - 1]
        if is_number_token(token):
            # "1.2 million", "two dozen", "twenty five"; but "5 6" are two numbers.
            joins = previous.like_num or previous.lower_ in COUNT_NOUNS
            if joins and not (DIGITS.match(token.text) and DIGITS.match(previous.text)):
                end += 1
                continue
            break
        if (
            token.text in ("-", "–", "—", "to", "and", "of")
            and end + 1 < limit
            and is_number_token(doc[end + 1])
        ):
            if token.text == "of" and previous.lower_ not in VAGUE_PLURALS:
                break
            if token.text == "and" and not _preceded_by(doc, start, "between"):
                break
            if token.text == "to" and _preceded_by(doc, start, "from"):
                break  # "rose from 4% to 7.1%": two figures, not a range
            end += 2
            continue
        if (
            token.lower_ in ("to", "and", "-", "–")
            and end + 2 < limit
            and doc[end + 1].is_currency
            and is_number_token(doc[end + 2])
            and (token.lower_ != "and" or _preceded_by(doc, start, "between"))
            and not (token.lower_ == "to" and _preceded_by(doc, start, "from"))
        ):
            end += 3  # "$13 million to $14 million": the second end carries its own currency sign
            continue
        if (
            token.text == "%"
            and end + 2 < limit
            and doc[end + 1].lower_ in ("and", "to", "-", "–")
            and is_number_token(doc[end + 2])
            and (doc[end + 1].lower_ != "and" or _preceded_by(doc, start, "between"))
        ):
            end += 3  # "between 4.25% and 4.5%": the first end carries its own percent sign
            continue
        if token.lower_ in ("m", "bn", "mn", "k", "tn", "b") and not previous.whitespace_:
            end += 1
            continue
        break
    return end


def _preceded_by(doc, start: int, word: str) -> bool:
    window = doc[max(0, start - 3) : start]
    return any(t.lower_ == word for t in window)


def _widen(doc, core_start: int, core_end: int, sent: Span, lexicon: Lexicon) -> NumberPhrase | None:
    start, end = core_start, core_end
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
    if (
        start > sent.start
        and doc[start - 1].lower_ == "between"
        and any(t.lower_ == "and" for t in doc[core_start:core_end])
    ):
        start -= 1
    start = _qualifier_start(doc, start, sent)
    end = _unit_end(doc, end, sent, lexicon)
    is_age = _is_age(doc, core_end, sent)
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
    tables = (lexicon.percent_words, lexicon.unit_words)
    # The words after the number, lower-cased once (a fresh doc slice per unit phrase was a hot spot);
    # the tables are sorted longest first.
    longest = max((len(table[0]) for table in tables if table), default=0)
    following = tuple(t.lower_ for t in doc[position : min(sent.end, position + longest)])
    for table in tables:
        for words in table:
            if following[: len(words)] == words:
                return position + len(words)
    if end < sent.end and doc[end].lower_ in lexicon.currency_words:
        return end + 1
    if end + 1 < sent.end and doc[end].lower_ == "or" and doc[end + 1].lower_ in ("so", "more"):
        return end + 2
    return end


def _is_duration_modifier(doc, phrase: NumberPhrase) -> bool:
    """ "a 72-hour ceasefire", "a two-month truce", "the three-month quarter": a length of time that
    describes a noun is not a reported figure."""
    end = phrase.core_end
    if end + 2 >= len(doc) or doc[end].text not in ("-", "–"):
        return False
    unit, after = doc[end + 1], doc[end + 2]
    return unit.lower_ in DURATION_UNITS and after.pos_ in ("NOUN", "PROPN", "ADJ") and after.lower_ != "old"


def _is_age(doc, core_end: int, sent: Span) -> bool:
    words = [t.lower_ for t in doc[core_end : min(sent.end, core_end + 4)]]
    return (
        words[:4] == ["-", "year", "-", "old"]
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
