"""Publication dates: metadata strings → ISO 8601, and the date written in a page's byline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache

from lxml.html import HtmlElement

from extractor.article.text import element_text


def iso_date(value: str) -> str | None:
    """A date string from metadata → ISO 8601 (a date stays a date), or None if it does not parse."""
    value = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):  # date.fromisoformat refuses a time
        try:
            return _plausible(parse(value))
        except ValueError:
            pass
    try:
        return _plausible(parsedate_to_datetime(value))  # RFC 2822, as in HTTP headers
    except (TypeError, ValueError, IndexError):
        pass
    written = _WRITTEN_DATE.search(value)  # "March 12, 2023", as some sites write it in meta tags
    return _parse_byline_date(written.group(0)) if written else None


def _plausible(moment: date) -> str | None:
    if not 1990 <= moment.year < 2100:
        return None
    return moment.isoformat(timespec="seconds") if isinstance(moment, datetime) else moment.isoformat()


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_AM_PM = r"(?i:[ap]\.?\s?m\.?)"
_CLOCK = rf"(?:,?\s*(?:at\s+)?\d{{1,2}}(?::\d{{2}}\s*{_AM_PM}?|\s*{_AM_PM})(?:\s+[A-Z]{{2,5}}\b)?)?"
# A written date (with its time of day, if any) inside a byline such as "By A. Writer | Published
# 12 March 2023" or "Updated: Dec. 22, 2022 5:01 p.m. ET". Only this part goes to dateparser.
_WRITTEN_DATE = re.compile(
    rf"(?i:{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    + _CLOCK
)
_BYLINE_HINT = re.compile(r"byline|dateline|date|time|publish|posted|meta|info", re.IGNORECASE)
_BYLINE_LABEL = re.compile(r"\b(published|posted|first published|updated|last updated|modified)\b", re.I)
_MAX_BYLINE_CHARS = 120
_MAX_BYLINE_CANDIDATES = 12


def byline_date(tree: HtmlElement) -> str | None:
    """The date written in the byline. Bylines are short elements whose class or id hints at a date or
    whose text starts with "Published"/"Updated"; a "Published" date beats an "Updated" one."""
    published, plain, updated = [], [], []
    for element in _byline_elements(tree):
        text = element_text(element)
        for segment in re.split(r"\s[|·•]\s|(?=\b(?:Published|Posted|Updated|Last updated)\b)", text):
            match = _WRITTEN_DATE.search(segment)
            if not match:
                continue
            label = _BYLINE_LABEL.search(segment[: match.start()])
            kind = label.group(1).lower() if label else ""
            bucket = updated if kind.endswith(("updated", "modified")) else published if kind else plain
            bucket.append(match.group(0))
    for written in published + plain + updated:
        iso = _parse_byline_date(written)
        if iso:
            return iso
    return None


def _byline_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    found = 0
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "nav", "footer"):
            continue
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        own_text = (element.text or "").lstrip()
        if not (_BYLINE_HINT.search(hint) or _BYLINE_LABEL.match(own_text)):
            continue
        if len(element.text_content()) > _MAX_BYLINE_CHARS * 2:  # cheap check before normalizing
            continue
        if len(element_text(element)) <= _MAX_BYLINE_CHARS:
            yield element
            found += 1
            if found == _MAX_BYLINE_CANDIDATES:
                return


@cache
def _date_parser():  # imported on first use: dateparser takes a quarter of a second to load
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PARSERS": ["absolute-time"],  # no "2 hours ago": the answer would depend on today
            "RETURN_TIME_AS_PERIOD": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def _parse_byline_date(text: str) -> str | None:
    """A short written date → ISO 8601: a datetime when it gives the time of day, else a date."""
    data = _date_parser().get_date_data(text)
    if data.date_obj is None:
        return None
    moment = data.date_obj if data.period == "time" else data.date_obj.date()
    return _plausible(moment)
