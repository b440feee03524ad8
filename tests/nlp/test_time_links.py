"""Which time expression of a sentence dates which figure (real spaCy model)."""

from __future__ import annotations

import pytest

from extractor import extract_text
from extractor.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def times(nlp, text: str) -> dict[str, str | None]:
    doc = nlp(text)
    return {span.text: (span._.claim["time"] or {}).get("text") for span in doc.spans["claims"]}


def test_a_comparison_keeps_its_own_time(nlp):
    found = times(
        nlp, "Support for the plan fell to 41% of voters, down from 48% last month, a new survey showed."
    )
    assert found["41%"] != "last month"
    assert found["48%"] == "last month"


def test_a_time_written_after_the_figure_is_not_swallowed_by_it(nlp):
    found = times(nlp, "Officials recorded 210 new infections, up from 65 last week.")
    assert found["65"] == "last week"


def test_the_time_of_the_statement_yields_to_the_figure_own_date(nlp):
    text = "The agency said on Monday that it had counted 3,120 deaths as of November 30."
    assert times(nlp, text)["3,120"] == "as of November 30"


def test_the_time_of_the_statement_dates_a_figure_that_has_no_other(nlp):
    text = (
        "Close to 2 million residents have been forced to leave their homes by the flooding in the "
        "northern provinces, the national disaster agency said on Friday."
    )
    assert times(nlp, text)["Close to 2 million"] == "on Friday"


def test_an_opening_adverbial_dates_a_distant_figure(nlp):
    text = (
        "On March 3, a series of heavy artillery strikes on the outskirts of the eastern industrial "
        "city and its surrounding villages killed at least nine people."
    )
    assert times(nlp, text)["at least nine"] == "On March 3"


def test_a_day_and_its_part_of_day_are_one_expression(nlp):
    found = times(nlp, "By Friday evening the number of dead had climbed to 312.")
    assert found["312"] == "By Friday evening"


def test_a_relative_clause_about_the_speaker_does_not_date_the_figure(nlp):
    text = (
        "The regional council, whose members have served since 2016, said 1,240 homes had been damaged "
        "since March 1 last year."
    )
    assert times(nlp, text)["1,240"] == "since March 1 last year"


def test_a_comparison_base_does_not_set_the_time_later_figures_continue() -> None:
    text = (
        "Retail sales rose 4.2% in the year to August, the statistics office said, up from 3.9% in July.\n\n"
        "Analysts had expected 4.0%."
    )
    claims = {c.text: c for c in extract_text(text, published="2022-09-15")}
    expected = claims["4.0%"].time
    assert expected is not None and expected.end == "2022-08-31"


def test_the_week_before_counts_back_from_the_sentence_other_time() -> None:
    text = "Last week alone, 340 new cases were reported, up from 290 the week before, the institute said."
    claims = {c.text: c for c in extract_text(text, published="2024-03-14")}  # a Thursday
    before = claims["290"].time
    assert before is not None and (before.start, before.end) == ("2024-02-26", "2024-03-03")


def test_a_date_inside_a_since_clause_starts_the_span() -> None:
    text = "At least 85 homes have been destroyed since the storms began on March 2, local officials said."
    (claim,) = [c for c in extract_text(text, published="2024-03-20") if c.text == "At least 85"]
    assert claim.time is not None and (claim.time.start, claim.time.end) == ("2024-03-02", "2024-03-20")


def test_a_duration_word_glued_to_its_number_is_no_time() -> None:
    text = "The 72-hour truce was extended for another 72 hours on Sunday."
    for claim in extract_text(text, published="2024-03-20"):
        assert claim.time is None or claim.time.text != "-hour"


def test_a_time_far_away_on_the_figure_clause_still_dates_it(nlp):
    text = (
        "At least 31 people have been killed in the river port, the largest town of the province, "
        "since the fighting spread there on June 4, according to aid workers."
    )
    assert times(nlp, text)["At least 31"] == "since June 4"


def test_a_change_is_not_dated_by_the_base_it_is_compared_with(nlp):
    text = "Sales rose to $2.1 billion in the quarter, a 4 percent gain from last year's second quarter."
    assert times(nlp, text)["4 percent"] != "from last year's second quarter"


def test_a_participle_of_reporting_on_the_figure_is_its_own_date(nlp):
    text = "Profit reached $900 million, up from $610 million reported in the July-September 2020 quarter."
    assert times(nlp, text)["$610 million"] == "in the July-September 2020 quarter"


