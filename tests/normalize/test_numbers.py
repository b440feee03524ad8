"""Number phrases → Quantity: table-driven cases and round trips through several written styles."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from extractor.normalize.numbers import Quantity, dollar_currency, parse_number, parse_quantity
from extractor.normalize.qualifiers import bounds, qualifier_of
from extractor.records import QUALIFIERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100,400", 100400),
        ("1234567", 1234567),
        ("1.2 million", 1200000),
        ("1.1 million", 1100000),
        ("100k", 100000),
        ("3.5bn", 3500000000),
        ("seven", 7),
        ("Seven", 7),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("half a million", 500000),
        ("two and a half million", 2500000),
        ("one hundred and five", 105),
        ("twelve hundred", 1200),
        ("1/2", 0.5),
        ("three-quarters", 0.75),
        ("a third", Fraction(1, 3)),
        ("7.25", 7.25),
        ("killed 40 people", 40),
        ("no number here", None),
        ("second", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: int | float | Fraction | None) -> None:
    value = parse_number(text)
    if isinstance(expected, Fraction):
        assert value == pytest.approx(float(expected))
    else:
        assert value == expected
        assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 100,000", Quantity(100000, "more_than", 100000, None, None)),
        ("some 100,000", Quantity(100000, "approximately", None, None, None)),
        ("660", Quantity(660, "exact", 660, 660, None)),
        ("at least 1,500", Quantity(1500, "at_least", 1500, None, None)),
        ("nearly 300", Quantity(300, "at_most", None, 300, None)),
        ("just under 5,000", Quantity(5000, "at_most", None, 5000, None)),
        ("under 5,000", Quantity(5000, "fewer_than", None, 5000, None)),
        ("100 or so", Quantity(100, "approximately", None, None, None)),
        ("500 or more", Quantity(500, "at_least", 500, None, None)),
        ("more than a dozen", Quantity(12, "more_than", 12, None, None)),
        ("$3.5bn", Quantity(3500000000, "exact", 3500000000, 3500000000, "USD")),
        ("US$5 million", Quantity(5000000, "exact", 5000000, 5000000, "USD")),
        ("€2 billion", Quantity(2000000000, "exact", 2000000000, 2000000000, "EUR")),
        ("£5m", Quantity(5000000, "exact", 5000000, 5000000, "GBP")),
        ("$43 billion", Quantity(43000000000, "exact", 43000000000, 43000000000, "USD")),
        ("¥100", Quantity(100, "exact", 100, 100, "JPY")),
        ("₴2bn", Quantity(2000000000, "exact", 2000000000, 2000000000, "UAH")),
        ("2 billion hryvnias", Quantity(2000000000, "exact", 2000000000, 2000000000, "UAH")),
        ("100 billion roubles", Quantity(100000000000, "exact", 100000000000, 100000000000, "RUB")),
        ("5 million US dollars", Quantity(5000000, "exact", 5000000, 5000000, "USD")),
        ("10 million euros", Quantity(10000000, "exact", 10000000, 10000000, "EUR")),
        ("5 million pounds", Quantity(5000000, "exact", 5000000, 5000000, "GBP")),
        ("500 pounds of explosives", Quantity(500, "exact", 500, 500, "pound")),
        ("USD 5 million", Quantity(5000000, "exact", 5000000, 5000000, "USD")),
        ("7.1%", Quantity(7.1, "exact", 7.1, 7.1, "percent")),
        ("7.1 percent", Quantity(7.1, "exact", 7.1, 7.1, "percent")),
        ("7.1 per cent", Quantity(7.1, "exact", 7.1, 7.1, "percent")),
        ("7.1 percentage points", Quantity(7.1, "exact", 7.1, 7.1, "percentage point")),
        ("half a percentage point", Quantity(0.5, "exact", 0.5, 0.5, "percentage point")),
        ("a quarter of a percentage point", Quantity(0.25, "exact", 0.25, 0.25, "percentage point")),
        ("up to 15%", Quantity(15, "at_most", None, 15, "percent")),
        ("between 5,000 and 6,000", Quantity(None, "range", 5000, 6000, None)),
        ("5,000-6,000", Quantity(None, "range", 5000, 6000, None)),
        ("5,000 to 6,000", Quantity(None, "range", 5000, 6000, None)),
        ("5,000\u20136,000", Quantity(None, "range", 5000, 6000, None)),
        ("between five and six thousand", Quantity(None, "range", 5000, 6000, None)),
        ("$5-6 billion", Quantity(None, "range", 5000000000, 6000000000, "USD")),
        ("two or three", Quantity(None, "range", 2, 3, None)),
        ("hundreds of thousands", Quantity(None, "range", 200000, 999999, None)),
        ("thousands", Quantity(None, "range", 2000, 9999, None)),
        ("thousands of", Quantity(None, "range", 2000, 9999, None)),
        ("dozens", Quantity(None, "range", 24, 99, None)),
        ("hundreds", Quantity(None, "range", 200, 999, None)),
        ("tens of thousands", Quantity(None, "range", 20000, 99999, None)),
        ("millions", Quantity(None, "range", 2000000, 999999999, None)),
        ("scores of", Quantity(None, "range", 40, 99, None)),
        ("several hundred", Quantity(None, "range", 200, 999, None)),
        ("a dozen", Quantity(12, "exact", 12, 12, None)),
        ("another", Quantity(1, "exact", 1, 1, None)),
        ("one", Quantity(1, "exact", 1, 1, None)),
        ("480-kilometer", Quantity(480, "exact", 480, 480, "kilometre")),
        ("480 km", Quantity(480, "exact", 480, 480, "kilometre")),
        ("6 inches", Quantity(6, "exact", 6, 6, "inch")),
        ("100 m", Quantity(100, "exact", 100, 100, "metre")),
        ("500 a day", Quantity(500, "exact", 500, 500, None)),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


def test_dollar_sign_takes_the_callers_currency() -> None:
    quantity = parse_quantity("$20 million", currency="CAD")
    assert quantity == Quantity(20000000, "exact", 20000000, 20000000, "CAD")


@pytest.mark.parametrize("text", ["", "no number", "the soldiers", "second"])
def test_parse_quantity_without_number(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("More than", "more_than"),
        ("over", "more_than"),
        ("upwards of", "more_than"),
        ("in excess of", "more_than"),
        ("the toll surpassed", "more_than"),
        ("exceeding", "more_than"),
        ("topped", "more_than"),
        ("passed", "more_than"),
        ("crossed", "more_than"),
        ("at least", "at_least"),
        ("a minimum of", "at_least"),
        ("or more", "at_least"),
        ("nearly", "at_most"),
        ("almost", "at_most"),
        ("just under", "at_most"),
        ("up to", "at_most"),
        ("no more than", "at_most"),
        ("as many as", "at_most"),
        ("at most", "at_most"),
        ("a maximum of", "at_most"),
        ("fewer than", "fewer_than"),
        ("less than", "fewer_than"),
        ("under", "fewer_than"),
        ("below", "fewer_than"),
        ("short of", "fewer_than"),
        ("about", "approximately"),
        ("Around", "approximately"),
        ("roughly", "approximately"),
        ("some", "approximately"),
        ("approximately", "approximately"),
        ("an estimated", "approximately"),
        ("or so", "approximately"),
        ("close to", "approximately"),
        ("circa", "approximately"),
        ("killed", None),
        ("overall", None),
        ("", None),
    ],
)
def test_qualifier_of(words: str, expected: str | None) -> None:
    assert qualifier_of(words) == expected


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("exact", (5, 5)),
        ("more_than", (5, None)),
        ("at_least", (5, None)),
        ("fewer_than", (None, 5)),
        ("at_most", (None, 5)),
        ("approximately", (None, None)),
    ],
)
def test_bounds(qualifier: str, expected: tuple[int | None, int | None]) -> None:
    assert bounds(qualifier, 5) == expected


def test_bounds_refuses_range() -> None:
    with pytest.raises(ValueError):
        bounds("range", 5)


def test_every_table_qualifier_is_a_record_qualifier() -> None:
    from extractor.normalize.qualifiers import _table

    assert set(_table().values()) <= set(QUALIFIERS)


# Round trips: a number written in several styles parses back to itself.

counts = st.integers(min_value=0, max_value=10**12)


@given(counts)
def test_round_trip_grouped_digits(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=999_999))
def test_round_trip_spelled_out(n: int) -> None:
    # num2words writes "one million, two hundred and ..."; reporters leave the commas out.
    assert parse_number(num2words(n).replace(",", "")) == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("million", 10**6), ("billion", 10**9)]))
def test_round_trip_one_decimal_scale_word(tenths: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    written = f"{tenths // 10}.{tenths % 10} {word}"
    assert parse_number(written) == tenths * factor // 10


@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("$", "USD"), ("£", "GBP"), ("€", "EUR")]))
def test_round_trip_money_bn(tenths: int, symbol: tuple[str, str]) -> None:
    sign, code = symbol
    value = tenths * 10**8
    quantity = parse_quantity(f"{sign}{tenths // 10}.{tenths % 10}bn")
    assert quantity == Quantity(value, "exact", value, value, code)


@given(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False))
def test_round_trip_percent(share: Decimal) -> None:
    quantity = parse_quantity(f"{share:.1f}%")
    assert quantity is not None and quantity.unit == "percent"
    assert quantity.value == float(share)


def _q(value: int | float, unit: str | None) -> Quantity:
    return Quantity(value, "exact", value, value, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # units: canonical names, whatever alias the outlet writes
        ("85 mph", _q(85, "mile per hour")),
        ("90 miles per hour", _q(90, "mile per hour")),
        ("130 km/h", _q(130, "kilometre per hour")),
        ("64 kph", _q(64, "kilometre per hour")),
        ("420 hp", _q(420, "horsepower")),
        ("256GB", _q(256, "gigabyte")),
        ("512 MB", _q(512, "megabyte")),
        ("60 Hz", _q(60, "hertz")),
        ("3.5 GHz", _q(3.5, "gigahertz")),
        ("12 ppb", _q(12, "part per billion")),
        ("45 pence", _q(45, "penny")),
        ("75 acres", _q(75, "acre")),
        ("8,000 hectares", _q(8000, "hectare")),
        ("2.1 million tonnes", _q(2100000, "tonne")),
        ("400,000 barrels", _q(400000, "barrel")),
        ("1.2 million bpd", _q(1200000, "barrel per day")),
        ("41 degrees Celsius", _q(41, "degree Celsius")),
        ("98 degrees Fahrenheit", _q(98, "degree Fahrenheit")),
        ("38°C", _q(38, "degree Celsius")),
        ("30 degrees", _q(30, "degree")),
        ("6,500 feet", _q(6500, "foot")),
        ("14 inches", _q(14, "inch")),
        ("9 miles", _q(9, "mile")),
        ("3 metres", _q(3, "metre")),
        # glued to the digits
        ("410bhp", _q(410, "horsepower")),
        ("3.4pc", _q(3.4, "percent")),
        ("26ft", _q(26, "foot")),
        ("80p", _q(80, "penny")),
        # a glued "m" is a million unless the caller read it as a length
        ("14m", _q(14000000, None)),
        ("£14m", _q(14000000, "GBP")),
        # currency prefixes, glued or apart
        ("$US25 billion", _q(25000000000, "USD")),
        ("HK$8m", _q(8000000, "HKD")),
        ("A$1.5 billion", _q(1500000000, "AUD")),
        ("C$300", _q(300, "CAD")),
        ("NZ$60 million", _q(60000000, "NZD")),
        ("S$9", _q(9, "SGD")),
        ("USD20m", _q(20000000, "USD")),
        ("£7m", _q(7000000, "GBP")),
        ("€450", _q(450, "EUR")),
        ("¥3,000", _q(3000, "JPY")),
        # signs
        ("-12C", _q(-12, "degree Celsius")),
        ("minus 40 degrees", _q(-40, "degree")),
        ("\u22120.4%", _q(-0.4, "percent")),
        ("+1.3%", _q(1.3, "percent")),
        ("plus or minus 2.5 percentage points", _q(2.5, "percentage point")),
        # fractions: of a whole, a share in percent; of a unit, a value in that unit; mixed numbers
        ("a third", _q(33.3, "percent")),
        ("two-thirds", _q(66.7, "percent")),
        ("three-quarters", _q(75, "percent")),
        ("one out of three", _q(33.3, "percent")),
        ("four in five", _q(80, "percent")),
        ("1/4 of an inch", _q(0.25, "inch")),
        ("2-1/2", _q(2.5, None)),
        ("3 1/2", _q(3.5, None)),
        # vague
        ("a half-dozen", _q(6, None)),
        ("several thousand", Quantity(None, "range", 2000, 9999, None)),
        ("a few thousand", Quantity(None, "range", 2000, 9999, None)),
        ("several dozen", Quantity(None, "range", 24, 99, None)),
        # ranges
        ("$250 to $1.5 million", Quantity(None, "range", 250, 1500000, "USD")),
        ("40 to 65", Quantity(None, "range", 40, 65, None)),
        ("between the ages of six and 11", Quantity(None, "range", 6, 11, None)),
        ("12 through 30", Quantity(None, "range", 12, 30, None)),
    ],
)
def test_number_forms(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


def test_glued_m_read_as_a_length_is_a_metre() -> None:
    assert parse_quantity("14m", metres=True) == _q(14, "metre")
    assert parse_quantity("$14m", metres=True) == _q(14000000, "USD")  # money stays money


@pytest.mark.parametrize(
    ("url", "opening", "expected"),
    [
        ("https://www.example.com.au/business/story", "", "AUD"),
        ("https://news.example.hk/a", "", "HKD"),
        ("https://www.example.ca/money/1", "", "CAD"),
        ("https://example.co.nz/x", "", "NZD"),
        ("https://www.example.sg/y", "", "SGD"),
        ("https://www.example.com/markets", "SYDNEY, March 3 (Reuters) - Shares fell.", "AUD"),
        ("https://www.example.com/markets", "HONG KONG -- Property prices slid.", "HKD"),
        ("https://www.example.com/markets", "TORONTO (AP) — The bank said.", "CAD"),
        ("https://www.example.com/markets", "NEW YORK, May 2 (Reuters) - Stocks rose.", "USD"),
        ("https://www.example.co.uk/news", "Sydney is a city that ...", "USD"),
        (None, "", "USD"),
    ],
)
def test_dollar_currency(url: str | None, opening: str, expected: str) -> None:
    assert dollar_currency(url, opening) == expected


def test_units_table_names_are_canonical_and_aliases_unambiguous() -> None:
    from extractor.nlp.measures import aliases, glued_forms, package_table

    table = package_table()
    seen: dict[str, str] = {}
    for name, forms in aliases(table).items():
        assert not (len(name) == 3 and name.isupper()), f"{name} would read as an ISO 4217 currency"
        for alias in forms:
            assert alias not in seen, f"{alias!r} names both {seen[alias]} and {name}"
            seen[alias] = name
    assert glued_forms(table) <= set(seen)


def test_readme_lists_every_canonical_unit_with_its_aliases() -> None:
    from pathlib import Path

    from extractor.nlp.measures import aliases, package_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, forms in aliases(package_table()).items():
        row = f"| `{name}` | {', '.join(f'`{a}`' for a in forms)} |"
        assert row in readme, f"README.md's Units table lacks or differs on {name!r}"
