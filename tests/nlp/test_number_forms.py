"""Number forms through the whole pipeline (real spaCy model): which numbers are claims, what each
phrase reads as, and whether a figure is a level or a change. Sentences written for these tests."""

from __future__ import annotations

import pytest

import extractor


@pytest.fixture(scope="module")
def pipeline() -> extractor.Extractor:
    return extractor.Extractor()


def claims(pipeline: extractor.Extractor, text: str, url: str | None = None) -> list:
    return pipeline.extract_text(text, url=url, published="2025-03-04")


def read(pipeline: extractor.Extractor, text: str, url: str | None = None) -> list[tuple]:
    return [(c.text, c.value, c.lower, c.upper, c.unit) for c in claims(pipeline, text, url)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # units, glued or apart
        ("Gusts reached 95 mph on the coast.", [("95 mph", 95, 95, 95, "mile per hour")]),
        ("The train runs at 310 km/h on the line.", [("310 km/h", 310, 310, 310, "kilometre per hour")]),
        ("The new engine makes 520bhp.", [("520bhp", 520, 520, 520, "horsepower")]),
        ("Wages grew 3.1pc last year.", [("3.1pc", 3.1, 3.1, 3.1, "percent")]),
        ("The tablet ships with 128GB of storage.", [("128GB", 128, 128, 128, "gigabyte")]),
        ("Night temperatures fell to -8C in the valley.", [("-8C", -8, -8, -8, "degree Celsius")]),
        ("The probe recorded minus 270 degrees.", [("minus 270 degrees", -270, -270, -270, "degree")]),
        # a glued "m" before a length in brackets is a metre, before people a million
        ("The sea wall is 9m (30ft) high.", [("9m", 9, 9, 9, "metre"), ("30ft", 30, 30, 30, "foot")]),
        ("The tower rises 40m above the square.", [("40m", 40, 40, 40, "metre")]),
        ("The region has 6m people.", [("6m", 6000000, 6000000, 6000000, None)]),
        ("The club paid £9m for the striker.", [("£9m", 9000000, 9000000, 9000000, "GBP")]),
        # currency prefixes
        ("The miner earned $US3 billion.", [("$US3 billion", 3e9, 3e9, 3e9, "USD")]),
        ("The tower sold for HK$2.4 billion.", [("HK$2.4 billion", 2.4e9, 2.4e9, 2.4e9, "HKD")]),
        ("The firm raised USD15m from investors.", [("USD15m", 15000000, 15000000, 15000000, "USD")]),
        ("The fund holds USD 70 million in cash.", [("USD 70 million", 70000000, 70000000, 70000000, "USD")]),
        ("The state spent Rs 800 crore on roads.", [("Rs 800 crore", 8000000000, 8e9, 8e9, "INR")]),
        ("Some 4 lakh people applied.", [("Some 4 lakh", 400000, None, None, None)]),
        ("The desert reached 47C.", [("47C.", 47, 47, 47, "degree Celsius")]),
        # fractions
        ("About a quarter of the workers went home.", [("About a quarter", 25, None, None, "percent")]),
        ("Two-thirds of the schools reopened.", [("Two-thirds", 66.7, 66.7, 66.7, "percent")]),
        ("One out of four bridges needs repair.", [("One out of four", 25, 25, 25, "percent")]),
        ("The gap is only 1/16 of an inch.", [("1/16 of an inch", 0.0625, 0.0625, 0.0625, "inch")]),
        ("Add 2-1/2 cups of flour.", [("2-1/2", 2.5, 2.5, 2.5, None)]),
        # ranges
        ("Tickets cost from $40 to $1,200 each.", [("$40 to $1,200", None, 40, 1200, "USD")]),
        ("The clinic sees from 60 to 90 patients a day.", [("60 to 90", None, 60, 90, None)]),
        ("Kids between the ages of six and 9 came.", [("between the ages of six and 9", None, 6, 9, None)]),
        ("Volunteers from 18 to 30 years old signed up.", [("18 to 30 years old", None, 18, 30, None)]),
        ("Exports rose by 40 to 310.", [("40", 40, 40, 40, None), ("310", 310, 310, 310, None)]),
        # vague
        ("A half-dozen boats were missing.", [("A half-dozen", 6, 6, 6, None)]),
        ("Several thousand fans marched.", [("Several thousand", None, 2000, 9999, None)]),
        ("A few thousand homes lost power.", [("A few thousand", None, 2000, 9999, None)]),
    ],
)
def test_number_forms(pipeline: extractor.Extractor, text: str, expected: list[tuple]) -> None:
    assert read(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # scores and models
        "The home side won 5-1 on Saturday.",
        "The airline ordered the 737-8 and the A321neo.",
        "The carrier flies the A330 on that route.",
        # designations and indexes
        "The S&P 500 closed higher on Friday.",
        "Europe's STOXX 600 slipped on Monday.",
        "The company sells 5G handsets.",
        "Flight 209 landed safely in the evening.",
        # addresses, emergency numbers, shirt numbers
        "The shop at 48 Mill Street closed.",
        "A neighbour called 999 at once.",
        "He will wear the No. 9 shirt next season.",
        "The striker was wearing 14 that night.",
        # compound adjectives
        "She bought a two-door coupe with a five-speed gearbox.",
        # "one" as determiner or pronoun
        "One nurse described the scene as chaotic.",
        "The crowd moved from one stage to another.",
        "The city is the number one buyer of the grain.",
        "At one point the queue stretched round the block.",
        # durations that place an event
        "The vote came three weeks after the storm.",
        # a stock table row
        "Acme Corp 41.20 +0.85 2.1% 1.3m",
    ],
)
def test_not_claims(pipeline: extractor.Extractor, text: str) -> None:
    assert read(pipeline, text) == []


