"""Golden test: extraction over every fixture page, compared claim by claim with the checked-in expected
records (fixtures/expected.jsonl). After a deliberate change, review `extractor diff` and run
`make golden` to rewrite them."""

from __future__ import annotations

import io
from pathlib import Path

from extractor.article import parse_html
from extractor.diff import diff_records, write_text
from extractor.pipeline import Extractor
from extractor.records import read_jsonl

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_fixture_records_match_the_expected_records():
    pages = sorted((FIXTURES / "pages").glob("*.html"))
    articles = [parse_html(page.read_bytes()) for page in pages]
    records = [claim.to_dict() for claims in Extractor().extract_articles(articles) for claim in claims]
    expected = list(read_jsonl(FIXTURES / "expected.jsonl"))
    result = diff_records(expected, records)
    report = io.StringIO()
    write_text(result, report)
    assert result.identical, "extraction changed; review, then `make golden`:\n" + report.getvalue()
    assert len(records) == len(expected)
