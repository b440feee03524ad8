"""The record contract on real output: every record `extractor extract` writes for the fixture pages
validates against the shipped JSON Schema, survives a round trip, and keeps its bytes and ids across runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import extractor
from extractor.cli import cli
from extractor.records import SCHEMA_ID, Claim, dumps, validation_errors

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
SCHEMA_FILE = ROOT / "extractor" / "schema" / "claim-1.json"
WAR_LOSSES = ROOT / "fixtures" / "pages" / "01-war-losses.html"


@pytest.fixture(scope="module")
def pipeline() -> extractor.Extractor:
    return extractor.Extractor()


@pytest.fixture(scope="module")
def written() -> dict[str, list[dict[str, Any]]]:
    """The records `extractor extract` writes, per fixture page (one command over all the pages)."""
    result = CliRunner().invoke(cli, ["extract", *map(str, PAGES)])
    assert result.exit_code == 0, result.output
    by_page: dict[str, list[dict[str, Any]]] = {}
    urls = {extractor.parse_html(page.read_bytes()).url: page.name for page in PAGES}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        by_page.setdefault(urls[record["article"]["url"]], []).append(record)
    return by_page


@pytest.fixture(scope="module")
def war_losses(pipeline: extractor.Extractor) -> list[Claim]:
    return pipeline.extract_article(extractor.parse_html(WAR_LOSSES.read_bytes()))


def test_there_are_fixture_pages() -> None:
    assert len(PAGES) >= 16


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_every_written_record_validates(written: dict[str, list[dict[str, Any]]], page: Path) -> None:
    records = written.get(page.name, [])
    assert records, f"no records for {page.name}"
    for record in records:
        assert validation_errors(record) == [], record["sentence"]


def test_an_invalid_record_is_reported(written: dict[str, list[dict[str, Any]]]) -> None:
    # The check above means something only if validation can fail.
    record = dict(written["01-war-losses.html"][0], qualifier="roughly", claim_id="XYZ")
    errors = validation_errors(record)
    assert any(error.startswith("qualifier:") for error in errors)
    assert any(error.startswith("claim_id:") for error in errors)


def test_round_trip_through_dict(war_losses: list[Claim]) -> None:
    assert war_losses
    for claim in war_losses:
        assert Claim.from_dict(claim.to_dict()) == claim
        assert Claim.from_dict(json.loads(dumps(claim))) == claim


def test_written_records_read_back_as_claims(written: dict[str, list[dict[str, Any]]]) -> None:
    for records in written.values():
        for record in records:
            assert Claim.from_dict(record).to_dict() == record


def test_to_dict_starts_with_schema_then_claim_id(war_losses: list[Claim]) -> None:
    keys = list(war_losses[0].to_dict())
    assert keys[:3] == ["schema", "claim_id", "article"]
    assert war_losses[0].schema == SCHEMA_ID


def test_dumps_is_byte_stable(pipeline: extractor.Extractor, war_losses: list[Claim]) -> None:
    again = pipeline.extract_article(extractor.parse_html(WAR_LOSSES.read_bytes()))
    assert [dumps(claim) for claim in again] == [dumps(claim) for claim in war_losses]
    for claim in war_losses:
        assert dumps(claim) == dumps(claim.to_dict()) == dumps(Claim.from_dict(json.loads(dumps(claim))))
        assert "\n" not in dumps(claim)


def test_claim_ids_are_stable_across_runs(
    war_losses: list[Claim], written: dict[str, list[dict[str, Any]]]
) -> None:
    # Two separate runs: this module's Extractor and the command line's own.
    assert [claim.claim_id for claim in war_losses] == [r["claim_id"] for r in written["01-war-losses.html"]]


def test_claim_ids_differ_for_two_numbers_of_one_sentence(war_losses: list[Claim]) -> None:
    by_sentence: dict[str, list[Claim]] = {}
    for claim in war_losses:
        by_sentence.setdefault(claim.sentence, []).append(claim)
    shared = [claims for claims in by_sentence.values() if len(claims) >= 2]
    assert shared, "the fixture has sentences with two numbers"
    for claims in shared:
        assert len({claim.claim_id for claim in claims}) == len(claims)


def test_claim_ids_are_unique_within_each_page(written: dict[str, list[dict[str, Any]]]) -> None:
    for records in written.values():
        ids = [record["claim_id"] for record in records]
        assert len(set(ids)) == len(ids)


REPEATED = "Officials said 42 people were evacuated on Monday."


def test_a_sentence_repeated_in_three_paragraphs_gives_three_ids(pipeline: extractor.Extractor) -> None:
    # A pull quote or summary box repeats a sentence: ids must stay unique (a database key), and the
    # first occurrence keeps the id the sentence has when it appears once.
    page = "\n\n".join([REPEATED, "The river rose overnight.", REPEATED, REPEATED])
    claims = pipeline.extract_text(page, url="https://a.example/story")
    once = pipeline.extract_text(REPEATED, url="https://a.example/story")
    assert [claim.value for claim in claims] == [42, 42, 42]
    assert len({claim.claim_id for claim in claims}) == 3
    assert claims[0].claim_id == once[0].claim_id
    again = pipeline.extract_text(page, url="https://a.example/story")
    assert [claim.claim_id for claim in again] == [claim.claim_id for claim in claims]


def test_claim_id_depends_on_the_url(pipeline: extractor.Extractor) -> None:
    text = "Officials said 42 people were evacuated."
    first = pipeline.extract_text(text, url="https://a.example/story")
    second = pipeline.extract_text(text, url="https://b.example/story")
    assert first and second
    assert first[0].claim_id != second[0].claim_id


def test_schema_is_the_shipped_file() -> None:
    assert extractor.schema() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_schema_declares_the_record_version() -> None:
    document = extractor.schema()
    assert document["title"] == SCHEMA_ID == "extractor.claim/1"
    assert document["properties"]["schema"] == {"const": SCHEMA_ID}
    assert document["$id"].endswith("claim-1.json")
