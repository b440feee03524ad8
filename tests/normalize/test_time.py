"""Time expressions → TimeRef against a publication date (real dateparser), and rate words."""

from __future__ import annotations

import pytest

from extractor.normalize.rates import rate_of
from extractor.normalize.time import names_a_date, resolve_time
from extractor.records import TimeRef

PUBLISHED = "2022-12-22"  # a Thursday


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("on Wednesday", "2022-12-21", "2022-12-21", "day"),
        ("on Thursday", "2022-12-22", "2022-12-22", "day"),  # the publication day itself
        ("on Friday", "2022-12-16", "2022-12-16", "day"),
        ("last Thursday", "2022-12-15", "2022-12-15", "day"),
        ("on Wednesday night", "2022-12-21", "2022-12-21", "day"),
        ("since February 24", "2022-02-24", "2022-12-22", "day"),
        ("in November", "2022-11-01", "2022-11-30", "month"),
        ("in December", "2022-12-01", "2022-12-22", "month"),  # ends at publication
        ("last week", "2022-12-12", "2022-12-18", "week"),
        ("earlier this week", "2022-12-19", "2022-12-22", "week"),
        ("last month", "2022-11-01", "2022-11-30", "month"),
        ("this month", "2022-12-01", "2022-12-22", "month"),
        ("this year", "2022-01-01", "2022-12-22", "year"),
        ("so far this year", "2022-01-01", "2022-12-22", "year"),
        ("last year", "2021-01-01", "2021-12-31", "year"),
        ("in 2021", "2021-01-01", "2021-12-31", "year"),
        ("over the past 24 hours", "2022-12-21", "2022-12-22", "day"),
        ("in the last 48 hours", "2022-12-20", "2022-12-22", "day"),
        ("the past 10 days", "2022-12-12", "2022-12-22", "day"),
        ("over the past two weeks", "2022-12-08", "2022-12-22", "week"),
        ("in the past month", "2022-11-22", "2022-12-22", "month"),
        ("yesterday", "2022-12-21", "2022-12-21", "day"),
        ("last night", "2022-12-21", "2022-12-21", "day"),
        ("today", "2022-12-22", "2022-12-22", "day"),
        ("overnight", "2022-12-21", "2022-12-22", "day"),
        ("over the weekend", "2022-12-17", "2022-12-18", "day"),
        ("on December 3", "2022-12-03", "2022-12-03", "day"),
        ("on 24 February", "2022-02-24", "2022-02-24", "day"),
        ("February 24, 2022", "2022-02-24", "2022-02-24", "day"),
        ("in March 2022", "2022-03-01", "2022-03-31", "month"),
        ("in mid-November", "2022-11-01", "2022-11-30", "month"),
        ("3 days ago", "2022-12-19", "2022-12-19", "day"),
        ("a week ago", "2022-12-15", "2022-12-15", "day"),
        ("by Tuesday", None, "2022-12-20", "day"),
        ("as of December 1", None, "2022-12-01", "day"),
        ("since 2014", "2014-01-01", "2022-12-22", "year"),
        ("since the invasion began", None, "2022-12-22", None),
    ],
)
def test_resolve_time(text: str, start: str | None, end: str | None, granularity: str | None) -> None:
    assert resolve_time(text, PUBLISHED) == TimeRef(text, start, end, granularity)


WEDNESDAY = TimeRef("on Wednesday", "2022-12-21", "2022-12-21", "day")


@pytest.mark.parametrize("published", ["2022-12-22T09:30:00Z", "2022-12-22T09:30+02:00", "2022-12-22 09:30"])
def test_publication_datetime(published: str) -> None:
    assert resolve_time("on Wednesday", published) == WEDNESDAY


