"""The Python API on real spaCy and real fixture pages: specific records for specific sentences
(what fixtures/gold/ says they should be), relative dates, headline records and span offsets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import extractor
from extractor.records import Claim

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
FIXTURES = ["01-war-losses", "03-quake-toll", "04-inflation-release", "15-air-attack"]


@pytest.fixture(scope="module")
def pipeline() -> extractor.Extractor:
    return extractor.Extractor()


@pytest.fixture(scope="module")
def articles() -> dict[str, extractor.Article]:
    return {name: extractor.parse_html((PAGES / f"{name}.html").read_bytes()) for name in FIXTURES}


@pytest.fixture(scope="module")
def claims(pipeline: extractor.Extractor, articles: dict[str, extractor.Article]) -> dict[str, list[Claim]]:
    return dict(zip(articles, pipeline.extract_articles(articles.values()), strict=True))


def find(claims: list[Claim], sentence: str, text: str) -> Claim:
    """The one claim whose sentence holds `sentence` and whose number phrase is `text`."""
    found = [claim for claim in claims if sentence in claim.sentence and claim.text == text]
    assert len(found) == 1, f"{len(found)} claims for {text!r} in {sentence!r}"
    return found[0]


def test_public_names_are_the_intended_set() -> None:
    assert sorted(extractor.__all__) == sorted([
        "SCHEMA_ID", "Article", "ArticleError", "Claim", "Extractor", "__version__",
        "extract_html", "extract_text", "from_text", "parse_html", "read_jsonl", "schema", "write_jsonl",
    ])
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None


# (fixture, words of the sentence, number phrase, expected fields; dotted names reach into source/time)
# Every expectation agrees with fixtures/gold/<fixture>.json.
# The shipped time chooser takes the lede's day of the quake for one figure, not the day of the ministry's
# report (docs/training.md); strict, so that a chooser which gets it right says so.
CHOOSER_MISS = pytest.mark.xfail(strict=True, reason="a known miss of the shipped time chooser")

EXPECTED: list = [
    ("01-war-losses", "killed another 620 Russian soldiers", "620", {
        "value": 620, "qualifier": "exact", "lower": 620, "upper": 620, "unit": None,
        "category": "killed", "party": "Russia", "source.cue": "according to",
        "time.start": "2022-12-21", "time.end": "2022-12-21",
    }),
    ("01-war-losses", "confirmed fewer than 6,000 deaths", "fewer than 6,000", {
        "value": 6000, "qualifier": "fewer_than", "lower": None, "upper": 6000, "unit": None,
        "counted": "deaths", "category": "killed", "party": "Russia", "source.cue": "confirmed",
    }),
    ("01-war-losses", "between 10,000 and 13,000 Ukrainian soldiers", "between 10,000 and 13,000", {
        "value": None, "qualifier": "range", "lower": 10000, "upper": 13000, "unit": None,
        "counted": "Ukrainian soldiers", "category": "killed", "party": "Ukraine",
        "source.name": "Mykhailo Podolyak", "source.cue": "told",
    }),
    ("01-war-losses", "more than 100,000 Ukrainian officers", "more than 100,000", {
        "value": 100000, "qualifier": "more_than", "lower": 100000, "upper": None, "party": "Ukraine",
        "source.name": "Ursula von der Leyen", "source.cue": "said",
        "time.start": "2022-11-01", "time.end": "2022-11-30",
    }),
    ("01-war-losses", "around 400 casualties a day", "around 400", {
        "value": 400, "qualifier": "approximately", "counted": "casualties", "category": "casualties",
        "party": "Russia", "rate_per": "day", "source.cue": "said",
    }),
    pytest.param("03-quake-toll", "2,421 people had been injured", "2,421", {
        "value": 2421, "qualifier": "exact", "lower": 2421, "upper": 2421, "unit": None,
        "counted": "people", "category": "wounded", "source.name": "interior ministry", "source.cue": "said",
        "time.start": "2023-09-10", "time.end": "2023-09-10",
    }, marks=CHOOSER_MISS),
    ("03-quake-toll", "at least 90 people had been killed", "at least 90", {
        "value": 90, "qualifier": "at_least", "lower": 90, "upper": None, "counted": "people",
        "category": "killed", "source.name": "residents", "source.cue": "said",
    }),
    ("03-quake-toll", "Dozens of people were still missing", "Dozens", {
        "value": None, "qualifier": "range", "lower": 24, "upper": 99, "counted": "people",
        "category": "missing", "source.cue": "according to",
        "time.start": "2023-09-10", "time.end": "2023-09-10",
    }),
    ("03-quake-toll", "a depth of 18.5 km", "18.5 km", {
        "value": 18.5, "qualifier": "exact", "unit": "kilometre",
    }),
    ("04-inflation-release", "euro-zone inflation stood at 10.1%", "10.1%", {
        "value": 10.1, "qualifier": "exact", "unit": "percent",
        "source.name": "Eurostat", "source.cue": "said",
        "time.start": "2022-11-01", "time.end": "2022-11-30",
    }),
    ("04-inflation-release", "a $1.7 trillion spending bill", "$1.7 trillion", {
        "value": 1_700_000_000_000, "qualifier": "exact", "unit": "USD", "counted": "spending bill",
        "source.name": "congressional aides", "source.cue": "said",
    }),
    ("04-inflation-release", "Employers added 263,000 jobs in November", "263,000", {
        "value": 263000, "unit": None, "counted": "jobs", "source.name": "Labor Department",
        "source.cue": "reported", "time.start": "2022-11-01", "time.end": "2022-11-30",
    }),
    ("04-inflation-release", "would peak at 5.1% next year", "5.1%", {
        "value": 5.1, "unit": "percent", "source.cue": "projected",
        "time.start": "2023-01-01", "time.end": "2023-12-31",
    }),
    ("15-air-attack", "at least 13 people had been killed", "at least 13", {
        "value": 13, "qualifier": "at_least", "lower": 13, "upper": None, "counted": "people",
        "category": "killed", "party": "Ukraine", "source.name": "Ihor Klymenko", "source.cue": "said",
        "time.start": "2024-11-18", "time.end": "2024-11-19",
    }),
    ("15-air-attack", "nearly 800 guided aerial bombs", "nearly 800", {
        "value": 800, "qualifier": "at_most", "lower": None, "upper": 800, "category": "equipment",
        "party": "Russia", "source.name": "Volodymyr Zelensky", "source.cue": "said",
        "time.start": "2024-11-12", "time.end": "2024-11-19",  # "in the past week", not the day it was said
    }),
    ("15-air-attack", "with 44 people injured", "44", {
        "value": 44, "counted": "people", "category": "wounded", "party": "Ukraine", "source.cue": "said",
    }),
]


def field(claim: Claim, dotted: str) -> Any:
    value: Any = claim
    for name in dotted.split("."):
        assert value is not None, f"{dotted}: {name} of nothing"
        value = getattr(value, name)
    return value


@pytest.mark.parametrize(
    ("fixture", "sentence", "text", "expected"),
    EXPECTED,
    ids=[f"{values[0][:2]}-{values[2]}" for values in (getattr(row, "values", row) for row in EXPECTED)],
)
def test_records_of_fixture_sentences(
    claims: dict[str, list[Claim]], fixture: str, sentence: str, text: str, expected: dict[str, Any]
) -> None:
    claim = find(claims[fixture], sentence, text)
    assert {name: field(claim, name) for name in expected} == expected


def test_source_names_are_canonical(claims: dict[str, list[Claim]]) -> None:
    general_staff = find(claims["01-war-losses"], "killed another 620 Russian soldiers", "620").source
    assert general_staff is not None and "General Staff" in general_staff.name
    ministry = find(claims["01-war-losses"], "around 400 casualties a day", "around 400").source
    assert ministry is not None and "Ministry of Defence" in ministry.name
    assert ministry.text != ministry.name  # "Britain's Ministry of Defence", as written


def test_a_statement_the_article_makes_has_no_source(claims: dict[str, list[Claim]]) -> None:
    claim = find(claims["01-war-losses"], "an average of roughly 10,000 a month", "roughly 10,000")
    assert (claim.value, claim.qualifier, claim.rate_per) == (10000, "approximately", "month")
    assert claim.source is None


def test_headline_claims_are_marked_headline(
    claims: dict[str, list[Claim]], articles: dict[str, extractor.Article]
) -> None:
    for name in FIXTURES:
        headline = [claim for claim in claims[name] if claim.section == "headline"]
        assert headline, name
        title = articles[name].title
        assert title is not None
        for claim in headline:
            assert claim.paragraph is None
            assert claim.sentence in title
            assert claim.span.end <= len(title)
        for claim in claims[name]:
            if claim.section == "body":
                assert claim.paragraph is not None and claim.span.start > len(title)
    fired = [claim.value for claim in claims["15-air-attack"] if claim.section == "headline"]
    assert fired == [120, 90]


def test_body_paragraph_index_points_at_the_paragraph(
    claims: dict[str, list[Claim]], articles: dict[str, extractor.Article]
) -> None:
    for name in FIXTURES:
        paragraphs = articles[name].paragraphs
        for claim in claims[name]:
            if claim.paragraph is not None:
                paragraph = paragraphs[claim.paragraph]
                assert paragraph.start <= claim.span.start < claim.span.end <= paragraph.end
                assert claim.sentence in paragraph.text


@pytest.mark.parametrize("name", FIXTURES)
def test_span_offsets_index_the_article_text(
    claims: dict[str, list[Claim]], articles: dict[str, extractor.Article], name: str
) -> None:
    text = articles[name].text
    assert claims[name]
    for claim in claims[name]:
        assert text[claim.span.start : claim.span.end] == claim.text
        assert claim.text in claim.sentence
        assert claim.sentence in text


def test_records_carry_the_article(
    claims: dict[str, list[Claim]], articles: dict[str, extractor.Article]
) -> None:
    article = articles["01-war-losses"]
    assert article.url == "https://www.meridianpost.example/world/europe/2022/12/22/ukraine-russia-war-losses-estimates"
    assert article.published is not None and article.published.startswith("2022-12-22")
    for claim in claims["01-war-losses"]:
        assert (claim.article.url, claim.article.title, claim.article.published) == (
            article.url, article.title, article.published,
        )


WEDNESDAY = "Ukraine's armed forces killed another 620 Russian soldiers on Wednesday, the General Staff said."


def test_relative_date_stays_unresolved_without_a_publication_date() -> None:
    (claim,) = extractor.extract_text(WEDNESDAY, published=None)
    assert claim.time is not None
    assert (claim.time.text, claim.time.start, claim.time.end) == ("on Wednesday", None, None)
    assert claim.article.published is None


def test_relative_date_resolves_against_the_publication_date() -> None:
    (claim,) = extractor.extract_text(WEDNESDAY, published="2022-12-22")  # a Thursday
    assert claim.time is not None
    assert (claim.time.start, claim.time.end, claim.time.granularity) == ("2022-12-21", "2022-12-21", "day")
    assert claim.article.published == "2022-12-22"
    assert claim.source is not None and claim.source.cue == "said"


def test_extract_text_paragraphs_title_and_url() -> None:
    text = "Officials said 42 people were evacuated.\n\nRescuers found 7 more survivors on Monday."
    found = extractor.extract_text(text, url="https://news.example/flood", title="Flood forces evacuations")
    placed = [(claim.value, claim.section, claim.paragraph) for claim in found]
    assert placed == [(42, "body", 0), (7, "body", 1)]
    assert {claim.article.url for claim in found} == {"https://news.example/flood"}
    assert {claim.article.title for claim in found} == {"Flood forces evacuations"}
    article = extractor.from_text(text, title="Flood forces evacuations")
    for claim in found:
        assert article.text[claim.span.start : claim.span.end] == claim.text


def test_extract_html_with_overrides() -> None:
    html = (PAGES / "15-air-attack.html").read_bytes()
    found = extractor.extract_html(
        html, url="https://mirror.example/a", published="2024-11-20", title="Overnight"
    )
    assert found
    assert {claim.article.url for claim in found} == {"https://mirror.example/a"}
    assert {claim.article.published for claim in found} == {"2024-11-20"}
    assert {claim.article.title for claim in found} == {"Overnight"}
    assert all(claim.section == "body" for claim in found)  # the given headline holds no number
    # "on Tuesday" now resolves against the given date, not the page's.
    launched = find(found, "Russia launched 120 missiles", "120")
    assert launched.time is not None and launched.time.start == "2024-11-19"


def test_extract_html_matches_the_extractor(claims: dict[str, list[Claim]]) -> None:
    html = (PAGES / "04-inflation-release.html").read_text(encoding="utf-8")
    assert extractor.extract_html(html) == claims["04-inflation-release"]


def test_parse_html_rejects_what_is_no_article() -> None:
    with pytest.raises(extractor.ArticleError) as error:
        extractor.parse_html(b"")
    assert error.value.kind == "empty"
    with pytest.raises(extractor.ArticleError):
        extractor.from_text("\n\n  \n")


def test_extractor_reports_its_model(pipeline: extractor.Extractor) -> None:
    (claim,) = pipeline.extract_text("Officials said 42 people were evacuated.")
    assert claim.extractor.version == extractor.__version__
    assert claim.extractor.model.startswith("en_core_web_sm")