def test_that_period_points_back_to_the_time_before() -> None:
    text = (
        "The carrier expects to carry 3 million passengers in the next quarter ending in September.\n\n"
        "It said revenue would reach $5 billion in that period."
    )
    claims = {c.text: c for c in extract_text(text, published="2023-07-10")}
    period = claims["$5 billion"].time
    assert period is not None and (period.start, period.end) == ("2023-07-01", "2023-09-30")


def test_a_year_after_for_is_a_point_in_time(nlp):
    text = "The bank cut its growth forecast to 2.1% – close to the 2.1% growth expected for last year."
    doc = nlp(text)
    second = [span for span in doc.spans["claims"] if span.text == "2.1%"][-1]
    assert second._.claim["time"]["text"] == "last year"


def test_coordinated_nouns_share_a_distant_time(nlp):
    text = (
        "Monitors have recorded more than 70 civilian deaths and 115 injuries caused by shelling carried "
        "out by both armies in the border districts from early March to April 9, a spokesman said."
    )
    assert times(nlp, text)["more than 70"] == "from early March to April 9"


def test_a_period_inside_a_comparison_is_not_the_change_date(nlp):
    text = (
        "Exports reached $40 billion in the April-June quarter, up from $35 billion reported in the "
        "January-March quarter, a 14 percent rise."
    )
    found = times(nlp, text)
    assert found["$35 billion"] == "in the January-March quarter"
    assert found["14 percent"] != "in the January-March quarter"


def test_a_dated_sentence_without_figures_dates_the_figures_after_it() -> None:
    text = (
        "The two countries exchanged prisoners on Saturday. Officials said 40 soldiers had returned home "
        "in the swap."
    )
    (claim,) = [c for c in extract_text(text, published="2024-03-14") if c.text == "40"]
    assert claim.time is not None and (claim.time.start, claim.time.end) == ("2024-03-09", "2024-03-09")


def test_a_quote_or_a_denial_dates_nothing() -> None:
    text = '"Nobody believed us on Saturday," the coach said. The club sold 4,000 season tickets.'
    (claim,) = extract_text(text, published="2024-03-14")
    assert claim.time is not None and claim.time.text is None  # as of publication


def test_that_night_is_the_day_named_last() -> None:
    text = (
        "Residents described the March 3 strike on the city centre.\n\n"
        "Nobody expected it, one said.\n\n"
        "The army fired 40 missiles that night."
    )
    (claim,) = extract_text(text, published="2024-03-14")
    assert claim.time is not None and (claim.time.start, claim.time.end) == ("2024-03-03", "2024-03-03")


def test_an_age_does_not_set_the_time_later_figures_continue() -> None:
    text = (
        "A 19-year-old recruit who had been drafted in February was among the dead. "
        "Officials said 12 soldiers were killed."
    )
    (claim,) = [c for c in extract_text(text, published="2024-03-14") if c.text == "12"]
    assert claim.time is not None and claim.time.text is None


# The trained time chooser (extractor/nlp/decider.py, docs/training.md) still misses these two patterns
# that the tagger's own reading got right; strict, so that a chooser which learns them says so here.
CHOOSER_MISSES = pytest.mark.xfail(strict=True, reason="a known miss of the shipped time chooser")


@CHOOSER_MISSES
def test_a_list_shares_the_time_written_after_its_last_item(nlp):
    found = times(nlp, "The army fired 120 shells and 14 rockets that night, officials said.")
    assert found["120"] == found["14"] == "that night"


def test_the_same_period_last_year_is_the_reported_quarter_a_year_back() -> None:
    text = (
        "The brewer reported second-quarter sales of $2.2bn on Tuesday.\n\n"
        "Operating profit rose to $310m from $270m in the same period last year, the company said."
    )
    claims = {c.text: c for c in extract_text(text, published="2024-07-24")}
    before = claims["$270m"].time
    assert before is not None and (before.start, before.end) == ("2023-04-01", "2023-06-30")


def _records(text: str, published: str) -> dict[str, tuple[str | None, str | None]]:
    claims = extract_text(text, published=published)
    return {c.text: (c.time.start, c.time.end) if c.time else (None, None) for c in claims}


def test_an_ordinal_quarter_is_a_period_not_a_count_of_seconds():
    found = _records("Group revenue in the third quarter rose 12% from a year earlier.", "2024-10-24")
    assert found["12%"] == ("2024-07-01", "2024-09-30")


def test_the_quarter_points_back_to_the_quarter_named_before():
    text = (
        "The airline's profit in the second quarter fell sharply. It carried 41 million passengers "
        "in the quarter, the company said."
    )
    assert _records(text, "2024-07-25")["41 million"] == ("2024-04-01", "2024-06-30")


