"""Units of measure from pint's registry (the real registry, the shipped units table): the forms each
unit is read in, and values in SI base units."""

from __future__ import annotations

import pytest

from extractor.nlp.measures import alias_index, aliases, glued_forms, package_table, si_value, to_si


@pytest.fixture(scope="module")
def index() -> dict[str, str]:
    return alias_index(package_table())


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        # pint's names, British spellings, plurals and symbols
        ("kilometres", "kilometre"),
        ("kilometers", "kilometre"),
        ("km", "kilometre"),
        ("feet", "foot"),
        ("inches", "inch"),
        ("degrees celsius", "degree Celsius"),
        ("°c", "degree Celsius"),
        ("miles per hour", "mile per hour"),
        ("mph", "mile per hour"),
        ("kph", "kilometre per hour"),
        ("square miles", "square mile"),
        ("sq km", "square kilometre"),
        ("km²", "square kilometre"),
        ("cubic metres", "cubic metre"),
        ("kwh", "kilowatt hour"),
        ("mah", "milliampere hour"),
        ("rpm", "revolution per minute"),
        ("ml", "millilitre"),
        ("mg", "milligram"),
        ("litres", "litre"),
        ("metric tons", "tonne"),
        # news aliases pint lacks, from the table
        ("kms", "kilometre"),
        ("barrels a day", "barrel per day"),
        ("pc", "percent"),
        ("mpg", "mile per gallon"),
    ],
)
def test_forms_resolve_to_canonical_units(index: dict[str, str], written: str, unit: str) -> None:
    assert index[written] == unit


@pytest.mark.parametrize("word", ["in", "t", "g", "pounds"])
def test_forms_prose_uses_for_other_words_are_not_read(index: dict[str, str], word: str) -> None:
    """ "5 in the morning", "5G": pint knows these as units; news mostly does not mean them so."""
    assert word not in index


def test_every_unit_with_a_pint_expression_gets_its_forms_from_pint() -> None:
    table = package_table()
    forms = aliases(table)
    for name, entry in table["units"].items():
        if entry["pint"]:
            assert len(forms[name]) > len(entry["aliases"]), f"pint adds no form to {name!r}"


def test_glued_forms_are_short_and_leave_single_letters_to_the_table() -> None:
    glued = glued_forms(package_table())
    assert {"km", "kwh", "bhp", "ft", "mah", "%"} <= glued
    assert "g" not in glued  # "5G" is a network, not five grams
    assert not any(" " in form for form in glued)


def test_the_same_distance_in_miles_and_kilometres_compares_in_si() -> None:
    miles, kilometres = to_si(12, "mile"), to_si(19.3, "kilometre")
    assert miles is not None and kilometres is not None
    assert miles[1] == kilometres[1] == "m"
    assert abs(miles[0] - kilometres[0]) < 20


@pytest.mark.parametrize(
    ("value", "unit", "si"),
    [
        (-5, "degree Celsius", (268.15, "K")),
        (32, "degree Fahrenheit", (273.15, "K")),
        (36, "kilometre per hour", (10.0, "m/s")),
        (2, "tonne", (2000.0, "kg")),
        (3, "hectare", (30000.0, "m**2")),
        (1, "kilowatt hour", (3600000.0, "kg*m**2/s**2")),
    ],
)
def test_si_values(value: float, unit: str, si: tuple[float, str]) -> None:
    got = to_si(value, unit)
    assert got is not None
    assert got[1] == si[1]
    assert got[0] == pytest.approx(si[0])


@pytest.mark.parametrize(
    ("value", "unit"), [(5, "percent"), (5, None), (5, "USD"), (3, "percentage point"), (None, "mile")]
)
def test_no_si_value_for_shares_counts_money_or_ranges(value: float | None, unit: str | None) -> None:
    assert si_value(value, unit) is None
