"""Numbers that are not figures: dates and times, names and designations ("Flight 17", "S&P 500"),
street addresses, scores, "one" as a determiner, durations that describe a noun, table rows. Each rule
states a fact of writing; `is_claim` applies them to a phrase the finder (numbers.py) has widened."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.number_forms import (
    _FORMS,
    DIGIT_RANGE,
    DIGITS,
    DURATION_UNITS,
    GLUED_CASED,
    GLUED_UNITS,
    MONTHS,
    TIME_UNITS,
    YEAR,
    NumberPhrase,
    after_dollar,
    core_head,
    core_token_head,
    is_number_token,
)

# The denominators prose writes fractions in ("3/4", "1/8 of an inch", "5/16"); "9/11" is a date.
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100})
# Entities that hold numbers which are not figures: 2014, February 24, 5 p.m., third.
NOT_FIGURE_ENTITIES = frozenset({"DATE", "TIME", "ORDINAL"})
NAME_ENTITIES = frozenset(
    {"ORG", "PRODUCT", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PERSON", "GPE", "LOC", "NORP"}
)
CLOCK_WORDS = frozenset(
    {"a.m.", "p.m.", "am", "pm", "gmt", "utc", "bst", "cet", "et", "est", "edt", "pt", "hrs"}
)
# Spelled-out numbers after these words name things already counted ("the two countries").
REFERRING_WORDS = frozenset(
    {"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your"}
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
GLUED_AFTER = GLUED_UNITS | {"k", "m", "m.", "mn", "bn", "b", "tn", "s", "st", "nd", "rd"}


def is_table_row(sent: Span) -> bool:
    """A row of a stock or results table ("Acme 12.40 +0.35 2.9%") is numbers without a clause: no
    verb, and numbers are most of the words."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    numbers = [t for t in words if DIGITS.match(t.text) and any(c.isdigit() for c in t.text)]
    if len(numbers) < 3 or len(numbers) * 2 < len(words):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in sent)


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
        designation = any(pattern.match(token.text) for pattern in DESIGNATION_TOKENS)
        if designation and not (DIGITS.match(token.text) or after_dollar(token)):
            return True  # "A350", "F-16"; "USD15" is money
    glued = after is not None and not doc[end - 1].whitespace_
    if glued and after.is_alpha and after.lower_ not in GLUED_AFTER and after.text not in GLUED_CASED:
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
    head = core_token_head(doc, start, end)
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
    """ "won 9-2", "787-9", "tied 1-1": two numbers joined by a hyphen, the second not larger, are a score
    or a model, never a range (a range is written low to high); three or more ("a 4-3-3") are a formation
    or a code."""
    texts = [t.text for t in core]
    digits = all(t in ("-", "–", "—") or t[:1].isdigit() for t in texts)  # not "four-and-a-half"
    if digits and sum(t in ("-", "–", "—") for t in texts) >= 2 or any(t.count("-") >= 2 for t in texts):
        return True
    if len(texts) == 1 and DIGIT_RANGE.match(texts[0]):
        texts = re.split(r"(?<=\d)([–—-])", texts[0])
    if len(texts) != 3 or texts[1] not in ("-", "–", "—"):
        return False
    low, high = (re.sub(r"[^\d.]", "", t) for t in (texts[0], texts[2]))
    try:
        return float(high) <= float(low)  # "level at 1-1": equal ends are a score too
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
    if any(
        t.lower_ == "another" or (t.lower_ == "other" and t.i > 0 and doc[t.i - 1].lower_ == "the")
        for t in doc[i + 1 : sent.end]
    ):
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


def _is_month(token: Token) -> bool:
    # "may" and "march" are also a verb: trust them only when capitalised or inside a date.
    word = token.lower_.rstrip(".")
    return word in MONTHS and (token.ent_type_ == "DATE" or (token.text[0].isupper() and word != "may"))


def counts_speakers(doc, phrase: NumberPhrase, lexicon: Lexicon) -> bool:
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


def is_claim(doc, phrase: NumberPhrase) -> bool:
    core = doc[phrase.core_start : phrase.core_end]
    if phrase.is_age:
        return True
    if any(_is_date_or_time(t) for t in core):
        return False
    if _names_a_thing(doc, phrase) or _is_reversed_pair(core) or _is_relative_time(doc, phrase):
        return False
    if len(core) == 1 and re.fullmatch(r"(\d+)/(\d+)", core.text):
        numerator, denominator = map(int, core.text.split("/"))
        if numerator >= denominator or denominator not in FRACTION_DENOMINATORS:
            return False  # "24/7", "9/11", "7/11": a name or a date; fractions are halves, eighths, ...
    if _is_compound_adjective(doc, phrase) or _is_determiner_one(doc, phrase):
        return False
    for token in core:
        if token.ent_type_ in NAME_ENTITIES and token.ent_iob_ != "B":
            return False  # "Boeing 787", "Article 5": the number continues a name
    if _is_duration_modifier(doc, phrase):
        return False
    head = core_head(doc, phrase)
    text = core.text
    money = phrase.core_start > 0 and doc[phrase.core_start - 1].is_currency  # "$1800" is no year
    plural_noun = head.dep_ == "nummod" and head.head.tag_ == "NNS"  # "1800 jobs"
    if len(core) == 1 and YEAR.match(text) and not (plural_noun or money):
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
