"""Time expressions as written ("on Wednesday", "since February 24", "last week") → a dated TimeRef.

Dates are resolved against the article's publication date, never today's: without one, only
expressions that name their year resolve. Calendar words that need the publication date's calendar
(weekdays, "this/last week", "the past 24 hours", "overnight") are computed here; everything else is
read by dateparser (English only, preferring past dates), keeping the period it reports.

Choices:
- "on Wednesday" is the last Wednesday on or before publication; "last Wednesday" is strictly before.
- "the weekend" is the last Saturday on or before publication and the Sunday after it (up to publication).
- "overnight" is the night before publication: publication day - 1 .. publication day, granularity "day".
- "last week/month/year" is the previous calendar week (Monday..Sunday), month or year;
  "the past N hours/days/weeks/months/years" is the rolling window ending on publication day
  (hours round up to whole days).
- A month or year that contains the publication day ends on it ("in December" in a December 22 article,
  "this year"): claims report what has happened.
- "since X" runs from the start of X to publication; "by X" / "as of X" / "until X" has no start and
  ends at the end of X.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from extractor.normalize.numbers import parse_number
from extractor.records import TimeRef

_Span = tuple[str | None, str | None, str | None]  # start, end, granularity

_WEEKDAYS = [name.lower() for name in calendar.day_name]
_MONTHS = [name.lower() for name in calendar.month_name[1:]] + [a.lower() for a in calendar.month_abbr[1:]]
_TIME_WORD = re.compile(
    r"\b(?:"
    + "|".join(_WEEKDAYS + _MONTHS)
    + r"|today|tonight|yesterday|overnight|weekend|week|weeks|month|months|year|years|day|days|hour|hours"
    r"|night|morning|afternoon|evening|decade|ago|(?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NOT_TIME = re.compile(r"[%$£€¥₴]|\d\.\d")
_SINCE = ("since", "from")
_UNTIL = ("by", "until", "till", "through", "as of", "up to", "up until")
_FILLER = (
    "on",
    "in",
    "during",
    "at",
    "over",
    "for",
    "within",
    "throughout",
    "across",
    "of",
    "the",
    "earlier",
    "so far",
    "late on",
    "early on",
)
_PART_OF_DAY = re.compile(r"\s+(?:night|morning|afternoon|evening|overnight)$")
_TODAY = ("today", "tonight", "this morning", "this afternoon", "this evening", "this night")
_ROLLING = re.compile(
    r"^(?:past|last|previous)\s+(?:(?P<count>[\w-]+(?:\s+[\w-]+)?)\s+)?(?P<unit>hour|day|week|month|year)s?$"
)
_PART_OF_MONTH = re.compile(r"^(?:early|mid|late|the (?:start|beginning|middle|end) of)[\s-]+")


def resolve_time(text: str, published: str | None) -> TimeRef | None:
    """The dated span of a time expression; TimeRef(text, None, None, None) when it cannot be dated
    without a publication date; None when the text is not a time expression."""
    key = " ".join(text.lower().replace("\u2019", "'").split()).strip(" ,.;:")
    span = _resolve(key, _publication_day(published))
    return None if span is None else TimeRef(text, *span)  # type: ignore[arg-type]


_RATES = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "annually": "year",
    "yearly": "year",
    "per annum": "year",
    "a night": "day",
    "every night": "day",
    "every 24 hours": "day",
}
_RATE = re.compile(
    r"\b(?:each|every|per|a|an)\s+(day|week|month|year)\b(?!\s+(?:earlier|later|after|before|ago))"
)


def rate_of(text: str) -> str | None:
    """The period of a rate ("a month", "per day", "weekly") → day/week/month/year; None for no rate."""
    low = " ".join(text.lower().split())
    for phrase, period in _RATES.items():
        if re.search(rf"\b{phrase}\b", low):
            return period
    match = _RATE.search(low)
    return match.group(1) if match else None


def _publication_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _resolve(key: str, published: date | None) -> _Span | None:
    if _NOT_TIME.search(key) or not (_TIME_WORD.search(key) or key.startswith("since ")):
        return None
    mode, key = _strip_mode(key)
    day = _day_span(key, published)
    if day is None:
        day = _calendar_span(key, published) or _dateparser_span(key, published)
    if day is None:
        if mode == "since":  # "since the start of the war": it ends now, we cannot say when it began
            return None, published.isoformat() if published else None, None
        # A year-like number alone ("2000 troops") that dateparser could not read is no time expression.
        return (None, None, None) if _TIME_WORD.search(_YEAR.sub("", key)) else None
    start, end, granularity = day
    if mode == "since":
        return start, published.isoformat() if published else None, granularity
    if mode == "until":
        return None, end, granularity
    return day


def _strip_mode(key: str) -> tuple[str, str]:
    mode = "at"
    changed = True
    while changed:
        changed = False
        for words, new_mode in [(_SINCE, "since"), (_UNTIL, "until"), (_FILLER, None)]:
            for word in words:
                if key.startswith(word + " "):
                    key, mode, changed = key[len(word) + 1 :], new_mode or mode, True
    return mode, key


def _day_span(key: str, published: date | None) -> _Span | None:
    """Expressions that name one day relative to publication: today, yesterday, overnight, weekdays."""
    if key in ("last night", "yesterday night"):
        key = "yesterday"
    if key not in ("last night",) and key not in _TODAY:
        key = _PART_OF_DAY.sub("", key)  # "wednesday night" is Wednesday
    if key in ("weekend", "last weekend", "this weekend", "this past weekend"):
        if published is None:
            return None, None, None
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return _days(saturday, min(saturday + timedelta(days=1), published))
    strict = key.startswith(("last ", "this past ", "past "))
    weekday = key.split()[-1] if key.split() else ""
    if (
        key in _TODAY
        or key == "overnight"
        or key == "yesterday"
        or weekday in _WEEKDAYS
        and len(key.split()) <= 3
    ):
        if published is None:
            return None, None, None
        if key in _TODAY:
            return _days(published, published)
        if key == "overnight":
            return _days(published - timedelta(days=1), published)
        if key == "yesterday":
            return _days(published - timedelta(days=1), published - timedelta(days=1))
        back = (published.weekday() - _WEEKDAYS.index(weekday)) % 7 or (7 if strict else 0)
        return _days(published - timedelta(days=back), published - timedelta(days=back))
    return None


def _calendar_span(key: str, published: date | None) -> _Span | None:
    """This/last week, month, year and rolling windows ("the past 24 hours")."""
    match = re.fullmatch(r"(this|last|previous) (week|month|year)", key)
    rolling = _ROLLING.fullmatch(key)
    if not match and not (rolling and (rolling["count"] or key.startswith("past"))):
        return None
    if published is None:
        return None, None, None
    if match:
        which, unit = match.groups()
        start, end = _unit_span(published, unit)
        if which != "this":
            start, end = _unit_span(start - timedelta(days=1), unit)
        return start.isoformat(), min(end, published).isoformat(), unit
    assert rolling is not None
    count = parse_number(rolling["count"]) if rolling["count"] else 1
    if count is None:
        return None
    unit = rolling["unit"]
    if unit in ("hour", "day"):
        start = published - timedelta(days=math.ceil(count / 24) if unit == "hour" else int(count))
    elif unit == "week":
        start = published - timedelta(weeks=int(count))
    else:
        months = int(count) * (12 if unit == "year" else 1)
        start = _add_months(published, -months)
    return start.isoformat(), published.isoformat(), "day" if unit == "hour" else unit


def _dateparser_span(key: str, published: date | None) -> _Span | None:
    key = _PART_OF_MONTH.sub("", key)
    year = _YEAR.search(key)
    if published is None and not year:
        return None
    base = published or date(int(year.group()), 12, 31)  # type: ignore[union-attr]
    data = _parser(base).get_date_data(key)
    if data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "week", "month", "year") else "day"
    if period == "week" and key.endswith(" ago"):
        period = "day"  # "a week ago" is the day seven days back
    start, end = _unit_span(data.date_obj.date(), period)
    if published is not None and start <= published <= end:
        end = published
    return start.isoformat(), end.isoformat(), period


@lru_cache(maxsize=64)
def _parser(base: date) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime(base.year, base.month, base.day)}
    return DateDataParser(languages=["en"], settings=settings)


def _unit_span(day: date, unit: str) -> tuple[date, date]:
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _days(start: date, end: date) -> _Span:
    return start.isoformat(), end.isoformat(), "day"
