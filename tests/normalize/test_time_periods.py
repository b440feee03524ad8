"""Periods, ranges and expressions that lean on another time (real dateparser)."""

from __future__ import annotations

import pytest

from extractor.normalize.time import anchor_kind, leans_on_anchor, resolve_time
from extractor.records import TimeRef

PUBLISHED = "2022-12-14"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("from March 3 to March 9", "2022-03-03", "2022-03-09", "day"),
        ("between 2018 and 2020", "2018-01-01", "2020-12-31", "year"),
        ("the April-June period", "2022-04-01", "2022-06-30", "month"),
        ("the July-September 2021 quarter", "2021-07-01", "2021-09-30", "month"),
        ("from early May to June 2", "2022-05-01", "2022-06-02", "day"),
        ("in the year to October", "2021-11-01", "2022-10-31", "month"),
        ("in the three months to August", "2022-06-01", "2022-08-31", "month"),
        ("in the second quarter", "2022-04-01", "2022-06-30", "month"),
        ("in the fourth quarter", "2022-10-01", "2022-12-14", "month"),  # under way: ends at publication
        ("last year's third quarter", "2021-07-01", "2021-09-30", "month"),
        ("Q1 2020", "2020-01-01", "2020-03-31", "month"),
        ("by the end of 2021", None, "2021-12-31", "day"),
        ("since the end of March", "2022-03-31", "2022-12-14", "day"),
        ("at the start of 2020", "2020-01-01", "2020-01-01", "day"),
        ("since March 8 last year", "2021-03-08", "2022-12-14", "day"),
        ("on June 30 last year", "2021-06-30", "2021-06-30", "day"),
        # without an anchor, leaning expressions count back from publication
        ("the month before", "2022-11-01", "2022-11-30", "month"),
        ("a year earlier", "2021-01-01", "2021-12-31", "year"),
        ("three days earlier", "2022-12-11", "2022-12-11", "day"),
    ],
)
def test_periods_and_ranges(text: str, start: str | None, end: str | None, granularity: str | None) -> None:
    assert resolve_time(text, PUBLISHED) == TimeRef(text, start, end, granularity)


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end"),
    [
        (
            "the week before",
            TimeRef("last week", "2022-12-05", "2022-12-11", "week"),
            "2022-11-28",
            "2022-12-04",
        ),
        (
            "the year before",
            TimeRef("in 2019", "2019-01-01", "2019-12-31", "year"),
            "2018-01-01",
            "2018-12-31",
        ),
        ("the month before", TimeRef("x", "2021-11-01", "2022-10-31", "month"), "2022-09-01", "2022-09-30"),
        (
            "the previous day",
            TimeRef("on Monday", "2022-12-12", "2022-12-12", "day"),
            "2022-12-11",
            "2022-12-11",
        ),
        ("that night", TimeRef("on Friday", "2022-12-09", "2022-12-09", "day"), "2022-12-09", "2022-12-09"),
        (
            "in the same period last year",
            TimeRef("the third quarter", "2022-07-01", "2022-09-30", "month"),
            "2021-07-01",
            "2021-09-30",
        ),
    ],
)
def test_expressions_lean_on_their_anchor(text: str, anchor: TimeRef, start: str, end: str) -> None:
    resolved = resolve_time(text, PUBLISHED, anchor)
    assert resolved is not None and (resolved.start, resolved.end) == (start, end)


def test_that_night_without_anchor_cannot_be_dated() -> None:
    assert resolve_time("that night", PUBLISHED) == TimeRef("that night", None, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the week before", True),
        ("a year earlier", True),
        ("the previous month", True),
        ("that day", True),
        ("in the same period last year", True),
        ("last week", False),
        ("on Tuesday", False),
        ("the year to November", False),
    ],
)
def test_leans_on_anchor(text: str, expected: bool) -> None:
    assert leans_on_anchor(text) is expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("over the coming three-month quarter ending in March", "2023-01-01", "2023-03-31"),
        ("the 12 months to September", "2021-10-01", "2022-09-30"),
        ("the quarter ending in June", "2022-04-01", "2022-06-30"),
    ],
)
def test_windows_ending_with_a_month(text: str, start: str, end: str) -> None:
    resolved = resolve_time(text, PUBLISHED)
    assert resolved is not None and (resolved.start, resolved.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("that night", "day"),
        ("the same day", "day"),
        ("in that period", "period"),
        ("in the same period last year", "period"),
        ("the week before", "report"),
        ("on Tuesday", None),
    ],
)
def test_anchor_kind(text: str, kind: str | None) -> None:
    assert anchor_kind(text) == kind


def test_a_hyphenated_quarter() -> None:
    resolved = resolve_time("third-quarter", PUBLISHED)
    assert resolved is not None and (resolved.start, resolved.end) == ("2022-07-01", "2022-09-30")


def test_a_possessive_time_reads_as_the_time() -> None:
    assert leans_on_anchor("that day's")
    resolved = resolve_time("last year's", PUBLISHED)
    assert resolved is not None and (resolved.start, resolved.end) == ("2021-01-01", "2021-12-31")