def test_one_keeps_its_count_under_a_loss_verb(pipeline: extractor.Extractor) -> None:
    assert [c.value for c in claims(pipeline, "One firefighter was injured in the blaze.")] == [1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales rose by 30 to 126.", [("30", "change", "up"), ("126", "level", "up")]),
        ("The index was down by 12 to 480.", [("12", "change", "down"), ("480", "level", "down")]),
        ("Revenue grew 8% to $2 billion.", [("8%", "change", "up"), ("$2 billion", "level", "up")]),
        ("Unemployment fell to 3.9% from 4.2%.", [("3.9%", "level", "down"), ("4.2%", "level", "down")]),
        ("Shares were up 4% at the close.", [("4%", "change", "up")]),
        ("Output posted a 3 percent drop.", [("3 percent", "change", "down")]),
        ("Prices rose +0.3% in May.", [("+0.3%", "change", "up")]),
        ("The lake rose 1.4 metres overnight.", [("1.4 metres", "change", "up")]),
        ("The army lost dozens of trucks.", [("dozens", None, None)]),
        ("The ministry counted 210 shelters.", [("210", None, None)]),
    ],
)
def test_level_or_change(pipeline: extractor.Extractor, text: str, expected: list[tuple]) -> None:
    assert [(c.text, c.kind, c.direction) for c in claims(pipeline, text)] == expected


@pytest.mark.parametrize(
    ("url", "opening", "unit"),
    [
        ("https://www.dailyexample.com.au/business/story-1", "The miner earned $4 billion.", "AUD"),
        ("https://www.example.com/markets/2", "SYDNEY, May 3 (Reuters) - The miner made $4 billion.", "AUD"),
        ("https://www.example.com/markets/story-3", "The miner earned $4 billion.", "USD"),
        ("https://www.dailyexample.com.au/business/story-4", "The miner earned US$4 billion.", "USD"),
    ],
)
def test_bare_dollar_is_the_articles_dollar(
    pipeline: extractor.Extractor, url: str, opening: str, unit: str
) -> None:
    assert [c.unit for c in claims(pipeline, opening, url=url)] == [unit]


