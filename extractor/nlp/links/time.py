"""When a figure is: the time expression of its sentence that dates it, and how often it recurs.

Candidates are the sentence's DATE and TIME entities (plus "that day"-like phrases the model seldom tags),
nearest first; a time that belongs to a comparison, a statement about the figure or another figure is
set aside. The tagger also asks which day or reporting period a sentence names and whether a figure is
only the base of a comparison, so that later figures in the article can inherit the right time."""

from __future__ import annotations

import calendar
import json
import re

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import DATA
from extractor.nlp.links.common import NOUN_TAGS
from extractor.nlp.links.time_entities import (  # the sentence's times, found once per sentence
    MONTHS,
    RANGE_WORDS,
    time_entities,
)
from extractor.nlp.numbers import NumberPhrase, core_head

DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
# A time expression further than this many tokens from the figure belongs to another part of the sentence.
MAX_TIME_DISTANCE = 16
_TIME_WORDS = json.loads((DATA / "time_words.json").read_text(encoding="utf-8"))
TIME_PREPOSITIONS = frozenset(_TIME_WORDS["prepositions"])
CHANGE_HEADS = frozenset(_TIME_WORDS["change_heads"])
COMPARE_HEADS = frozenset(_TIME_WORDS["compare_heads"])
COMPARE_PREPOSITIONS = frozenset(_TIME_WORDS["compare_prepositions"])
RATE_ADJECTIVES = frozenset(_TIME_WORDS["rate_adjectives"])
RANK_WORDS = frozenset(_TIME_WORDS["rank_words"])
RANK_PREPOSITIONS = frozenset(_TIME_WORDS["rank_prepositions"])
SPEECH_TIME_VERBS = frozenset(_TIME_WORDS["speech_time_verbs"])
CLAUSE_BOUNDARIES = frozenset(_TIME_WORDS["clause_boundaries"])
CONTRAST_MARKS = frozenset(_TIME_WORDS["contrast_marks"])
PERIOD_WORDS = frozenset(_TIME_WORDS["period_words"])
DAY_WORDS = frozenset(name.lower() for name in calendar.day_name) | frozenset(_TIME_WORDS["day_words"])


