"""The `claim_tagger` spaCy component: marks every numeric claim in `doc.spans["claims"]` and links it,
on `span._.claim`, to what it counts, whose count it is, who says so and when.

The links are the words as written (the normalize stage turns them into canonical values), so the
component stays a reader of the parse. Attributions carry over from sentence to sentence when the text
continues the same report; pronouns and generic sources ("the ministry") are resolved against the
article's earlier sources (`extractor.nlp.pointers`). The doc is read top to bottom once; `_Reading`
holds what the reader keeps in mind: the sources named so far, the report the text continues, the last
dated figure and the last day and period named.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from extractor.nlp.attribution import Attribution, books_results, find_attribution, sentence_attribution
from extractor.nlp.choices.context import (
    TOPIC_WORDS_KEY,
    acts_for_itself,
    describes_the_speaker,
    is_background,
    moves_to_another_place,
    topic_words,
)
from extractor.nlp.choices.documents import fieldwork_time, mentions_a_document, named_documents
from extractor.nlp.choices.source import Report, Setting, source_candidates
from extractor.nlp.choices.time import Remembered, starts_a_stretch, time_candidates, time_link
from extractor.nlp.focus import is_unread
from extractor.nlp.lexicon import DATA, LEXICON_FILES, Lexicon
from extractor.nlp.links import (
    category_words,
    clause_governor,
    counted_tokens,
    is_comparison_base,
    is_reporting_period,
    level_subject,
    named_day,
    named_period,
    party_phrases,
    phrase_text,
    place_phrases,
    rate_words,
    reference_time,
    remember_entities,
    sentence_time,
    time_phrases,
    where_phrases,
)
from extractor.nlp.links.counted import EMPTY_NOUNS
from extractor.nlp.links.time import LEDE_MIN_TOKENS, LEDE_SENTENCES, release_period
from extractor.nlp.links.time_entities import TIME_ENTITIES_KEY
from extractor.nlp.numbers import NumberPhrase, core_head, find_number_phrases
from extractor.nlp.pointers import resolve
from extractor.nlp.quotes import figure_quoted, inside_quotes, quote_closers, sentences_with_paragraphs
from extractor.normalize.time import anchor_kind, leans_on_anchor, names_a_date, points_back

SPANS_KEY = "claims"
QUOTE_OPENERS = ("\u201c", '"')
QUOTE_CLOSERS = ("\u201d", '"')

if not Span.has_extension("claim"):
    Span.set_extension("claim", default=None)


class ClaimTagger:
    """Finds numeric claims and their links. Lexicons are data files (see `to_disk`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "claim_tagger",
        *,
        spans_key: str = SPANS_KEY,
        carry_over: bool = True,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.carry_over = carry_over
        self.lexicon_dir = DATA
        self.lexicon = Lexicon.from_dir(DATA)

    def __call__(self, doc: Doc) -> Doc:
        remember_entities(doc)
        spans: list[Span] = []
        reading = _Reading()
        sentences = list(sentences_with_paragraphs(doc))
        fieldwork = fieldwork_time(sent for _, sent in sentences if not is_unread(sent))
        reading.fieldwork = time_link(fieldwork) if fieldwork is not None else None
        closers = quote_closers(sentences)
        for k, (paragraph, sent) in enumerate(sentences):
            # A sentence the focused reading left unread has no figure (`extractor.nlp.focus`).
            phrases = [] if is_unread(sent) else find_number_phrases(sent, self.lexicon)
            arithmetic = self._is_arithmetic(sent)
            if paragraph == 0:
                reading.headline |= topic_words(sent)
            reading.end_report_before(paragraph, opens_a_quote=sent.text.lstrip()[:1] in QUOTE_OPENERS)
            reading.quote_speaker = None
            if phrases and k in closers:
                reading.quote_speaker = self._speaker_after_quote(sentences[closers[k]][1], reading, doc)
            own_sources: list[Attribution] = []
            # A sentence in which somebody else speaks has left the report before it.
            other_speaker = bool(phrases and reading.carry) and sentence_attribution(sent, self.lexicon)
            # "The firm recorded $2bn in net profit": results the outlet states, like its arithmetic.
            outlets_own = arithmetic or books_results(sent, self.lexicon)
            no_carry = outlets_own or bool(other_speaker)
            reading.sentence = k
            reading.sentence_topic = frozenset(topic_words(sent)) if phrases else frozenset()
            for phrase in phrases:
                own = self._own_attribution(doc, phrase, reading)
                source = self._source(doc, phrase, paragraph, reading, own_sources, no_carry, own)
                links = self._links(doc, phrase, source, arithmetic)
                links["candidates"] = self._candidates(
                    doc, phrase, paragraph, reading, links, own,
                    in_quote=k in closers or figure_quoted(doc, phrase),
                    arithmetic=arithmetic, outlets_own=outlets_own, other_speaker=bool(other_speaker),
                )
                _date(links, phrase, paragraph, reading)
                _borrow_from_the_figure_before(links, spans, sent)
                span = doc[phrase.start : phrase.end]
                span._.claim = links
                spans.append(span)
            self._read_the_rest(sent, paragraph, phrases, own_sources, outlets_own, reading, doc)
        doc.spans[self.spans_key] = spans
        for key in (TIME_ENTITIES_KEY, TOPIC_WORDS_KEY):  # what was found once per sentence, for this read
            doc.user_data.pop(key, None)
        # Every place and group the article names, in order: whose side a figure is on when its own
        # sentence does not say.
        doc.user_data["claim_parties"] = [e.text for e in doc.ents if e.label_ in ("GPE", "NORP")]
        return doc

    def _source(
        self,
        doc: Doc,
        phrase: NumberPhrase,
        paragraph: int,
        reading: _Reading,
        own_sources: list[Attribution],
        no_carry: bool,
        own: tuple[Attribution | None, bool],
    ) -> Attribution | None:
        """The figure's own attribution, resolved; else the report it continues, when it continues one."""
        attribution, describes = own
        if describes:
            return None  # "Linda Carver, 71, said": the figure describes the speaker
        if attribution is not None:
            own_sources.append(attribution)
            return attribution
        if phrase.is_age:
            return None  # an age nobody reports is the outlet's description of a person
        if reading.quote_speaker is not None:
            # “More than 9,000 were sent back this year. In March alone, 2,000 were,” the agency
            # said: the speaker named where a quote closes speaks every sentence of it.
            own_sources.append(reading.quote_speaker)
            return reading.quote_speaker
        carry = reading.carry
        if not self.carry_over or carry is None or no_carry:
            return None
        if is_background(doc, phrase, self.lexicon) or acts_for_itself(doc, phrase, carry):
            return None
        if moves_to_another_place(doc, phrase, carry):
            return None
        reading.carry_paragraph = paragraph  # the report runs on through this paragraph
        return carry.inherit()

    def _own_attribution(
        self, doc: Doc, phrase: NumberPhrase, reading: _Reading
    ) -> tuple[Attribution | None, bool]:
        """The figure's own attribution, resolved, and whether the figure only describes that source."""
        attribution = find_attribution(core_head(doc, phrase), self.lexicon)
        describes = describes_the_speaker(attribution, phrase, self.lexicon)
        if attribution is not None:
            attribution = resolve(attribution, history=reading.history, lexicon=self.lexicon, doc=doc)
        return attribution, describes

    def _candidates(
        self,
        doc: Doc,
        phrase: NumberPhrase,
        paragraph: int,
        reading: _Reading,
        links: dict,
        own: tuple[Attribution | None, bool],
        *,
        in_quote: bool,
        arithmetic: bool,
        outlets_own: bool,
        other_speaker: bool,
    ) -> dict[str, list]:
        """The sources and times the figure could take, for the decider (`extractor.nlp.decider`)."""
        attribution, describes = own
        setting = Setting(
            paragraph=paragraph,
            sentence=reading.sentence,
            topic=reading.sentence_topic,
            counted=links["counted"],
            is_age=phrase.is_age,
            arithmetic=arithmetic,
            books_results=outlets_own and not arithmetic,
            other_speaker=other_speaker,
            background=is_background(doc, phrase, self.lexicon),
            in_quote=in_quote,
            describes_speaker=describes,
            mentions_document=mentions_a_document(doc[phrase.start].sent),
            percent=any(t.text == "%" or t.lower_ == "percent" for t in doc[phrase.start : phrase.end]),
        )
        sources = source_candidates(
            doc, phrase, setting, own=attribution, quote_speaker=reading.quote_speaker,
            reports=reading.reports, open_report=reading.carry, documents=reading.documents,
        )
        remembered = Remembered(
            reading.dated, reading.reference, reading.last_day, reading.last_period, reading.fieldwork,
            last_day_quoted=reading.last_day_quoted, dated_source=reading.dated_source,
            last_day_starts=reading.last_day_starts,
        )
        speaker = attribution or reading.quote_speaker or reading.carry
        times = time_candidates(
            doc, phrase, paragraph, remembered, speech_verbs=self.lexicon.speech_verbs,
            comparison_base=links["comparison_base"], is_age=phrase.is_age, in_quote=in_quote,
            percent=setting.percent, mentions_document=setting.mentions_document,
            source_name=speaker.name_text if speaker is not None else None,
        )
        return {"source": sources, "time": times}

    def _speaker_after_quote(self, closing: Span, reading: _Reading, doc: Doc) -> Attribution | None:
        """The attribution that follows the closing quotation mark of `closing`, resolved."""
        marks = [t.i for t in closing if t.text in QUOTE_CLOSERS]
        speaker = sentence_attribution(closing, self.lexicon)
        if speaker is None or not marks or speaker.start < marks[-1]:
            return None
        return resolve(speaker, history=reading.history, lexicon=self.lexicon, doc=doc)

    def _read_the_rest(
        self,
        sent: Span,
        paragraph: int,
        phrases: list[NumberPhrase],
        own_sources: list[Attribution],
        outlets_own: bool,
        reading: _Reading,
        doc: Doc,
    ) -> None:
        """What the sentence tells later figures: the days and periods it names, the time and source of a
        sentence without figures, and which report the text now continues."""
        _read_the_lede(sent, reading)
        if not is_unread(sent):
            topic = frozenset(topic_words(sent))
            documents = named_documents(sent, self.lexicon)
            reading.documents.extend(Report(d, paragraph, reading.sentence, topic) for d in documents)
        if phrases and reading.reference is None and reading.lede_sentences >= LEDE_SENTENCES:
            # Time (issue 10 item 3): a lede that set no period; the first period that dates a
            # sentence of figures is the release's.
            found = release_period(sent)
            reading.reference = time_link(found) if found is not None else None
        named = named_day(sent)
        if named is not None:
            reading.last_day = time_link(named, named.text)
            reading.last_day_quoted = inside_quotes(named)
            reading.last_day_starts = starts_a_stretch(named)
        named = named_period(sent)
        if named is not None:
            reading.last_period = time_link(named, named.text)
        if not phrases:
            said_when = sentence_time(sent)
            if said_when is not None:
                reading.dated = (paragraph, time_link(said_when))
            mentioned = sentence_attribution(sent, self.lexicon)
            if mentioned is not None:
                own_sources.append(resolve(mentioned, history=reading.history, lexicon=self.lexicon, doc=doc))
            elif reading.carry is not None and reading.from_the_lede and not reading.carry.person:
                # "According to the General Staff, 120 clashes took place" at the top of a bulletin:
                # the paragraphs of narrative on the same topic are still the release the story relays.
                words = topic_words(sent)
                if words & reading.topic:
                    reading.carry_paragraph = paragraph
                    reading.topic |= words
        if own_sources:
            reading.history.extend(own_sources)
            topic = frozenset(topic_words(sent))
            reading.reports.extend(Report(a, paragraph, reading.sentence, topic) for a in own_sources)
            if own_sources[-1].forecast and reading.carry is not None:
                # "Economists had expected 8 million": the release the story relays runs on; the
                # actual figures after an expectation are not the forecasters'.
                reading.carry_paragraph = paragraph
            else:
                reading.carry, reading.carry_paragraph = own_sources[-1], paragraph
                reading.from_the_lede = paragraph <= 1  # block 0 is the headline
                reading.topic = topic_words(sent) | (reading.headline if reading.from_the_lede else set())
        elif phrases and outlets_own:
            reading.carry = None

    def _links(self, doc: Doc, phrase: NumberPhrase, source: Attribution | None, arithmetic: bool) -> dict:
        counted = counted_tokens(doc, phrase)
        subject = [] if counted else level_subject(doc, phrase)
        times = time_phrases(doc, phrase, self.lexicon.speech_verbs)
        time = None
        if times:
            time = time_link(times[0])
            others = [t for t in times[1:] if not leans_on_anchor(t.text)]
            if leans_on_anchor(time["text"]) and others:
                time["anchor"] = time_link(others[0])
        verb, actor = clause_governor(doc, phrase, counted or subject)
        return {
            "number": doc[phrase.core_start : phrase.core_end].text,
            "verb_qualifier": phrase.verb_qualifier,
            "is_age": phrase.is_age,
            "counted": _text(doc, counted or subject),
            "category_words": category_words(doc, phrase, counted or subject),
            "party_phrases": party_phrases(doc, phrase, counted or subject),
            "where_phrases": where_phrases(doc, phrase, counted or subject),
            "place_phrases": place_phrases(doc, phrase),
            "verb": verb.lemma_.lower() if verb is not None else None,
            "actor": phrase_text(actor) if actor is not None else None,
            "source": source.as_dict() if source else None,
            "time": time,
            "comparison_base": is_comparison_base(doc, phrase),
            "rate_words": rate_words(doc, phrase, counted),
            "arithmetic": arithmetic,
        }

    def _is_arithmetic(self, sent: Span) -> bool:
        lower = sent.text.lower()
        return any(marker in lower for marker in self.lexicon.arithmetic_markers)

    # -- serialization: the lexicon files travel with the pipeline --

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in LEXICON_FILES:
            shutil.copyfile(self.lexicon_dir / name, path / name)
        (path / "cfg.json").write_text(
            json.dumps({"spans_key": self.spans_key, "carry_over": self.carry_over})
        )

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> ClaimTagger:
        path = ensure_path(path)
        cfg = json.loads((path / "cfg.json").read_text())
        self.spans_key, self.carry_over = cfg["spans_key"], cfg["carry_over"]
        self.lexicon_dir = path
        self.lexicon = Lexicon.from_dir(path)
        return self


@dataclass
class _Reading:
    """What the tagger keeps in mind while it reads a doc from top to bottom."""

    history: list[Attribution] = field(default_factory=list)  # every source named so far
    reports: list[Report] = field(default_factory=list)  # the same, with where each was named
    documents: list[Report] = field(default_factory=list)  # polls, surveys, studies named so far
    fieldwork: dict | None = None  # when the article's poll or survey was done, wherever it says so
    last_day_quoted: bool = False  # the last day was named inside somebody's quoted words
    last_day_starts: bool = False  # ... as where a stretch starts ("since the invasion on February 24")
    dated_source: str | None = None  # who gave the dated report the text continues
    sentence: int = 0  # the sentence being read, and its content words
    sentence_topic: frozenset[str] = frozenset()
    carry: Attribution | None = None  # the report the text continues
    carry_paragraph: int = -1
    from_the_lede: bool = False  # the report the text continues was named in the headline or lede
    topic: set[str] = field(default_factory=set)  # content words of the report's sentences
    headline: set[str] = field(default_factory=set)  # content words of the headline: the story's topic
    dated: tuple[int, dict] | None = None  # the last time expression of a figure, and its paragraph
    last_day: dict | None = None  # the last day the text named, for "that night"
    last_period: dict | None = None  # the last period named, for "the same period last year"
    quote_speaker: Attribution | None = None  # who speaks the quote the sentence stands in
    # the period or event day the lede sets, for figures that name no time
    reference: dict | None = None
    lede_sentences: int = 0

    def end_report_before(self, paragraph: int, opens_a_quote: bool = False) -> None:
        """A person's quote ends with its paragraph, unless the next paragraph opens with a quotation
        mark (a quote that runs over paragraphs); any report ends after a paragraph that does not
        continue it."""
        if self.carry is None:
            return
        if opens_a_quote and paragraph == self.carry_paragraph + 1 and self.carry.person:
            self.carry_paragraph = paragraph
            return
        if paragraph != self.carry_paragraph and not _carries_across_paragraphs(self.carry):
            self.carry = None
        elif paragraph - self.carry_paragraph > 1:
            self.carry = None


def _read_the_lede(sent: Span, reading: _Reading) -> None:
    """Time (issue 10 item 3): the first period or event day the opening sentences name."""
    if len(sent) < LEDE_MIN_TOKENS or reading.lede_sentences >= LEDE_SENTENCES:
        return
    reading.lede_sentences += 1
    if reading.reference is None:
        found = reference_time(sent)
        reading.reference = time_link(found) if found is not None else None


def _reach(time: dict) -> int:
    """Time (issue 10 item 3): how many paragraphs on a dated report continues. A day's report runs
    into the next paragraph; a release's period ("in the second quarter") only through its own: the
    paragraph after it has mostly moved on (the market's reaction, a comment), and the lede's period
    dates what names no time anyway."""
    return 0 if is_reporting_period(time["text"]) else 1


def _date(links: dict, phrase: NumberPhrase, paragraph: int, reading: _Reading) -> None:
    """The figure's own time, anchored when it leans on another ("the week before"), or the time of the
    dated report it continues; and whether later figures continue this one's time."""
    time = links["time"]
    dated = reading.dated
    if time is not None and dated is not None and paragraph - dated[0] <= _reach(dated[1]):
        if not leans_on_anchor(time["text"]) and not names_a_date(time["text"]):
            # Time (issue 10 item 3): "in their first year on the job" puts the figure nowhere in the
            # calendar, so the figure continues the dated report before it as one with no time does.
            time = links["time"] = None
    if time is not None and leans_on_anchor(time["text"]) and "anchor" not in time:
        # "the week before" with no other time in the sentence: the report it continues;
        # "that night": the day last named.
        kind = anchor_kind(time["text"])
        named = {"day": reading.last_day, "period": reading.last_period}.get(kind or "")
        anchor = named or (dated and dated[1])
        if anchor:
            time["anchor"] = anchor
    if time is not None:
        # A comparison ("down from 6.3% in October", "the month before") is not the report that later
        # figures continue.
        shifted = "anchor" in time and not points_back(time["text"])
        comparison = links["comparison_base"] or shifted
        if not phrase.is_age and (not comparison or dated is None):
            reading.dated = (paragraph, time)
            reading.dated_source = (links["source"] or {}).get("name_text")
    elif dated is not None and paragraph - dated[0] <= _reach(dated[1]) and not phrase.is_age:
        # A figure without a date of its own continues the dated report before it.
        links["time"] = {**dated[1], "inherited": True}
    elif reading.reference is not None and not phrase.is_age:
        # Else the period or event day the lede set ("profit in the second quarter"), not publication.
        links["time"] = {**reading.reference, "inherited": True}






def _borrow_from_the_figure_before(links: dict, spans: list[Span], sent: Span) -> None:
    """What a figure takes from the one before it in its sentence."""
    if _totals_the_figure_before(links, spans, sent):
        # "killed another 620 Russian soldiers, bringing the total to 99,740": the total counts what
        # the figure it adds up counts.
        before = spans[-1]._.claim
        for key in ("category_words", "party_phrases"):
            links[key] = before[key] + links[key]
    if links["comparison_base"] and not links["rate_words"] and spans:
        # "about 100 trucks a day, compared with some 500 before the war": the figure it is compared
        # with keeps the rate.
        compared = spans[-1]
        if compared.sent.start == sent.start:
            links["rate_words"] = compared._.claim["rate_words"]








def _totals_the_figure_before(links: dict, spans: list[Span], sent: Span) -> bool:
    counted = (links["counted"] or "").lower().removeprefix("the ")
    return counted in EMPTY_NOUNS and bool(spans) and spans[-1].sent.start == sent.start
















def _carries_across_paragraphs(source: Attribution) -> bool:
    """Institutions' reports run on over paragraphs; a person's quote usually ends with its paragraph."""
    return not source.person and source.label != "PERSON" and source.pointer != "person"




def _text(doc: Doc, tokens) -> str | None:
    if not tokens:
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


@Language.factory("claim_tagger", default_config={"spans_key": SPANS_KEY, "carry_over": True})
def make_claim_tagger(nlp: Language, name: str, spans_key: str, carry_over: bool) -> ClaimTagger:
    return ClaimTagger(nlp, name, spans_key=spans_key, carry_over=carry_over)