def test_a_wednesday_article_means_that_same_wednesday() -> None:
    assert resolve_time("on Wednesday", "2022-12-21") == WEDNESDAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("February 24, 2022", TimeRef("February 24, 2022", "2022-02-24", "2022-02-24", "day")),
        ("in 2021", TimeRef("in 2021", "2021-01-01", "2021-12-31", "year")),
        ("in March 2022", TimeRef("in March 2022", "2022-03-01", "2022-03-31", "month")),
        ("on Wednesday", TimeRef("on Wednesday", None, None, None)),
        ("last week", TimeRef("last week", None, None, None)),
        ("since February 24", TimeRef("since February 24", None, None, None)),
        ("yesterday", TimeRef("yesterday", None, None, None)),
        ("since 2014", TimeRef("since 2014", "2014-01-01", None, "year")),
    ],
)
def test_without_publication_date_only_absolute_dates_resolve(text: str, expected: TimeRef) -> None:
    assert resolve_time(text, None) == expected


@pytest.mark.parametrize("text", ["3.9%", "killed 40", "$3.5bn", "2000 troops", "the Ukrainian military", ""])
def test_not_a_time_expression(text: str) -> None:
    assert resolve_time(text, PUBLISHED) is None


def test_the_same_text_keeps_its_own_spelling() -> None:
    first, second = resolve_time("On Wednesday", PUBLISHED), resolve_time("on  wednesday", PUBLISHED)
    assert first is not None and second is not None
    assert (first.text, second.text) == ("On Wednesday", "on  wednesday")
    assert (first.start, first.end) == (second.start, second.end) == ("2022-12-21", "2022-12-21")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("each month", "month"),
        ("a month", "month"),
        ("per month", "month"),
        ("every month", "month"),
        ("monthly", "month"),
        ("a day", "day"),
        ("per day", "day"),
        ("daily", "day"),
        ("each week", "week"),
        ("a week", "week"),
        ("weekly", "week"),
        ("a year", "year"),
        ("per year", "year"),
        ("annually", "year"),
        ("per annum", "year"),
        ("a day earlier", None),
        ("killed", None),
        ("last month", None),
    ],
)
def test_rate_of(text: str, expected: str | None) -> None:
    assert rate_of(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on Oct. 7", "2023-10-07", "2023-10-07"),  # a day, not the month of October
        ("on Sept. 14", "2023-09-14", "2023-09-14"),  # the newsroom's "Sept."
        ("on December 30", "2023-12-30", "2023-12-30"),  # no year: the latest not after publication
        ("in the quarter", None, None),  # points back: nothing to say without the quarter named before
    ],
)
def test_days_without_a_year_and_newsroom_abbreviations(
    text: str, start: str | None, end: str | None
) -> None:
    resolved = resolve_time(text, "2024-01-05")
    assert resolved is not None and (resolved.start, resolved.end) == (start, end)


def test_a_focus_word_does_not_change_the_period() -> None:
    found = resolve_time("in May and June alone", "2024-07-24")
    assert found is not None and (found.start, found.end) == ("2024-05-01", "2024-06-30")


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("in June", True),
        ("last week", True),
        ("since 2019", True),
        ("this monsoon season", True),  # the season the story is written in
        ("in the coming months", True),
        ("in recent days", True),
        ("in years", False),
        ("in their first year on the job", False),
    ],
)
def test_whether_an_expression_names_a_date(text: str, dated: bool) -> None:
    assert names_a_date(text) is dated


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("by the close of the year", None, "2022-12-31"),
        ("at the start of the month", "2022-12-01", "2022-12-01"),
    ],
)
def test_the_edge_of_a_bare_unit_is_that_of_the_current_one(text: str, start, end) -> None:
    found = resolve_time(text, PUBLISHED)
    assert found is not None and (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("from October 3 to 9", "2022-10-03", "2022-10-09"),
        ("between May 10 and 12", "2022-05-10", "2022-05-12"),
        ("March 3-5", "2022-03-03", "2022-03-05"),
    ],
)
def test_a_range_of_days_writes_its_month_once(text: str, start: str, end: str) -> None:
    found = resolve_time(text, PUBLISHED)
    assert found is not None and (found.start, found.end) == (start, end)


def test_a_year_shift_written_once_covers_both_ends_of_a_range() -> None:
    found = resolve_time("between March and October last year", PUBLISHED)
    assert found is not None and (found.start, found.end) == ("2021-03-01", "2021-10-31")