def test_the_lede_sets_the_period_of_figures_that_name_none():
    text = (
        "Factory orders slumped in May as manufacturers cut back on new equipment, the statistics office "
        "said on Thursday.\n\n"
        "The survey covered firms in every region of the country and every branch of industry.\n\n"
        "Orders for machinery, the largest group, were down 7.5%.\n\n"
        "Car makers, hit by weaker demand abroad, reported a 3.1% drop."
    )
    found = _records(text, "2024-07-04")
    assert found["7.5%"] == ("2024-05-01", "2024-05-31")
    assert found["3.1%"] == ("2024-05-01", "2024-05-31")


def test_a_month_of_another_year_in_the_lede_is_background_not_the_period():
    text = (
        "Drones struck the port on Sunday, nine months after the blockade began in February 2023, "
        "officials said.\n\n"
        "The harbour master described the damage to the quays as extensive.\n\n"
        "Later, 14 drones were downed over the bay."
    )
    assert _records(text, "2023-11-20")["14"] == ("2023-11-19", "2023-11-19")


def test_the_message_that_carries_a_statement_dates_its_figures():
    text = (
        "In a speech broadcast late last month, the minister said that 3,500 homes had been rebuilt."
    )
    assert _records(text, "2024-05-10")["3,500"] == ("2024-04-01", "2024-04-30")


def test_a_superlative_stretch_says_how_rare_the_figure_is_not_when(nlp):
    text = "Jobless claims were the lowest since March 2019, with 201,000 filed, the department said."
    found = times(nlp, text)
    assert found["201,000"] is None
    found = times(nlp, "Last month's car sales were the weakest in years: dealers sold 91,000 vehicles.")
    assert found["91,000"] == "Last month's"


def test_a_superlative_does_not_swallow_the_month_it_dates(nlp):
    found = times(nlp, "Exporters posted the biggest gain in March, shipping 12,500 containers.")
    assert found["12,500"] == "in March"


@CHOOSER_MISSES
def test_a_level_set_against_keeps_its_own_year(nlp):
    found = times(nlp, "The survey put the index at 52.3, just above the mean recorded in 2018.")
    assert found["52.3"] is None


def test_a_closing_attribution_dates_the_figure(nlp):
    text = (
        "It is believed that the navy has lost 40% of the landing ships it had before the conflict and "
        "half of its patrol boats, an analyst familiar with a classified inquiry told reporters in March "
        "last year."
    )
    assert times(nlp, text)["40%"] == "in March last year"


def test_a_time_that_names_no_calendar_day_continues_the_dated_report() -> None:
    text = (
        "The city offered new nurses a signing bonus of 2,500 euros, its statement said on Tuesday.\n\n"
        "A nurse would earn as much as 48,000 euros in their first year on the job, the statement added."
    )
    claims = {c.value: c for c in extract_text(text, published="2024-05-16")}  # a Thursday
    salary = claims[48000].time
    assert salary is not None and (salary.start, salary.end) == ("2024-05-14", "2024-05-14")


def test_a_release_month_named_after_a_feature_lede_dates_the_figures_that_follow() -> None:
    text = (
        "Factory bosses are getting gloomier across the country.\n\n"
        "Many of them say that orders have been drying up for a while.\n\n"
        "Some plan to cut shifts before the winter comes around.\n\n"
        "Others are waiting to see what the central bank will do next.\n\n"
        "In May, manufacturers shipped goods worth $61.2 billion, the trade group said.\n\n"
        "Orders for new machinery were also soft.\n\n"
        "Unfilled orders stood at 18,400 contracts."
    )
    claims = {c.text: c for c in extract_text(text, published="2024-06-20")}
    backlog = claims["18,400"].time
    assert backlog is not None and (backlog.start, backlog.end) == ("2024-05-01", "2024-05-31")


def test_a_figure_told_in_the_clause_of_a_ranked_stretch_is_dated_by_it(nlp):
    text = "The flood was the worst since 2011, when the river destroyed 900 homes in the valley."
    assert times(nlp, text)["900"] == "since 2011"


def test_the_edge_of_a_period_is_read_with_it(nlp):
    text = "The ministry said it would buy 14 more ferries by the close of the year."
    assert times(nlp, text)["14"] == "by the close of the year"


def test_between_two_dates_tagged_apart_is_one_span(nlp):
    text = "Inspectors visited 64 schools between October 2021 and March 2022, the report said."
    assert times(nlp, text)["64"] == "between October 2021 and March 2022"


def test_an_annual_rate_is_no_time_of_its_own(nlp):
    text = "Rents in the capital climbed at a 6.2% annual rate in April, the statistics office said."
    assert times(nlp, text)["6.2%"] == "in April"