def time_phrases(doc, phrase: NumberPhrase, speech_verbs: frozenset[str] = frozenset()) -> list[Span]:
    """The sentence's time expressions that may date the figure, most likely first.

    Nearest first, within MAX_TIME_DISTANCE tokens; a sentence-opening adverbial ("On Monday, ...")
    and a time hanging on the figure's own clause ("killed ... since fighting intensified on May 10")
    reach the figure at any distance. The time a statement was made ("..., the ministry said on
    Tuesday") dates the figure only when nothing else does. A time inside a comparison that does not
    hold the figure ("up from 48% last month", "compared with 2021") or inside a relative clause about
    something else ("the militia, which has fought since 2014, said ...") is not the figure's."""
    sent = doc[phrase.start].sent
    figure = core_head(doc, phrase)
    ranked: list[tuple[int, int, Span]] = []
    for ent in time_entities(sent):
        if ent.start < phrase.end and ent.end > phrase.start:
            if ent.start < phrase.start or ent.end <= phrase.end or doc[phrase.end].is_punct:
                continue  # "72-hour" is a duration word, not a time
            ent = doc[phrase.end : ent.end]  # "65 last week", "388 the week before": the figure leads
        if is_duration(ent) or is_rate(ent) or not any(t.is_alpha or t.like_num for t in ent):
            continue
        if belongs_elsewhere(ent, figure) or dates_another_figure(ent, figure, phrase):
            continue
        if ranks_the_figure(ent, sent, phrase, figure):
            continue
        distance = abs(ent.start - phrase.start)
        speech = is_speech_time(ent, figure, speech_verbs)
        if not speech and distance > MAX_TIME_DISTANCE:
            if not (opens_sentence(ent, sent) or same_clause(ent, figure)):
                continue
            distance = MAX_TIME_DISTANCE
        ranked.append((1 if speech else 0, distance, with_preposition(ent, sent)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [span for _, _, span in ranked]


def time_text(span: Span) -> str:
    """The expression as the resolver should read it: a date inside a "since" clause starts a span
    ("since the war began on April 15" → "since April 15")."""
    words = span.text
    if span[0].lower_ == "since" or not _in_since_clause(span):
        return words
    if span[0].lower_ in TIME_PREPOSITIONS:
        words = span[1:].text
    return f"since {words}"


def sentence_time(sent: Span) -> Span | None:
    """The time of a sentence without figures, when it dates its main clause ("The two sides exchanged
    prisoners on Sunday."): the figures that follow continue that report."""
    if any(t.is_quote for t in sent) or any(c.dep_ == "neg" for c in sent.root.children):
        return None  # a quote or "has not updated its toll since September" reports no event
    for ent in time_entities(sent):
        if is_duration(ent) or is_rate(ent):
            continue
        day = ent.start > sent.start and ent.doc[ent.start - 1].lower_ == "on"
        if not (day or any(t.lower_ in DAY_WORDS for t in ent)):
            continue  # a day names an event; "in August" in passing is background
        head = ent.root.head
        on_root = head.i == sent.root.i or (head.dep_ == "prep" and head.head.i == sent.root.i)
        if opens_sentence(ent, sent) or on_root:  # not "after the attack on October 7"
            return with_preposition(ent, sent)
    return None


def named_day(sent: Span) -> Span | None:
    """The last single day the sentence names ("the January 9 attack", "on Tuesday"), if any."""
    found = None
    for ent in time_entities(sent):
        words = {t.lower_ for t in ent}
        if words & DAY_WORDS or (words & MONTHS and any(t.like_num and len(t.text) <= 2 for t in ent)):
            if not any(t.lower_ in RANGE_WORDS for t in ent):
                found = ent
    return found


def named_period(sent: Span) -> Span | None:
    """The last reporting period the sentence names ("third-quarter revenue", "the January-March
    period"), if any."""
    found = None
    for ent in time_entities(sent):
        if any(t.lower_ in PERIOD_WORDS or t.lower_.endswith("-quarter") for t in ent):
            found = ent
    return found


# The lede, where a story sets the period it reports on or the day of its event: its first sentences
# of some length (a dateline or a "Published:" line is none).
LEDE_SENTENCES = 4
LEDE_MIN_TOKENS = 8
MEASURED_FROM = frozenset({"since", "after", "before", "until", "till", "from", "by"})


def reference_time(sent: Span) -> Span | None:
    """The period or day a lede sentence sets for the whole story, for figures further down that name
    no time of their own: a data release's period ("in the second quarter", "in June", "the year
    to April") before the day of an event ("on Saturday", "the March 3 attack"). A year alone
    ("since 2019"), a month of another year ("the invasion in February 2022": background) or a
    comparison base ("from a year ago") sets none."""
    period = day = None
    for ent in time_entities(sent):
        if is_duration(ent) or is_rate(ent) or any(_is_comparison(t) for t in ent.root.ancestors):
            continue
        if any(t.like_num and len(t.text) == 4 for t in ent) or _quoted(ent, sent) or on_a_noun(ent):
            continue
        before = ent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
        measured_from = {a.lower_ for a in ent.root.ancestors if a.dep_ == "prep"} | {before}
        if measured_from & MEASURED_FROM:
            continue  # "taken in the days after the attack on October 7": a time it is measured from
        words = {t.lower_ for t in ent}
        numbers = [t for t in ent if t.like_num]
        a_period = words & PERIOD_WORDS or any(t.lower_.endswith("-quarter") for t in ent)
        a_month = words & MONTHS and not any(len(t.text) <= 2 for t in numbers)
        if period is None and (a_period or (a_month and not _is_speech_day(ent))):
            period = ent
        if day is None and (words & DAY_WORDS or (words & MONTHS and numbers)) and not _is_speech_day(ent):
            day = ent
    found = period or day
    return with_preposition(found, sent) if found is not None else None


def release_period(sent: Span) -> Span | None:
    """The reporting period that dates the main clause of a sentence with figures ("In May, manufacturers
    shipped ...", "Exports slid in May to ..."): a data release written up with a feature opening names
    its month only after the lede. A period of another year, in a quote, on a noun's clause or in a
    comparison ("down from the 61 billion in April") is none."""
    if any(t.is_quote for t in sent):
        return None
    for ent in time_entities(sent):
        if not is_reporting_period(ent.text) or is_duration(ent) or is_rate(ent) or on_a_noun(ent):
            continue
        if any(t.like_num and len(t.text) == 4 for t in ent):
            continue
        if any(a.lower_ in MEASURED_FROM | {"from", "than"} or _is_comparison(a) for a in ent.root.ancestors):
            continue
        found = with_preposition(ent, sent)
        head = found.root.head if found.root.dep_ == "prep" else found.root.head.head
        if opens_sentence(ent, sent) or head.i == sent.root.i:
            return found
    return None


def _quoted(ent: Span, sent: Span) -> bool:
    """Inside quotation marks: somebody's words, not the story's time."""
    return sum(t.is_quote for t in sent.doc[sent.start : ent.start]) % 2 == 1


def on_a_noun(ent: Span) -> bool:
    """In a clause that describes a noun ("a recruit who had been drafted in February"): background."""
    return any(a.dep_ == "relcl" for a in ent.root.ancestors)


def is_reporting_period(text: str) -> bool:
    """Whether a time expression names a reporting period (a quarter, a half, a month) rather than a day:
    "in the second quarter", "in June", but not "on June 3" or "on Tuesday"."""
    words = text.lower().replace("-", " ").split()
    if any(w in PERIOD_WORDS for w in words):
        return True
    return any(w in MONTHS for w in words) and not any(w.isdigit() and len(w) <= 2 for w in words)


def _is_speech_day(ent: Span) -> bool:
    """ "figures released Thursday", "the ministry said on Monday": the day of a statement."""
    verb = ent.root.head
    if verb.pos_ == "ADP":
        verb = verb.head
    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in SPEECH_TIME_VERBS | {"say", "tell"}


def is_comparison_base(doc, phrase: NumberPhrase) -> bool:
    """ "down from 7.7% in October", "more than the 284,000 added in October": the figure is what
    another figure is compared with, so it does not set the time later figures continue."""
    token = core_head(doc, phrase)
    for scope in list(token.ancestors)[:4]:
        if _is_comparison(scope):
            return True
    return False


def rate_words(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Candidate rate phrases right after the number or its noun ("a day", "each month", "daily")."""
    sent = doc[phrase.start].sent
    after = max([phrase.end] + [t.i + 1 for t in counted])
    window = doc[after : min(sent.end, after + 6)]
    candidates = [
        t.lower_ for t in window if t.lower_ in ("daily", "weekly", "monthly", "annually", "yearly")
    ]
    for i in range(len(window) - 1):
        first, second = window[i], window[i + 1]
        if first.lower_ in ("a", "an", "each", "every", "per") and second.lemma_.lower() in DURATION_WORDS:
            candidates.append(f"{first.lower_} {second.lower_}")
    before = doc[max(sent.start, phrase.start - 2) : phrase.start]
    if any(t.lower_ == "daily" for t in before):
        candidates.append("daily")
    return candidates


EDGE_NOUNS = frozenset({"end", "close", "start", "beginning", "middle"})


def with_preposition(ent: Span, sent: Span) -> Span:
    doc = ent.doc
    start = ent.start
    if start > sent.start + 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in EDGE_NOUNS:
        start -= 3 if doc[start - 3].lower_ == "the" else 2  # "by the close of the year"
    if start > sent.start + 1 and doc[start - 1].lower_ == "the":
        if doc[start - 2].lower_ in TIME_PREPOSITIONS:
            start -= 1  # "in the January-March quarter" when the model left out "the"
    if start > sent.start + 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "as":
        return doc[start - 2 : ent.end]  # "as of December 18"
    if start > sent.start and doc[start - 1].lower_ in TIME_PREPOSITIONS:
        start -= 1
        if start > sent.start and doc[start - 1].lower_ in ("as", "so", "far"):
            start -= 1
    return doc[start : ent.end]


def is_duration(ent: Span) -> bool:
    """'three weeks', 'for 24 hours', 'eight years old': spans of time rather than points in it."""
    lemmas = [t.lemma_.lower() for t in ent]
    if any(w in ("old", "ago") for w in lemmas):
        return "ago" not in lemmas
    # "the second quarter" counts no seconds: an ordinal is neither a number of units nor a unit
    has_number = any(t.like_num and not _is_ordinal(t) for t in ent)
    unit = any(t.lemma_.lower() in DURATION_WORDS and not _is_ordinal(t) for t in ent)
    anchored = any(w in ("past", "last", "next", "this", "previous", "first", "coming") for w in lemmas)
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if has_number and unit and not anchored:
        return True
    return before == "for" and unit and not anchored  # "for 24 hours", but "forecast for last year"


def _is_ordinal(token: Token) -> bool:
    return token.tag_ == "JJ" and token.dep_ == "amod" or bool(ORDINAL_SUFFIX.fullmatch(token.text.lower()))


ORDINAL_SUFFIX = re.compile(r"\d+(?:st|nd|rd|th)")


def is_rate(ent: Span) -> bool:
    """ "each month", "a day", "per week", "a 10% annual rate" say how often, not when."""
    return ent[0].lower_ in ("each", "every", "per", "a", "an") or ent.root.lower_ in RATE_ADJECTIVES


def belongs_elsewhere(ent: Span, figure: Token) -> bool:
    """A time inside a comparison or a relative clause that does not hold the figure."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in ("from", "between"):
        if any(t.lower_ in RANGE_WORDS for t in ent[1:]) or (
            ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in RANGE_WORDS
        ):
            return False  # "from October 12 to October 16" is a span, not a comparison base
        inside = before.i < figure.i < ent.start or before.i < figure.i <= before.right_edge.i
        if before.lower_ == "from" and not inside:
            return True  # "a 6 percent drop from last year's first quarter": the base of the comparison
    for scope in [ent.root, *ent.root.ancestors]:
        if scope.dep_ == "relcl" and scope.head.dep_ in ("nsubj", "nsubjpass"):
            # "The council, whose members have served since 2016, said ...": about the speaker
            owner = scope.head
            return not _under(figure, scope) and not _under(figure, owner)
        if _is_comparison(scope) or scope.lower_ in COMPARE_PREPOSITIONS:
            # "at 52.3, just above the mean recorded in 2018": the level it is set against
            return not _under(figure, scope)
    return False


def ranks_the_figure(ent: Span, sent: Span, phrase: NumberPhrase, figure: Token) -> bool:
    """ "the lowest since March 2019", "the weakest in years", "the second-highest so far this year":
    news ranks a figure against a stretch of time with a superlative; that stretch says how rare the
    figure is, not when it was. A "since" time may name any date; an "in" or "for" time only a
    stretch without a month, day or year ("the biggest gain in June" dates the gain). A figure told in
    the stretch's own clause ("the largest since 2011, when a storm destroyed 900 homes") is dated by
    it."""
    if any(_under(figure, t) for t in ent):
        return False
    doc = ent.doc
    first = ent.start
    if doc[first].lower_ in RANK_PREPOSITIONS:
        marker = first
    elif first > sent.start and doc[first - 1].lower_ in RANK_PREPOSITIONS:
        marker = first - 1
    elif first > sent.start + 1 and doc[first - 2].lower_ == "so" and doc[first - 1].lower_ == "far":
        marker = first - 2
    else:
        return False
    if doc[marker].lower_ in ("in", "for") and any(
        t.lower_ in MONTHS or t.lower_ in DAY_WORDS or (t.like_num and len(t.text) == 4) for t in ent
    ):
        return False
    for token in reversed(doc[max(sent.start, marker - 5) : marker]):
        if (token.is_punct and token.text != "-") or phrase.start <= token.i < phrase.end:
            return False
        if token.tag_ in ("JJS", "RBS") or token.lower_ in RANK_WORDS:
            return True
    return False


def _is_comparison(token: Token) -> bool:
    """ "from" after a change ("up from", "rose 0.1% from October"), "than", "compared with", "an
    increase on 2023"."""
    head = token.head
    lemma = head.lemma_.lower()
    word = token.lower_
    if word == "than":
        return True
    if word == "from":
        return lemma in CHANGE_HEADS or head.lower_ in CHANGE_HEADS or lemma in COMPARE_HEADS
    if word in ("with", "to"):
        return lemma in COMPARE_HEADS or head.lower_ in COMPARE_HEADS
    if word in ("on", "over"):
        return head.pos_ == "NOUN" and lemma in CHANGE_HEADS
    return False


def dates_another_figure(ent: Span, figure: Token, phrase: NumberPhrase) -> bool:
    """ "after a 0.4% increase the month before": a time inside the noun phrase of another figure."""
    noun = ent.root.head
    if noun.pos_ != "NOUN" or _under(figure, noun):
        return False
    if noun.dep_ == "conj" and _under(figure, noun.head):
        return False  # "150 drones and 20 missiles overnight": a list shares its time
    return any(
        t.like_num and not (phrase.start <= t.i < phrase.end) and t.i < ent.start for t in noun.subtree
    )


def is_speech_time(ent: Span, figure: Token, speech_verbs: frozenset[str]) -> bool:
    """The time of a statement about the figure: "the ministry said on Tuesday", "a poll released on
    Wednesday" when the figure is not inside that phrase."""
    verb = ent.root.head
    steps = 0
    # Only through prepositions and their nouns ("said at a briefing on Wednesday"): "down from 7.7%
    # in October, the bureau said" dates the 7.7%, not the statement.
    while verb.pos_ in ("ADP", "NOUN", "PROPN") and verb.head.i != verb.i and steps < 4:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech_verbs | SPEECH_TIME_VERBS:
        return False
    if _under(figure, ent.root):
        return False
    if verb.dep_ == "conj" and _under(figure, verb.head) and _trailing_speaker(verb, figure):
        # "the navy has lost 40% of ..., an analyst told reporters in March": the attribution that closes
        # the sentence, which the parser may hang on the reported clause as its conjunct
        return True
    # "In a video posted late last month, she said that ... 100,000": the message that carries the
    # statement was posted then
    carrier = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "pobj" else None
    if carrier is not None and carrier.head.pos_ in ("VERB", "AUX") and _under(figure, carrier.head):
        verb = carrier.head
    # "the ministry said on Tuesday that ... 550": the statement holds the figure; "$607 million
    # reported in the fourth quarter" is the figure's own date.
    return _under(figure, verb) or any(a.lower_ == "according" for a in verb.ancestors)


def _trailing_speaker(verb: Token, figure: Token) -> bool:
    """The speech verb's subject comes after the figure, set off by a comma: "..., a source said"."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i > figure.i]
    return any(c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == "," for c in subjects)


def _under(token: Token, ancestor: Token) -> bool:
    return token.i == ancestor.i or any(a.i == ancestor.i for a in token.ancestors)


def opens_sentence(ent: Span, sent: Span) -> bool:
    """ "On March 3, a missile strike ... killing 11": an opening adverbial dates the whole sentence."""
    lead = ent.start - sent.start
    if lead > 1 or (lead == 1 and ent.doc[ent.start - 1].lower_ not in TIME_PREPOSITIONS):
        return False
    return ent.end < sent.end and ent.doc[ent.end].text == ","


def same_clause(ent: Span, figure: Token) -> bool:
    """Whether the time hangs, through phrases and participles, on the clause that holds the figure
    ("58 civilians have been killed ... since fighting intensified on May 10"), without crossing into
    another statement or a contrast."""
    token = ent.root
    for _ in range(10):
        if _under(figure, token):
            return _figure_reaches(figure, token)
        if token.head.i == token.i or _contrast(token):
            return False
        if token.dep_ in CLAUSE_BOUNDARIES and not (token.dep_ == "conj" and token.pos_ in NOUN_TAGS):
            return False  # coordinated nouns share their modifiers: "40 deaths and 75 injuries blamed on"
        token = token.head
    return False


def _contrast(token: Token) -> bool:
    marks = (c.lower_ for c in token.children if c.dep_ == "mark")
    return token.dep_ == "advcl" and any(mark in CONTRAST_MARKS for mark in marks)


def _figure_reaches(figure: Token, meeting: Token) -> bool:
    """The figure's own path up to where the time hangs stays in one clause ("Sudan, a country of 46
    million people, has been in turmoil since 2019": the apposition is background)."""
    token = figure
    while token.i != meeting.i:
        if token.dep_ in CLAUSE_BOUNDARIES or token.dep_ == "appos" or _contrast(token):
            return False
        token = token.head
    return True


def _in_since_clause(span: Span) -> bool:
    token = span.root
    for _ in range(6):
        if token.lower_ == "since" and token.i < span.start:
            return True
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "advcl" or token.head.i == token.i:
            return False
        token = token.head
    return False
