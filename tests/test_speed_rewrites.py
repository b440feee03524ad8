"""The speed rewrites of hot spots change no result: each rewritten function is compared with the
straightforward form it replaced, on every sentence and position of every fixture page (real model).

The straightforward forms below are the specification; the module's versions only do less work.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from extractor.article import Article, ArticleError, parse_html
from extractor.nlp.attribution import _owner, _prepositional
from extractor.nlp.boundaries import paragraph_boundaries
from extractor.nlp.indexed import CachedLemmatizer, IndexedAttributeRuler
from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links import remember_entities, sentence_entities
from extractor.nlp.links.common import entity_containing
from extractor.nlp.numbers import _unit_end
from extractor.nlp.parts import LONG_ARTICLE_CHARS, PART_CHARS, split_parts
from extractor.nlp.quotes import sentences_with_paragraphs
from extractor.nlp.source_words import make_attribution
from extractor.normalize.numbers import _lexicon, _vague
from extractor.normalize.sources import canonical_party
from extractor.pipeline import MAX_ARTICLE_CHARS, Extractor

FIXTURES = Path(__file__).parent.parent / "fixtures"
LEXICON = Lexicon.from_dir()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def docs(extractor: Extractor) -> list[Doc]:
    return list(extractor.nlp.pipe(fixture_texts()))


def fixture_texts() -> list[str]:
    return [parse_html(page.read_bytes()).text for page in sorted((FIXTURES / "pages").glob("*.html"))]


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
                return make_attribution(_owner(objects[0], lexicon), " ".join(w.text for w in words), lexicon)
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
        fast = [(block, sent.start, sent.end) for block, sent in sentences_with_paragraphs(doc)]
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


def plain_paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def test_paragraph_boundaries_set_the_same_sentence_starts(extractor: Extractor) -> None:
    texts = [*fixture_texts(), "One.\n\nTwo", "no break", "\n\n", ""]
    for text in texts:
        fast = paragraph_boundaries(extractor.nlp.make_doc(text))
        plain = plain_paragraph_boundaries(extractor.nlp.make_doc(text))
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in plain]
    assert sum(t.is_sent_start is True for t in paragraph_boundaries(extractor.nlp.make_doc(texts[0]))) > 3


def test_entity_containing_a_token_is_the_one_a_scan_finds(docs: list[Doc]) -> None:
    for doc in docs[:4]:
        remember_entities(doc)
        for token in doc:
            scanned = next((e for e in doc.ents if e.start <= token.i < e.end), None)
            assert entity_containing(doc, token.i) == scanned
    assert any(entity_containing(docs[0], t.i) is not None for t in docs[0])


def long_text(characters: int) -> tuple[str, list[str]]:
    """The fixture articles one after another, as paragraphs of one article of about `characters`."""
    texts, pieces, length = fixture_texts(), [], 0
    while length < characters:
        pieces.append(texts[len(pieces) % len(texts)])
        length += len(pieces[-1]) + 2
    return "\n\n".join(pieces), pieces


def as_article(text: str) -> Article:
    return Article(url="https://example.org/long", title=None, site=None, published="2024-05-01",
                   body=tuple(text.split("\n\n")))


def test_parts_join_into_the_text_with_the_same_tokens(extractor: Extractor) -> None:
    text, _ = long_text(3 * LONG_ARTICLE_CHARS)
    parts = split_parts(text)
    assert "".join(parts) == text
    assert len(parts) > 3 and all(len(p) <= PART_CHARS for p in parts if "\n\n" in p.rstrip())
    tokenizer = extractor.nlp.tokenizer
    assert [t.text for p in parts for t in tokenizer(p)] == [t.text for t in tokenizer(text)]
    one_paragraph = "A sentence of some words ends here. " * 400
    assert "".join(split_parts(one_paragraph)) == one_paragraph
    assert len(split_parts(one_paragraph)) > 1


def test_a_long_article_gives_the_records_of_its_pieces(extractor: Extractor) -> None:
    """Run through the model in parts, a long article finds the same claims as its pieces read one by
    one, each at its exact offset (sources, parties and times may read across pieces: not compared)."""
    text, pieces = long_text(120_000)
    assert len(text) > 3 * LONG_ARTICLE_CHARS

    def key(claim) -> tuple:
        return (claim.text, claim.value, claim.qualifier, claim.lower, claim.upper, claim.unit,
                claim.counted, claim.category, claim.sentence)

    found = extractor.extract_article(as_article(text))
    expected, offset = [], 0
    for piece in pieces:
        expected += [(c.span.start + offset, *key(c)) for c in extractor.extract_article(as_article(piece))]
        offset += len(piece) + 2
    assert [(c.span.start, *key(c)) for c in found] == expected
    assert all(text[c.span.start : c.span.end] == c.text for c in found)


def test_an_article_over_the_cap_is_refused_as_too_long(extractor: Extractor) -> None:
    paragraph = "The council said 12 new homes were built this year. " * 40
    text = "\n\n".join([paragraph] * (MAX_ARTICLE_CHARS // len(paragraph) + 2))
    with pytest.raises(ArticleError) as refused:
        extractor.extract_text(text)
    assert refused.value.kind == "too_long"
    assert extractor.extract_text(paragraph)  # under the cap the same words are read


def test_extract_says_too_long_in_one_line_and_fails(tmp_path: Path) -> None:
    page = tmp_path / "long.txt"
    paragraph = "Officials said 40 roads were closed for the day."
    page.write_text("\n\n".join([paragraph] * 11_000), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(page)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert result.stdout == ""
    refusal = [line for line in result.stderr.splitlines() if "characters, more than" in line]
    assert len(refusal) == 1 and "Traceback" not in result.stderr


def test_indexed_attribute_ruler_and_lemmatizer_annotate_as_the_models_own(extractor: Extractor) -> None:
    """The project's pipeline (indexed attribute ruler, cached lemmatizer) against the model's own
    components, loaded afresh, on every token of every fixture page."""
    from extractor.nlp import load_pipeline

    plain = load_pipeline(extractor.model)
    assert type(extractor.nlp.get_pipe("attribute_ruler")) is IndexedAttributeRuler
    assert type(extractor.nlp.get_pipe("lemmatizer")) is CachedLemmatizer
    assert type(plain.get_pipe("attribute_ruler")) is not IndexedAttributeRuler

    def annotations(nlp) -> list[tuple]:
        with nlp.select_pipes(disable=["claim_tagger"]):
            return [(t.lower_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_)
                    for doc in nlp.pipe(fixture_texts() * 2) for t in doc]  # twice: cached answers too

    fast, expected = annotations(extractor.nlp), annotations(plain)
    assert fast == expected
    assert any(annotation[4] != annotation[0] for annotation in expected)  # lemmas that are not the word