def test_new_fields_are_in_the_record_and_valid(pipeline: extractor.Extractor) -> None:
    from extractor.records import validation_errors

    (claim,) = claims(pipeline, "Exports rose by 40 tonnes.")
    data = claim.to_dict()
    assert (data["kind"], data["direction"], data["unit"]) == ("change", "up", "tonne")
    assert validation_errors(data) == []


@pytest.mark.parametrize(
    ("text", "unit", "si"),
    [
        ("The trail runs 12 miles along the ridge.", "mile", (19312.128, "m")),
        ("The ferry crossed 19.3 km of open water.", "kilometre", (19300.0, "m")),
        ("The lake froze at -4C overnight.", "degree Celsius", (269.15, "K")),
        ("The phone's battery holds 4500mAh.", "milliampere hour", (16200.0, "A*s")),
        ("The pump moves 20 litres a minute.", "litre", (0.02, "m**3")),
    ],
)
def test_a_measurement_carries_its_si_value(
    pipeline: extractor.Extractor, text: str, unit: str, si: tuple[float, str]
) -> None:
    (claim,) = claims(pipeline, text)
    assert claim.unit == unit
    assert claim.si is not None
    assert (claim.si.unit, claim.si.value) == (si[1], pytest.approx(si[0]))


@pytest.mark.parametrize(
    "text", ["Sales rose 4% in May.", "The city hired 300 teachers.", "It cost $5 million."]
)
def test_counts_money_and_shares_have_no_si_value(pipeline: extractor.Extractor, text: str) -> None:
    assert [c.si for c in claims(pipeline, text)] == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sign word, hyphened or apart
        ("The offense managed minus-12 yards after the break.", [("minus-12 yards", -12, -12, -12, "yard")]),
        (
            "Core prices moved negative 0.4 percent in May.",
            [("negative 0.4 percent", -0.4, -0.4, -0.4, "percent")],
        ),
        # currencies outside the dollar, prefixed, suffixed, or named in words
        ("The stock closed at RM3.85 on Tuesday.", [("RM3.85", 3.85, 3.85, 3.85, "MYR")]),
        ("The club paid $35 mil for the forward.", [("$35 mil", 35000000, 35000000, 35000000, "USD")]),
        (
            "Revenue reached 4.2 bn euros last year.",
            [("4.2 bn euros", 4200000000, 4200000000, 4200000000, "EUR")],
        ),
        (
            "The fine was 8 million Australian dollars.",
            [("8 million Australian dollars", 8000000, 8000000, 8000000, "AUD")],
        ),
        # units pint knows that the old hand table did not
        ("Each capsule holds 250mg of the compound.", [("250mg", 250, 250, 250, "milligram")]),
        # grams only glued and lower-case: "5G" stays a network
        ("Stir in 40g of butter.", [("40g", 40, 40, 40, "gram")]),
        ("The tower carries 5G signals.", []),
        ("The handset packs a 5000mAh battery.", [("5000mAh", 5000, 5000, 5000, "milliampere hour")]),
        ("The motor idles at 800 rpm.", [("800 rpm", 800, 800, 800, "revolution per minute")]),
    ],
)
def test_signs_currencies_and_units(pipeline: extractor.Extractor, text: str, expected: list[tuple]) -> None:
    assert read(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a move verb, then the change with its own unit and the level it reached: two figures
        ("The index fell 1.5% to 3,210.4 on Monday.", [1.5, 3210.4]),
        ("Silver rose $0.45 to $24.10 an ounce.", [0.45, 24.1]),
        # one quantity whose ends both carry the sign, no move between them: one range
        ("Analysts expect a loss of $2 million to $3 million.", [None]),
    ],
)
def test_a_change_and_the_level_it_reached_are_two_figures(
    pipeline: extractor.Extractor, text: str, expected: list
) -> None:
    assert [c.value for c in claims(pipeline, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the level a move reached, after "at"
        (
            "The benchmark ended down 2% at 5,120.3 points.",
            [(2, "change", "down"), (5120.3, "level", "down")],
        ),
        # a period after the unit does not make the figure a duration
        ("Home prices were down 4.1% year over year.", [(4.1, "change", "down")]),
        # another clause, another move
        (
            "The Nikkei gained 1.2% but the Hang Seng decrease by 0.4%.",
            [(1.2, "change", "up"), (0.4, "change", "down")],
        ),
        # a currency's hundredth is the unit of the change, not a count of things
        ("The shares rose 12 sen to RM4.15.", [(12, "change", "up"), (4.15, "level", "up")]),
    ],
)
def test_direction_of_changes_and_levels(
    pipeline: extractor.Extractor, text: str, expected: list[tuple]
) -> None:
    assert [(c.value, c.kind, c.direction) for c in claims(pipeline, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year-shaped number after a currency sign is money
        ("The tablet sells for exactly $1900 in stores.", [("$1900", 1900, 1900, 1900, "USD")]),
        # a dollar's country glued after the sign
        (
            "The farm changed hands for $A3,250,000 last month.",
            [("$A3,250,000", 3250000, 3250000, 3250000, "AUD")],
        ),
        # a glued "m" before a length that the tokenizer glued to its bracket and hyphen
        ("The hall holds a 31m (102ft)-long canoe.", [("31m", 31, 31, 31, "metre")]),
        # a power glued to the metre: square metres, not millions
        ("The studio has 38m2 of floor space.", [("38m2", 38, 38, 38, "square metre")]),
        # both ends of a range carry the percent words
        (
            "Fees run from 1 per cent to 1.75 per cent a year.",
            [("1 per cent to 1.75 per cent", None, 1, 1.75, "percent")],
        ),
    ],
)
def test_money_lengths_and_ranges_as_written(
    pipeline: extractor.Extractor, text: str, expected: list[tuple]
) -> None:
    assert read(pipeline, text) == expected


