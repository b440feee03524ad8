"""The quantity key: what folds together and what stays apart, read off hand-written records and the
synonyms table itself; and the key as the exports' `quantity` column."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from extractor.export import export
from extractor.figures import quantity_key, quantity_of
from extractor.figures.key import head_of, singular

ROOT = Path(__file__).resolve().parents[2]
WORDS = json.loads(resources.files("extractor.figures").joinpath("quantities.json").read_text("utf-8"))


def record(counted: str | None, **fields: Any) -> dict[str, Any]:
    base = {"category": "other", "party": None, "unit": None, "rate_per": None, "kind": None}
    return {**base, "counted": counted, **fields}


def test_troops_soldiers_and_servicemen_share_a_key() -> None:
    keys = {quantity_key(record(word, category="killed")) for word in ("troops", "soldiers", "servicemen")}
    assert keys == {"killed|-|soldier|-|-"}


def test_every_synonym_in_the_table_folds_to_its_canonical_head() -> None:
    for canonical, variants in WORDS["synonyms"].items():
        for variant in variants:
            assert head_of(variant, "other") == canonical, variant
    for category, table in WORDS["by_category"].items():
        for canonical, variants in table.items():
            for variant in variants:
                assert head_of(variant, category) == canonical, (category, variant)


@pytest.mark.parametrize(
    ("counted", "category", "head"),
    [
        ("Russian tanks", "equipment", "tank"),
        ("Russia's cumulative tank losses", "equipment", "tank"),
        ("the death toll", "killed", "people"),
        ("civilian deaths", "killed", "civilian"),
        ("soldiers killed and wounded", "casualties", "soldier"),
        ("people in the flooded districts", "displaced", "people"),
        ("16 Iranian-made Shahed-136 drones", "equipment", "drone"),
        ("armoured personnel carriers", "equipment", "carrier"),
        ("Core prices", "other", "core price"),
        ("Gasoline prices", "other", "gasoline price"),
        ("the unemployment rate", "other", "unemployment rate"),
        ("injuries", "wounded", "people"),
        (None, "killed", None),
    ],
)
def test_the_head_of_a_counted_phrase(counted: str | None, category: str, head: str | None) -> None:
    assert head_of(counted, category) == head


def test_singular_forms() -> None:
    assert [singular(w) for w in ("casualties", "churches", "homes", "children", "status", "gas")] == [
        "casualty",
        "church",
        "home",
        "child",
        "status",
        "gas",
    ]


def test_what_keeps_quantities_apart() -> None:
    base = record("people", category="killed")
    keys = {
        quantity_key(base),
        quantity_key({**base, "category": "wounded"}),
        quantity_key({**base, "party": "Russia"}),
        quantity_key({**base, "rate_per": "day"}),
        quantity_key({**base, "unit": "percent"}),
        quantity_key({**base, "kind": "change"}),
        quantity_key({**base, "counted": "civilians"}),
    }
    assert len(keys) == 7
    assert quantity_key({**base, "kind": "change"}) == "killed|-|people|-|-|change"
    assert quantity_key({**base, "kind": "level"}) == quantity_key(base)  # a level is the figure itself


def test_a_sides_soldiers_and_its_deaths_are_one_tally_civilians_apart() -> None:
    kyiv = record("Russian soldiers", category="killed", party="Russia")
    moscow = record("deaths", category="killed", party="Russia")
    civilians = record("civilians", category="killed", party="Russia")
    assert quantity_key(kyiv) == quantity_key(moscow) == "killed|Russia|people|-|-"
    assert quantity_key(civilians) != quantity_key(kyiv)
    assert quantity_key(record("soldiers", category="killed")) == "killed|-|soldier|-|-"  # no side named


def test_prices_up_over_a_year_are_inflation_other_price_moves_stay_moves() -> None:
    rise = record("consumer prices", unit="percent", kind="change", rate_per="year")
    level = record("annual inflation", unit="percent", kind="level")
    petrol = record("gasoline prices", unit="percent", kind="change")
    assert quantity_key(rise) == quantity_key(level) == "other|-|inflation|percent|-"
    assert quantity_key(petrol) == "other|-|gasoline price|percent|-|change"
    assert quantity_of(level).label == "inflation · other · percent"


def test_the_key_reads_the_record_only_and_tolerates_a_separator_in_a_field() -> None:
    odd = record("people", category="killed", party="A|B")
    assert quantity_key(odd) == quantity_key(json.loads(json.dumps(odd))) == "killed|A/B|people|-|-"
    assert quantity_key(odd).count("|") == 4


def test_the_exports_carry_the_key_as_their_quantity_column(tmp_path: Path) -> None:
    lines = (ROOT / "fixtures" / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line]
    out = tmp_path / "claims.csv"
    assert export(records, out, to="csv") == len(records)
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["quantity"] for row in rows] == [quantity_key(r) for r in records]
    assert len({row["quantity"] for row in rows}) < len(rows)  # some claims share a quantity
