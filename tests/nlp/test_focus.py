"""Focused reading (extractor.nlp.focus): the whole model reads only the sentences the claim tagger can
use, and what it reads is annotated as it would be otherwise (real model, fixture pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.article import parse_html
from extractor.nlp.focus import PART_CHARS, _runs, focused_docs, is_unread, word_forms
from extractor.pipeline import Extractor

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"

# An article of our own: a headline, a lede with a figure, a paragraph far from any figure, a source
# sentence just before a figure, and years that are dates, not figures.
ARTICLE = "\n\n".join(
    [
        "Harbour town counts the cost of the winter storms",
        "Storms that battered the coast this winter destroyed 212 homes, the regional council said.",
        "The harbour wall was first built in 1887 and rebuilt in 1953 after a flood.",
        "Residents gathered in the market square. Many brought soup and blankets.",
        "The council's engineer said on Tuesday that the repairs would take time.",
        "About 1,900 workers are needed, she added.",
    ]
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def plain() -> Extractor:
    return Extractor(focus=False)


def fixture_articles():
    return [parse_html(page.read_bytes()) for page in sorted((FIXTURES / "pages").glob("*.html"))]


def read(extractor: Extractor, text: str):
    [(doc, _)] = focused_docs(extractor.nlp, extractor.focus, [(text, None)], batch_size=1)
    return doc


def focused_sentences(extractor: Extractor, text: str) -> dict[str, bool]:
    doc = extractor.focus.split([text])[0]
    return {doc[start:end].text.strip(): focused for start, end, focused in extractor.focus.focused(doc)}


def test_word_forms_inflect_the_verbs_as_the_lemmatizer_reads_them(extractor: Extractor) -> None:
    forms = word_forms(extractor.nlp, {"say", "put", "estimate"})
    assert {"say", "says", "said", "saying", "put", "puts", "putting", "estimated", "estimates"} <= forms
    assert "putted" in forms or "put" in forms  # over-generating is allowed, missing a form is not


def test_the_model_reads_figures_the_lede_and_the_sources_near_figures(extractor: Extractor) -> None:
    focused = focused_sentences(extractor, ARTICLE)
    assert focused["Harbour town counts the cost of the winter storms"]  # the headline
    assert focused[ARTICLE.split("\n\n")[1]]  # the lede
    assert focused["About 1,900 workers are needed, she added."]
    # A source and a day in the paragraph before a figure may be the figure's.
    assert focused["The council's engineer said on Tuesday that the repairs would take time."]
    # No figure and no word that could tell a figure anything.
    assert not focused["Residents gathered in the market square."]
    assert not focused["Many brought soup and blankets."]


def test_a_year_after_a_preposition_is_no_figure_but_a_count_is(extractor: Extractor) -> None:
    text = ARTICLE  # past the lede
    years = text + "\n\nIt was founded in 1887 and grew after 1953.\n\nNothing else happened."
    troops = text + "\n\nThe army sent 1900 troops.\n\nNothing else happened."
    assert not focused_sentences(extractor, years)["It was founded in 1887 and grew after 1953."]
    assert focused_sentences(extractor, troops)["The army sent 1900 troops."]


def test_the_joined_doc_is_the_article_with_its_own_tokens(extractor: Extractor) -> None:
    for article in fixture_articles():
        doc = read(extractor, article.text)
        assert doc.text == article.text
        assert [t.text for t in doc] == [t.text for t in extractor.nlp.make_doc(article.text)]


def test_unread_sentences_carry_no_model_annotation_and_the_rest_all_of_it(extractor: Extractor) -> None:
    doc = read(extractor, ARTICLE)
    unread = [sent for sent in doc.sents if is_unread(sent)]
    far_from_figures = ["Residents gathered in the market square.", "Many brought soup and blankets."]
    assert [s.text.strip() for s in unread] == far_from_figures
    for sent in doc.sents:
        if is_unread(sent):
            assert all(t.tag_ == "" and t.ent_type_ == "" and t.head.i == sent.start for t in sent)
            assert [t.lemma_ for t in sent] == [t.lower_ for t in sent]
        else:
            assert all(t.tag_ for t in sent)
    assert any(ent.text == "Tuesday" for ent in doc.ents)


def test_focused_and_whole_reading_give_the_same_records_on_the_fixtures(
    extractor: Extractor, plain: Extractor
) -> None:
    articles = fixture_articles()
    focused = [[c.to_dict() for c in claims] for claims in extractor.extract_articles(articles)]
    whole = [[c.to_dict() for c in claims] for claims in plain.extract_articles(articles)]
    assert sum(map(len, whole)) > 250
    assert focused == whole


def test_a_long_article_goes_to_the_model_in_parts(extractor: Extractor) -> None:
    text = "\n\n".join(article.text for article in fixture_articles() * 3)
    doc = extractor.focus.split([text])[0]
    runs = list(_runs(doc, extractor.focus.focused(doc)))
    focused = [(start, end) for start, end, is_focused in runs if is_focused]
    assert len(focused) > 10
    for start, end in focused:
        span = doc[start:end]
        assert len(span.text) <= PART_CHARS or len(list(span.sents)) == 1
    assert [start for start, _, _ in runs[1:]] == [end for _, end, _ in runs[:-1]]  # no token left out
