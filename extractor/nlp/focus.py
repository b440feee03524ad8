"""Focused reading: the full model reads only the sentences the claim tagger can use.

Most of an article's sentences carry no figure, and the tagger reads a sentence without one only for
what it tells the figures near it: a source ("the ministry said on Sunday"), a day or a period. So an
article is first cut into sentences by the tokenizer, the blank lines between paragraphs and the
model's small sentence recognizer (`senter`, which the pipeline otherwise leaves disabled), and a
sentence is *focused* when

- it is the headline or one of the lede's sentences: the tagger reads the opening for the period or
  day the whole story reports and for the source a bulletin relays;
- it has a figure: a digit other than a year after a preposition or a month, a number word, a count
  noun ("dozens", "million") or a fraction word;
- or it has a reporter word (any form of a reporting verb, a prepositional cue such as "according
  to", a day, a month or a period) and a sentence with a figure stands in the same paragraph or the
  next: the only figures a source or a date of a sentence without figures reaches.

Runs of focused sentences go through the whole model, in parts of at most `PART_CHARS` (so the cost of
an article grows with its length). The other sentences keep their tokens, with a flat parse (every
word hangs from the sentence's first), their lower-case form as lemma and no tags or entities: they
are *unread* (`is_unread`), and the tagger finds no figures in them. Both kinds of annotation are
written onto the article's one doc (its tokens are those of every run), which the claim tagger then
reads top to bottom.

`Extractor(focus=False)` runs the whole model on every sentence instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    LOWER,
    MORPH,
    NORM,
    POS,
    SENT_START,
    TAG,
)
from spacy.lang.en.lex_attrs import _num_words
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.nlp.boundaries import paragraph_boundaries
from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links.time import DAY_WORDS, LEDE_MIN_TOKENS, LEDE_SENTENCES, PERIOD_WORDS
from extractor.nlp.numbers import COUNT_NOUNS, FRACTION_PARTS, FRACTION_WORDS, MONTHS, VAGUE_PLURALS
from extractor.nlp.parts import ARTICLE_PIPES, PART_CHARS, article_pipes  # parts of the same size

Context = TypeVar("Context")

FOCUS_DATA = Path(__file__).parent / "data" / "focus.json"
SENTER = "senter"
# A four-digit number from 1800 to 2099, or a decade ("the 1990s"): a year when a preposition or a
# month stands before it (focus.json), else perhaps a count ("1900 troops").
YEARISH = re.compile(r"^(?:18|19|20)\d\d(?:s|'s)?$")
# The paragraphs a reporter word reaches: its own and the next.
REACH = (0, 1)
# What the model writes that the tagger reads, copied from the focused runs onto the article's doc.
ANNOTATIONS = [TAG, POS, MORPH, HEAD, DEP, LEMMA, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
OUTSIDE = 2  # ENT_IOB of a token outside every entity
# In `Doc.user_data`: the first tokens of the sentences the model left unread.
UNREAD_KEY = "unread_sentences"


def is_unread(sent: Span) -> bool:
    """Whether the focused reading left `sent` unread: it holds no figure the tagger can use."""
    return sent.start in sent.doc.user_data.get(UNREAD_KEY, ())


@dataclass(frozen=True)
class FocusWords:
    """The words that decide which sentences the model reads, lower-case."""

    figure_words: frozenset[str]
    reporter_words: frozenset[str]
    cased_reporter_words: frozenset[str]  # "May", "March": a month only with its capital
    year_before: frozenset[str]

    @classmethod
    def from_pipeline(cls, nlp: Language, lexicon: Lexicon) -> FocusWords:
        """The words, from the tagger's lexicons and every form of its verbs the model's lemmatizer
        knows (its rules and exceptions read backwards)."""
        data = json.loads(FOCUS_DATA.read_text(encoding="utf-8"))
        verbs = lexicon.reporting_verbs | set(lexicon.object_frames) | lexicon.forecast_verbs
        cues = {cue[-1] if cue[0] == "as" else cue[0] for cue in lexicon.prepositional_cues}  # "as per"
        months = {m for m in MONTHS if len(m) > 3 or m == "may"}
        number_words = frozenset(_num_words) | COUNT_NOUNS | VAGUE_PLURALS
        return cls(
            figure_words=number_words | FRACTION_PARTS | FRACTION_WORDS,
            reporter_words=frozenset(word_forms(nlp, verbs) | cues | PERIOD_WORDS | DAY_WORDS),
            cased_reporter_words=frozenset(m.title() for m in months),
            year_before=frozenset(data["year_before"]) | months,
        )


def word_forms(nlp: Language, lemmas: Iterable[str]) -> set[str]:
    """Every inflection of the verbs `lemmas` that the model's lemmatizer would bring back to them
    (over-generating is harmless here: a form that is not a word never occurs)."""
    lemmas = set(lemmas)
    forms = set(lemmas)
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.component_names else None
    if lookups is None:
        return forms
    for form, found in lookups.get_table("lemma_exc").get("verb", {}).items():
        if lemmas.intersection(found):
            forms.add(form)
    for old, new in lookups.get_table("lemma_rules").get("verb", []):
        for lemma in lemmas:
            if lemma.endswith(new):
                forms.add(lemma[: len(lemma) - len(new)] + old)
                if not new and len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
                    forms.add(lemma + lemma[-1] + old)  # "put", "putting"
    return forms


class Focus:
    """Picks the sentences of an article that the whole model reads."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self.words = FocusWords.from_pipeline(nlp, lexicon)
        self.senter = nlp.get_pipe(SENTER)

    def split(self, texts: list[str]) -> list[Doc]:
        """The texts tokenized and cut into sentences (blank lines first, then the sentence recognizer)."""
        docs = [paragraph_boundaries(self.nlp.make_doc(text)) for text in texts]
        return list(self.senter.pipe(docs, batch_size=max(1, len(docs))))

    def focused(self, doc: Doc) -> list[tuple[int, int, bool]]:
        """The sentences of a split doc as (start, end, focused), in order."""
        sentences = [(s.start, s.end) for s in doc.sents]
        paragraphs = _paragraph_numbers(doc, sentences)
        figures = [self._has_figure(doc, start, end) for start, end in sentences]
        reporters = [self._has_reporter_word(doc, start, end) for start, end in sentences]
        figure_paragraphs = {p for p, has in zip(paragraphs, figures, strict=True) if has}
        lede = _lede(doc, sentences, paragraphs)
        near_a_figure = [any(p + d in figure_paragraphs for d in REACH) for p in paragraphs]
        return [
            (start, end, figures[k] or k in lede or (reporters[k] and near_a_figure[k]))
            for k, (start, end) in enumerate(sentences)
        ]

    def _has_figure(self, doc: Doc, start: int, end: int) -> bool:
        words = self.words
        for i in range(start, end):
            token = doc[i]
            text = token.text
            if any(ch.isdigit() for ch in text):
                if not (YEARISH.match(text) and i > start and doc[i - 1].lower_ in words.year_before):
                    return True
            elif token.lower_ in words.figure_words:
                return True
        return False

    def _has_reporter_word(self, doc: Doc, start: int, end: int) -> bool:
        words = self.words
        return any(
            t.lower_ in words.reporter_words
            or t.text in words.cased_reporter_words
            or t.lower_.endswith("-quarter")  # "third-quarter"
            for t in doc[start:end]
        )


