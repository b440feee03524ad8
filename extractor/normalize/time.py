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
- "X to Y", "between X and Y", "January-March" run from the start of X to the end of Y; "the year to
  November" / "the three months to June" end with the named month.
- "the third quarter" is the latest such quarter that began by publication; "the end of January" is
  January 31, "the start of 2023" January 1; "April 15 last year" is that day of the year before.
- Expressions that lean on another time ("the week before", "a year earlier", "the previous month",
  "that night", "the same period last year") are resolved against an anchor: the time of the report
  they continue when the caller knows it, else the publication day.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from dateparser.date import DateDataParser

from extractor.normalize.numbers import parse_number
from extractor.records import TimeRef

_Span = tuple[str | None, str | None, str | None]  # start, end, granularity
_WORDS = json.loads((Path(__file__).parent / "time_words.json").read_text(encoding="utf-8"))
_QUARTERS: dict[str, int] = _WORDS["quarters"]

_WEEKDAYS = [name.lower() for name in calendar.day_name]
_MONTHS = [name.lower() for name in calendar.month_name[1:]] + [a.lower() for a in calendar.month_abbr[1:]]
_TIME_WORD = re.compile(
    r"\b(?:"
    + "|".join(_WEEKDAYS + _MONTHS)
    + r"|today|tonight|yesterday|overnight|weekend|week|weeks|month|months|year|years|day|days|hour|hours"
    r"|night|morning|afternoon|evening|decade|ago|quarter|period|q[1-4]|(?:19|20)\d\d)\b"
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
_PART_OF_MONTH = re.compile(r"^(?:early|mid|late|(?:the )?(?:start|beginning|middle|end) of)[\s-]+")
_UNIT = r"(?P<unit>day|night|week|month|quarter|year)s?"
_ANCHORED_SHIFT = (
    re.compile(rf"^(?:(?:the|a|one|(?P<count>[\w-]+)) )?{_UNIT} (?:{'|'.join(_WORDS['anchored_before'])})$"),
    re.compile(rf"^(?:the )?(?:{'|'.join(_WORDS['anchored_previous'])}) {_UNIT}$"),
)
_ANCHORED_SAME = re.compile(
    # "the quarter" (its "the" stripped) after "the second quarter" named it, as "that quarter" does
    rf"^(?:(?:{'|'.join(_WORDS['anaphora'])}) |(?=(?:{'|'.join(_WORDS['definite_anaphora'])})$))"
    r"(?P<noun>day|night|morning|afternoon|evening|week|month|quarter"
    r"|year|period|time)(?P<back> (?:last|a) year| a year (?:earlier|before))?$"
)
_SEPARATORS = [w for w in _WORDS["range_separators"] if w.isalpha()]
_RANGE = re.compile(
    rf"^(?:between )?(?P<a>.+?)(?:\s+(?:{'|'.join(_SEPARATORS)})\s+|\s*[-–—]\s*)(?P<b>.+?)"
    rf"(?:\s+(?:{'|'.join(_WORDS['period_nouns'])}))?$"
)
_WINDOW = re.compile(
    r"^(?:the )?(?:(?P<rel>next|coming|current|latest|last|previous) )?(?:(?P<count>[\w]+) )?"
    r"(?:\w+-(?:month|week) )?(?P<unit>year|months?|quarter|weeks?)"
    r" (?:to|ending|ended|through)(?: in)? (?P<last>.+)$"
)
_QUARTER = re.compile(
    r"^(?:(?P<rel>last|this|next) year'?s? )?(?:(?P<y1>(?:19|20)\d\d) )?(?:the )?"
    rf"(?P<q>{'|'.join(_QUARTERS)})[ -]quarter"
    r"(?: of (?:(?P<y2>(?:19|20)\d\d)|(?P<rel2>last|this|next) year))?$"
    r"|^(?P<q3>q[1-4]) (?P<y3>(?:19|20)\d\d)$|^(?P<y4>(?:19|20)\d\d) (?P<q4>q[1-4])$"
)
_EDGE = re.compile(r"^(?:the )?(?P<edge>end|close|start|beginning) of (?:the )?(?P<rest>.+)$")
_YEAR_SHIFT = re.compile(rf"^(?P<rest>.+?),? (?P<shift>{'|'.join(_WORDS['year_shifts'])})$")


def resolve_time(text: str, published: str | None, anchor: TimeRef | None = None) -> TimeRef | None:
    """The dated span of a time expression; TimeRef(text, None, None, None) when it cannot be dated
    without a publication date; None when the text is not a time expression. `anchor` is the time of
    the report the expression continues ("the week before", "that night" lean on it)."""
    key = _key(text)
    pivot = None if anchor is None else (anchor.start, anchor.end, anchor.granularity)
    span = _resolve(key, _publication_day(published), pivot)
    if span is None:
        return None
    start, end, granularity = span
    # The record contract knows day, week, month and year: a quarter is reported as its three months.
    return TimeRef(text, start, end, "month" if granularity == "quarter" else granularity)  # type: ignore[arg-type]


def _key(text: str) -> str:
    """Lower case, one space between words, no surrounding punctuation, no possessive ("that day's"),
    and the newsroom's four-letter "Sept." read as "Sep." ("on Sept. 14")."""
    key = " ".join(text.lower().replace("\u2019", "'").split()).strip(" ,.;:")
    key = _SEPT.sub("sep", key)
    key = _FOCUS.sub("", key)
    return key[:-2] if key.endswith("'s") else key


_SEPT = re.compile(r"\bsept(?=\.|\b)")
_FOCUS = re.compile(rf"\s+(?:{'|'.join(_WORDS['focus_words'])})$")


def names_a_date(text: str) -> bool:
    """Whether the expression, standing on its own, puts the figure somewhere in the calendar once a
    publication day is known: "in June", "last week", "since 2019", but not "in years" or "in their
    first year on the job", which leave the figure to the report it continues."""
    key = _key(text)
    if _strip_mode(key)[1].startswith(_PRESENT):
        return True  # "this monsoon season", "in the coming months": counted from the day of writing
    span = _resolve(key, _SOME_DAY)
    return span is not None and (span[0] is not None or span[1] is not None)


_PRESENT = tuple(f"{words} " for words in _WORDS["present_words"])
_SOME_DAY = date(2000, 6, 15)  # any publication day serves: the question is only whether one is used


def leans_on_anchor(text: str) -> bool:
    """Whether the expression is dated from another time ("the week before", "that night")."""
    _, key = _strip_mode(_key(text))
    return any(pattern.fullmatch(key) for pattern in (*_ANCHORED_SHIFT, _ANCHORED_SAME))


def anchor_kind(text: str) -> str | None:
    """What an expression that leans on another time leans on: "day" ("that night": the day named
    last), "period" ("the same period last year": the period reported on, such as a quarter), "report"
    ("the week before": the time of the report it continues); None when it stands on its own."""
    _, key = _strip_mode(_key(text))
    same = _ANCHORED_SAME.fullmatch(key)
    if same:
        return "day" if same["noun"] in ("day", "night", "morning", "afternoon", "evening") else "period"
    return "report" if leans_on_anchor(text) else None


def points_back(text: str) -> bool:
    """Whether the expression is the very time mentioned before ("that night", "the same day"), not
    a shift from it ("the week before", "the same period last year")."""
    _, key = _strip_mode(_key(text))
    same = _ANCHORED_SAME.fullmatch(key)
    return bool(same and not same["back"])


def _publication_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _resolve(key: str, published: date | None, anchor: _Span | None = None) -> _Span | None:
    if _NOT_TIME.search(key) or not (_TIME_WORD.search(key) or key.startswith("since ")):
        return None
    mode, key = _strip_mode(key)
    leaning = _anchored_span(key, published, anchor)
    if leaning is not None:
        return leaning
    span = _window_span(key, published) or _range_span(key, published)
    if span is not None:  # "from X to Y" is its own span whatever the preposition says
        return span
    day = _day_span(key, published)
    if day is None:
        day = _calendar_span(key, published) or _quarter_or_edge(key, published)
    if day is None:
        day = _dateparser_span(key, published)
    if day is None:
        if mode == "since":  # "since the invasion began": it ends now, we cannot say when it began
            return None, published.isoformat() if published else None, None
        # A year-like number alone ("2000 troops") that dateparser could not read is no time expression.
        return (None, None, None) if _TIME_WORD.search(_YEAR.sub("", key)) else None
    start, end, granularity = day
    if mode == "since":
        return start, published.isoformat() if published else None, granularity
    if mode == "until":
        return None, end, granularity
    return day


def _plain(key: str, published: date | None) -> _Span | None:
    """A time expression without preposition, resolved to a full span (start and end), or None."""
    span = _resolve(key, published)
    if span is None or span[0] is None or span[1] is None:
        return None
    return span


def _anchored_span(key: str, published: date | None, anchor: _Span | None) -> _Span | None:
    """ "the week before", "two days earlier", "the previous month", "that night", "the same period
    last year": a shift from the anchor (the time of the report it continues, else publication)."""
    shift = _ANCHORED_SHIFT[0].fullmatch(key) or _ANCHORED_SHIFT[1].fullmatch(key)
    same = _ANCHORED_SAME.fullmatch(key)
    if not shift and not same:
        return None
    pivot = None
    if anchor is not None:
        pivot = anchor[1] or anchor[0]
    if pivot is None and shift and published is not None:
        pivot = published.isoformat()
    if pivot is None:
        return None, None, None
    if same:
        if not same["back"]:
            return anchor if anchor is not None else (None, None, None)
        if anchor is not None and anchor[0] and anchor[1]:  # the anchor's whole span, a year back
            start, end = (_add_months(date.fromisoformat(d), -12) for d in anchor[:2])  # type: ignore[arg-type]
            return start.isoformat(), end.isoformat(), anchor[2]
        return _shifted(date.fromisoformat(pivot), "year", 1, anchor[2] if anchor else "day", keep=True)
    assert shift is not None
    unit = shift["unit"]
    count = parse_number(shift["count"]) if shift.groupdict().get("count") else 1
    if count is None:
        return None
    return _shifted(date.fromisoformat(pivot), unit, int(count), unit)


def _shifted(day: date, unit: str, count: int, granularity: str | None, keep: bool = False) -> _Span:
    """The period `count` units before `day`: as long as the unit ("the month before"), or as long as
    the anchor's own period when `keep` ("the same period last year")."""
    unit = "day" if unit == "night" else unit
    if unit in ("day", "week"):
        day -= timedelta(days=count * (7 if unit == "week" else 1))
    else:
        day = _add_months(day, -count * {"month": 1, "quarter": 3, "year": 12}[unit])
    period = unit if granularity in (None, "day") or unit in ("day", "week") else granularity
    if keep:
        period = granularity or "day"
    if period not in ("day", "week", "month", "quarter", "year"):
        period = unit
    start, end = _unit_span(day, period)
    return start.isoformat(), end.isoformat(), period


def _range_span(key: str, published: date | None) -> _Span | None:
    """ "october 12 to october 16", "between 2019 and 2021", "january-march", "late january to february 6"."""
    match = _RANGE.fullmatch(key)
    if not match:
        return None
    first, last = match["a"], match["b"]
    month = _MONTH_WORD.search(first)
    if month and _DAY_NUMBER.fullmatch(last):
        last = f"{month.group()} {last}"  # "july 7 to 13", "march 3-5": the month is written once
    year = _YEAR.search(last)
    if year and not _YEAR.search(first):
        first = f"{first} {year.group()}"  # "october-december 2021": the year is written once
    shift = _YEAR_SHIFT.fullmatch(last)
    if shift and not year and not _YEAR.search(first) and not _YEAR_SHIFT.fullmatch(first):
        first = f"{first} {shift['shift']}"  # "between march and october last year": so is its shift
    one, two = _plain(first, published), _plain(last, published)
    if one is None or two is None or one[0] > two[1]:  # type: ignore[operator]
        return None
    return one[0], two[1], one[2] if one[2] == two[2] else "day"


_MONTH_WORD = re.compile(rf"\b(?:{'|'.join(_MONTHS)})\b")
_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")


def _window_span(key: str, published: date | None) -> _Span | None:
    """ "the year to November", "the three months to June", "the next quarter ending in June"."""
    window = _WINDOW.fullmatch(key)
    if window:
        last = _plain(window["last"], published)
        if last is None:
            return None
        count = parse_number(window["count"]) if window["count"] else 1
        if count is None:
            return None
        unit = window["unit"].rstrip("s")
        end = date.fromisoformat(last[1])  # type: ignore[arg-type]
        if window["rel"] in ("next", "coming") and published is not None and end < published:
            end = _add_months(end.replace(day=1), 12)  # "the next quarter ending in June": ahead
            end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        if unit == "week":
            start = end - timedelta(weeks=int(count)) + timedelta(days=1)
        else:
            months = int(count) * {"month": 1, "quarter": 3, "year": 12}[unit]
            start = _add_months(end.replace(day=1), -months + 1)
        return start.isoformat(), end.isoformat(), "month"
    return None


def _quarter_or_edge(key: str, published: date | None) -> _Span | None:
    """Quarters, edges of a period ("the end of January"), dates of last year ("April 15 last year")."""
    quarter = _QUARTER.fullmatch(key)
    if quarter:
        return _quarter_span(quarter, published)
    edge = _EDGE.fullmatch(key)
    if edge:
        rest = edge["rest"]
        if rest in ("week", "month", "year") and published is not None:
            # "by the close of the year", "at the start of the month": the one the story is written in
            first, last = _unit_span(published, rest)
            day = (last if edge["edge"] in ("end", "close") else first).isoformat()
            return day, day, "day"
        inner = _plain(rest, published)
        if inner is None:
            return None
        day = inner[1] if edge["edge"] in ("end", "close") else inner[0]
        return day, day, "day"
    shifted = _YEAR_SHIFT.fullmatch(key)
    if shifted and published is not None and _TIME_WORD.search(shifted["rest"]):
        year = published.year + _WORDS["year_shifts"][shifted["shift"]]
        inner = _dateparser_span(shifted["rest"], date(year, 12, 31))
        if inner is None or date.fromisoformat(inner[0]).year != year:  # type: ignore[arg-type]
            return None
        return inner
    return None


def _quarter_span(match: re.Match, published: date | None) -> _Span | None:
    number = _QUARTERS[match["q"] or match["q3"] or match["q4"]]
    year_text = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    relative = match["rel"] or match["rel2"]
    if year_text:
        year = int(year_text)
    elif published is None:
        return None, None, None
    elif relative:
        year = published.year + {"last": -1, "this": 0, "next": 1}[relative]
    else:  # the latest such quarter that had begun by publication
        year = published.year if date(published.year, number * 3 - 2, 1) <= published else published.year - 1
    start, end = _unit_span(date(year, number * 3 - 2, 1), "quarter")
    if published is not None and start <= published <= end:
        end = published
    return start.isoformat(), end.isoformat(), "quarter"


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
    if unit == "quarter":
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return first, _add_months(first, 3) - timedelta(days=1)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _days(start: date, end: date) -> _Span:
    return start.isoformat(), end.isoformat(), "day"
