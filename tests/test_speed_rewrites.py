"""The speed rewrites of hot spots change no result: each rewritten function is compared with the
straightforward form it replaced, on every sentence and position of every fixture page (real model).

The straightforward forms below are the specification; the module's versions only do less work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from extractor.article import parse_html
from extractor.nlp.attribution import _make, _owner, _prepositional
from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links import remember_entities, sentence_entities
from extractor.nlp.numbers import _unit_end
from extractor.nlp.tagger import _sentences_with_paragraphs
from extractor.normalize.numbers import _lexicon, _vague
from extractor.normalize.sources import canonical_party
from extractor.pipeline import Extractor

FIXTURES = Path(__file__).parent.parent / "fixtures"
LEXICON = Lexicon.from_dir()


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    pages = sorted((FIXTURES / "pages").glob("*.html"))
    texts = [parse_html(page.read_bytes()).text for page in pages]
    return list(Extractor().nlp.pipe(texts))


def sentences(docs: list[Doc]) -> list[Span]:
    return [sent for doc in docs for sent in doc.sents]


def plain_unit_end(doc: Doc, end: int, sent: Span, lexicon: Lexicon) -> int:
    position = end + 1 if end < sent.end and doc[end].text == "-" else end
    for table in (lexicon.percent_words, lexicon.unit_words):
        for words in table:
            stop = position + len(words)
            if stop <= sent.end and tuple(t.lower_ for t in doc[position:stop]) == words:
                return stop
    if end < sent.end and doc[end].lower_ in lexicon.currency_words:
        return end + 1
    if end + 1 < sent.end and doc[end].lower_ == "or" and doc[end + 1].lower_ in ("so", "more"):
        return end + 2
    return end


def plain_prepositional(sent: Span, lexicon: Lexicon):
    for token in sent:
        for cue in lexicon.prepositional_cues:
            words = sent.doc[token.i : token.i + len(cue)]
            if tuple(t.lower_ for t in words) != cue:
                continue
            last = words[-1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "dobj")] or [
                c for c in token.children if c.dep_ in ("pobj", "dobj")
            ]
            if objects:
                return _make(_owner(objects[0], lexicon), " ".join(w.text for w in words), lexicon)
    return None


def plain_sentences_with_paragraphs(doc: Doc):
    block = 0
    for sent in doc.sents:
        if sent.start > 0 and "\n" in doc.text[doc[sent.start - 1].idx : sent.start_char]:
            block += 1
        elif sent.start > 0 and doc[sent.start - 1].is_space and "\n" in doc[sent.start - 1].text:
            block += 1
        if sent.text.strip():
            yield block, sent


def plain_vague(text: str) -> tuple[int, int] | None:
    def named(phrase: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text) is not None

    found = [v for v in _lexicon()["vague"] if named(v["phrase"])]
    if not found:
        return None
    best = max(found, key=lambda v: len(v["phrase"]))
    return best["lower"], best["upper"]


def test_unit_end_reads_the_same_units_at_every_position(docs: list[Doc]) -> None:
    positions = [(sent, end) for sent in sentences(docs) for end in range(sent.start, sent.end + 1)]
    different = [
        (sent.text, end)
        for sent, end in positions
        if _unit_end(sent.doc, end, sent, LEXICON) != plain_unit_end(sent.doc, end, sent, LEXICON)
    ]
    assert not different
    # The fixtures do hold units after numbers, so the comparison covers the matching branch.
    assert any(plain_unit_end(sent.doc, end, sent, LEXICON) > end for sent, end in positions)


def test_prepositional_cue_finds_the_same_source_in_every_sentence(docs: list[Doc]) -> None:
    found = [(_prepositional(sent, LEXICON), plain_prepositional(sent, LEXICON)) for sent in sentences(docs)]
    assert all(fast == plain for fast, plain in found)
    assert any(plain is not None for _, plain in found)  # "according to" occurs in the fixtures


def test_sentences_fall_in_the_same_paragraphs(docs: list[Doc]) -> None:
    for doc in docs:
        fast = [(block, sent.start, sent.end) for block, sent in _sentences_with_paragraphs(doc)]
        plain = [(block, sent.start, sent.end) for block, sent in plain_sentences_with_paragraphs(doc)]
        assert fast == plain
        assert plain[-1][0] > 0  # several paragraphs per page


def test_vague_phrases_read_the_same_in_every_sentence(docs: list[Doc]) -> None:
    texts = [sent.text for sent in sentences(docs)] + ["dozens of people", "tens of thousands", "hundreds"]
    assert [_vague(text) for text in texts] == [plain_vague(text) for text in texts]
    assert any(plain_vague(text) is not None for text in texts)


def test_cached_canonical_party_answers_as_the_uncached_one(docs: list[Doc]) -> None:
    phrases = [ent.text for doc in docs for ent in doc.ents] + ["Moscow's forces", "Kyiv's", "nobody"]
    for phrase in phrases * 2:  # the second pass answers from the cache
        assert canonical_party(phrase) == canonical_party.__wrapped__(phrase)


def test_sentence_entities_from_the_remembered_doc_equal_span_ents(docs: list[Doc]) -> None:
    for doc in docs:
        remember_entities(doc)
        for sent in doc.sents:
            assert sentence_entities(sent) == list(sent.ents)
    # A doc other than the remembered one is read straight from spaCy, never from the cache.
    other = docs[0]
    remember_entities(docs[-1])
    for sent in other.sents:
        assert sentence_entities(sent) == list(sent.ents)