def test_a_model_name_glued_to_letters_is_still_no_figure(pipeline: extractor.Extractor) -> None:
    assert read(pipeline, "The airline flies the A350 on the route.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a scale and a unit hyphened into a compound adjective
        (
            "The port plans a 1.8-million-square-foot terminal.",
            [("1.8-million-square-foot", 1800000, 1800000, 1800000, "square foot")],
        ),
        (
            "The navy signed a 2.5-billion-dollar order.",
            [("2.5-billion-dollar", 2500000000, 2500000000, 2500000000, "USD")],
        ),
        # a range with the percent sign on both ends, an en dash between
        ("Turnout was 61%–64% in the districts.", [("61%–64%", None, 61, 64, "percent")]),
        # a range of digits before a scale word
        ("The colony fell to 40–60 thousand birds.", [("40–60 thousand", None, 40000, 60000, None)]),
        # multipliers
        (
            "Cases saw a fivefold rise in spring and a 20-fold rise by autumn.",
            [("fivefold", 5, 5, 5, None), ("20-fold", 20, 20, 20, None)],
        ),
        # number words hyphened with a fraction
        ("The favourite won by three-and-a-half lengths.", [("three-and-a-half", 3.5, 3.5, 3.5, None)]),
    ],
)
def test_hyphened_forms(pipeline: extractor.Extractor, text: str, expected: list[tuple]) -> None:
    assert read(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a tally is written high to low; a range low to high
        ("Voters backed the measure 58% to 37% in the poll.", [58, 37]),
        ("The support ranged from 37% to 58% across regions.", [None]),
    ],
)
def test_a_tally_is_two_figures_and_a_range_one(
    pipeline: extractor.Extractor, text: str, values: list
) -> None:
    assert [c.value for c in claims(pipeline, text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "The city marked 9/11 with a vigil.",
        "The store opens 24/7 in the centre.",
        "The rivals drew 2-2 at home.",
    ],
)
def test_a_date_a_name_or_a_score_is_no_figure(pipeline: extractor.Extractor, text: str) -> None:
    assert claims(pipeline, text) == []


def test_a_number_word_before_digits_counts_them(pipeline: extractor.Extractor) -> None:
    """ "two 300-bed hospitals" is two hospitals of 300 beds, not one number."""
    assert [c.value for c in claims(pipeline, "The region opened two 300-bed hospitals.")] == [2, 300]