def _paragraph_numbers(doc: Doc, sentences: list[tuple[int, int]]) -> list[int]:
    """The block (headline, paragraph) each sentence stands in: blocks are separated by blank lines."""
    numbers, block = [], 0
    for start, _ in sentences:
        if start > 0 and ("\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_):
            block += 1
        numbers.append(block)
    return numbers


def _lede(doc: Doc, sentences: list[tuple[int, int]], paragraphs: list[int]) -> set[int]:
    """The headline's sentences and the first lede sentences long enough to count as the tagger's lede
    (`extractor.nlp.links.time.LEDE_SENTENCES`), with one to spare."""
    lede = {k for k, p in enumerate(paragraphs) if p == 0}
    long_ones = [k for k, (start, end) in enumerate(sentences) if end - start >= LEDE_MIN_TOKENS]
    return lede | set(long_ones[: LEDE_SENTENCES + 1])


def focused_docs(
    nlp: Language, focus: Focus, items: Iterable[tuple[str, Context]], *, batch_size: int
) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True)`, in order, with the whole model only on focused sentences."""
    tagger = article_pipes(nlp)
    batch: list[tuple[str, Context]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _read_batch(nlp, focus, tagger, batch, batch_size)
            batch = []
    if batch:
        yield from _read_batch(nlp, focus, tagger, batch, batch_size)


def _read_batch(
    nlp: Language,
    focus: Focus,
    tagger: Callable[[Doc], Doc],
    batch: list[tuple[str, Context]],
    batch_size: int,
) -> Iterator[tuple[Doc, Context]]:
    split = focus.split([text for text, _ in batch])
    runs = [list(_runs(doc, focus.focused(doc))) for doc in split]
    to_read = [
        _fresh(doc, start, end)
        for doc, own in zip(split, runs, strict=True)
        for start, end, focused in own
        if focused
    ]
    read = iter(nlp.pipe(to_read, batch_size=batch_size, disable=list(ARTICLE_PIPES)))
    for (_, context), doc, own in zip(batch, split, runs, strict=True):
        # The model's annotations of the focused runs and the flat ones of the rest, written onto the
        # split doc: its tokens are the article's, and so are those of every run.
        annotations = numpy.zeros((len(doc), len(ANNOTATIONS)), dtype="uint64")
        unread_starts: set[int] = set()
        for start, end, focused in own:
            if focused:
                annotations[start:end] = next(read).to_array(ANNOTATIONS)
            else:
                annotations[start:end] = _unread(doc, start, end, unread_starts)
        doc.from_array(ANNOTATIONS, annotations)
        doc.user_data[UNREAD_KEY] = frozenset(unread_starts)
        yield tagger(doc), context


def _runs(doc: Doc, sentences: list[tuple[int, int, bool]]) -> Iterator[tuple[int, int, bool]]:
    """Consecutive sentences of the same kind joined, focused runs cut at sentences into parts of at
    most about `PART_CHARS`."""
    run: list[int] | None = None  # [start, end, focused]
    for start, end, focused in sentences:
        if run is not None and run[2] == focused:
            long = focused and doc[end - 1].idx + len(doc[end - 1]) - doc[run[0]].idx > PART_CHARS
            if not long:
                run[1] = end
                continue
        if run is not None:
            yield run[0], run[1], bool(run[2])
        run = [start, end, focused]
    if run is not None:
        yield run[0], run[1], bool(run[2])


def _fresh(doc: Doc, start: int, end: int) -> Doc:
    """Tokens `start:end` of `doc` as a new doc for the model, with the tokenizer's norms ("Fla.")."""
    tokens = doc[start:end]
    fresh = Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
    fresh.from_array([NORM], doc.to_array([NORM])[start:end])
    return fresh


def _unread(doc: Doc, start: int, end: int, unread_starts: set[int]) -> numpy.ndarray:
    """The annotations of tokens `start:end` of `doc` left unread: a flat parse per sentence (every word
    hangs from the first), the lower-case form as lemma, no tags and no entities. Adds the sentences'
    first tokens to `unread_starts`."""
    columns = {attr: k for k, attr in enumerate(ANNOTATIONS)}
    positions = numpy.arange(start, end, dtype="int64")
    is_first = doc.to_array([SENT_START])[start:end].astype("int64") == 1
    is_first[0] = True
    firsts = numpy.maximum.accumulate(numpy.where(is_first, positions, 0))
    unread_starts.update(int(i) for i in positions[is_first])
    annotations = numpy.zeros((end - start, len(ANNOTATIONS)), dtype="uint64")
    annotations[:, columns[HEAD]] = (firsts - positions).view("uint64")  # offsets, as spaCy stores them
    strings = doc.vocab.strings
    annotations[:, columns[DEP]] = numpy.where(is_first, strings.add("ROOT"), strings.add("dep"))
    annotations[:, columns[LEMMA]] = doc.to_array([LOWER])[start:end]
    annotations[:, columns[ENT_IOB]] = OUTSIDE
    return annotations
