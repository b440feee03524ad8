"""Time candidates of a figure: each time expression of its sentence, the time of the dated report it may
continue, the period or event day the lede set, the last day and period the text named, and the
publication day (no time of its own).

What news writing tells about a time becomes its facts: a time in a comparison ("up from 48% last
month"), on another figure's noun, in a clause about something else, ranking the figure ("the lowest
since 2019") or saying how long or how often is seldom the figure's own; a sentence-opening adverbial
dates the whole sentence; the day a statement was made dates its figures only when nothing else does;
a release's period runs through its paragraph, a day's report into the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractor.nlp.choices import Candidate, bins, candidate
from extractor.nlp.links.time import (
    MAX_TIME_DISTANCE,
    _quoted,
    _under,
    belongs_elsewhere,
    dates_another_figure,
    is_duration,
    is_rate,
    is_reporting_period,
    is_speech_time,
    on_a_noun,
    opens_sentence,
    ranks_the_figure,
    same_clause,
    time_entities,
    time_text,
    with_preposition,
)
from extractor.nlp.numbers import NumberPhrase, core_head
from extractor.normalize.time import anchor_kind, leans_on_anchor, names_a_date


@dataclass(frozen=True)
class Remembered:
    """The times the text has set before the figure, as links (None where it set none)."""

    dated: tuple[int, dict] | None  # the last dated figure's time and its paragraph
    reference: dict | None  # the lede's period or event day
    last_day: dict | None
    last_period: dict | None
    fieldwork: dict | None = None  # when the article's poll or survey was done
    last_day_quoted: bool = False  # the last day was named inside a quotation
    dated_source: str | None = None  # who gave the dated report
    last_day_starts: bool = False  # the last day was named as where a stretch starts


def time_link(span: Span, text: str | None = None) -> dict:
    """A time expression as the records read it: the words to resolve and where they stand."""
    return {"text": time_text(span) if text is None else text, "start": span.start_char, "end": span.end_char}


def time_candidates(
    doc: Doc,
    phrase: NumberPhrase,
    paragraph: int,
    remembered: Remembered,
    *,
    speech_verbs: frozenset[str],
    comparison_base: bool,
    is_age: bool,
    in_quote: bool,
    percent: bool = False,
    mentions_document: bool = False,
    source_name: str | None = None,
) -> list[Candidate]:
    """Every time the figure could take, each with its facts."""
    own = _sentence_times(doc, phrase, remembered, speech_verbs, in_quote)
    plain = [c for c in own if c["kind"] != "aside_time"]
    claim = {
        "has_own": bool(plain),
        "has_any": bool(own),
        "comparison_base": comparison_base,
        "age": is_age,
        "headline": paragraph == 0,
        "in_quote": in_quote,
    }
    for found in own:
        found["features"].update({f"{found['kind']}:claim_{k}": 1.0 for k, v in claim.items() if v})
    found = [candidate("published", None, claim), *own]
    if remembered.dated is not None:
        where, time = remembered.dated
        distance = paragraph - where
        reach = 0 if is_reporting_period(time["text"]) else 1
        facts = {
            **claim,
            **bins("paragraphs", distance, (0, 1, 2)),
            "within_reach": distance <= reach,
            "period": is_reporting_period(time["text"]),
            "names_date": names_a_date(time["text"]),
            # The same source goes on reporting: its report's day goes on dating its figures.
            "same_source": bool(source_name) and source_name == remembered.dated_source,
        }
        found.append(candidate("carried", {**time, "inherited": True}, facts))
    if remembered.reference is not None:
        facts = {
            **claim,
            "period": is_reporting_period(remembered.reference["text"]),
            **bins("paragraph", paragraph, (1, 3, 6)),
        }
        found.append(candidate("lede", {**remembered.reference, "inherited": True}, facts))
    if remembered.last_day is not None:
        # A day in somebody's words dates nothing; a day a count runs from ("since the invasion on
        # February 24") is where a stretch starts, not the day of a report.
        facts = {**claim, "quoted": remembered.last_day_quoted, "starts": remembered.last_day_starts}
        found.append(candidate("last_day", {**remembered.last_day, "inherited": True}, facts))
    if remembered.last_period is not None:
        found.append(candidate("last_period", {**remembered.last_period, "inherited": True}, claim))
    if remembered.fieldwork is not None:
        facts = {**claim, "percent": percent, "mentions_document": mentions_document}
        found.append(candidate("fieldwork", {**remembered.fieldwork, "inherited": True}, facts))
    return found


def _sentence_times(
    doc: Doc, phrase: NumberPhrase, remembered: Remembered, speech_verbs: frozenset[str], in_quote: bool
) -> list[Candidate]:
    sent = doc[phrase.start].sent
    figure = core_head(doc, phrase)
    entities = []
    for ent in time_entities(sent):
        if ent.start < phrase.end and ent.end > phrase.start:
            if ent.start < phrase.start or ent.end <= phrase.end or doc[phrase.end].is_punct:
                continue  # "72-hour" is a duration word, not a time
            ent = doc[phrase.end : ent.end]  # "65 last week": the figure leads
        if not any(t.is_alpha or t.like_num for t in ent):
            continue
        entities.append(ent)
    spans = [with_preposition(ent, sent) for ent in entities]
    found = []
    for ent, span in zip(entities, spans, strict=True):
        text = time_text(span)
        distance = abs(ent.start - phrase.start)
        reaches = opens_sentence(ent, sent) or same_clause(ent, figure)
        facts = {
            "duration": is_duration(ent),
            "rate": is_rate(ent),
            "elsewhere": belongs_elsewhere(ent, figure),
            "another_figure": dates_another_figure(ent, figure, phrase),
            "ranks": ranks_the_figure(ent, sent, phrase, figure),
            "speech": is_speech_time(ent, figure, speech_verbs),
            "far": distance > MAX_TIME_DISTANCE and not reaches,
            "opens": opens_sentence(ent, sent),
            "same_clause": same_clause(ent, figure),
            "quoted": _quoted(ent, sent) != in_quote,
            "on_a_noun": on_a_noun(ent),
            "noun_clause": _on_another_noun_clause(ent, figure),
            "before": ent.start < phrase.start,
            **bins("distance", distance, (2, 5, 10, 16)),
            "names_date": names_a_date(text),
            "leans": leans_on_anchor(text),
            "period": is_reporting_period(text),
            "year": any(t.like_num and len(t.text) == 4 for t in ent),
            "since": text.lower().startswith("since"),
            "only": len(entities) == 1,
        }
        aside = any(facts[k] for k in ("duration", "rate", "elsewhere", "another_figure", "ranks", "far"))
        facts["set_aside"] = aside
        # Three kinds, each with weights of its own: a time set aside by a fact of writing (a comparison
        # base, a duration, a ranking stretch) is seldom the figure's whatever else it is; the day of a
        # statement dates a figure only when nothing else does.
        kind = "aside_time" if aside else "speech_time" if facts["speech"] else "time"
        found.append(candidate(kind, time_link(span), facts))
    # "the month before" leans on another time: one of the sentence's own that is not set aside
    # (a comparison base is no anchor), else the day or period last named, else the dated report.
    plain = [s for s, c in zip(spans, found, strict=True) if c["kind"] != "aside_time"]
    kinds = [c["kind"] for c in found]
    for k, found_one in enumerate(found):
        # The day a statement was made dates a figure only when the sentence gives it no other time.
        others = kinds[:k] + kinds[k + 1 :]
        if "time" in others:
            found_one["features"][f"{found_one['kind']}:other_own_time"] = 1.0
        if "speech_time" in others:
            found_one["features"][f"{found_one['kind']}:other_speech_time"] = 1.0
    # Of the figure's own times, the nearest: news puts a figure's time next to it ("rose 7% in June").
    own = [k for k, kind in enumerate(kinds) if kind == "time"]
    if own:
        nearest = min(own, key=lambda k: abs(entities[k].start - phrase.start))
        found[nearest]["features"]["time:nearest"] = 1.0
    for span, found_one in zip(spans, found, strict=True):
        text = time_text(span)
        if leans_on_anchor(text):
            link = found_one["value"]
            others = [time_link(s) for s in plain if s is not span and not leans_on_anchor(time_text(s))]
            kind = anchor_kind(text)
            named = {"day": remembered.last_day, "period": remembered.last_period}.get(kind or "")
            anchor = (others[0] if others else None) or named or (remembered.dated and remembered.dated[1])
            if anchor:
                link["anchor"] = anchor
                found_one["features"][f"{found_one['kind']}:anchored"] = 1.0
    return found


def _on_another_noun_clause(ent: Span, figure) -> bool:
    """ "just above the mean recorded in 2018": a time in a clause that describes a noun (a participle
    or a relative clause) the figure does not stand in."""
    for ancestor in ent.root.ancestors:
        if ancestor.dep_ in ("acl", "relcl"):
            return not _under(figure, ancestor)
    return False


def starts_a_stretch(span: Span) -> bool:
    """Whether a day is named as where a stretch of time starts: "since February 24", "since the war
    began on February 24", "from March 3"."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > span.sent.start else ""
    return time_text(span).lower().startswith("since") or before in ("since", "from")
