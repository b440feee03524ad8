"""What a fact-checker looks for in one quantity's figures.

- ``disagreement``: two sources give figures for the same quantity over times that overlap, and the
  figures are further apart than the margin: the gap between their bounds over the larger figure
  ("fewer than 6,000" and 100,400 are 94% apart). Each figure is compared with the latest figure of
  each of the last `RECENT_SOURCES` other sources up to its day, so the work grows with the figures,
  not their square.
- ``total_down``: a source's running total goes down: a later figure of the same source, covering at
  least the same time, whose upper bound is below the lower bound of the highest figure it gave before.
  Moves ("rose by 30") and rates ("a day") are not totals and are not checked.

A figure's time is the span from ``start`` to ``as_of``; a total "as of" a day (no time expression of
its own, ``start`` null) spans the `window` days up to it, so totals given weeks apart are not compared
as if they were about the same days, while figures a day or two apart are. Two figures are compared
only when they count over like lengths of time: two totals as of their days; a total and a figure
counted over `LONG_PERIOD_DAYS` or more ("since February 24"); two periods at most twice as long as one
another ("in November" and "in October", not "in the past day" and "since February 24").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.figures.group import Figure

DEFAULT_MARGIN = 0.2
DEFAULT_WINDOW_DAYS = 7
LONG_PERIOD_DAYS = 28  # a count over this many days or more ranks with totals as of a day
LIKE_PERIODS = 2.0  # two periods count alike when the longer is at most this many times the shorter
# A figure is compared with the latest figure of each of the sources heard from most recently, this
# many: in a quantity of thousands of sources the work stays linear, and older figures are stale anyway.
RECENT_SOURCES = 25


@dataclass(frozen=True)
class Flag:
    kind: str  # "disagreement" or "total_down"
    claim_ids: tuple[str, str]  # the earlier figure, then the later one
    who: tuple[str, str]
    texts: tuple[str, str]
    as_of: tuple[str | None, str | None]
    apart: float  # the gap between the figures over the larger one (0.94: 94% apart)
    pairs: int = 1  # pairs of figures of these two sources (of this one, for a total) flagged alike

    @property
    def message(self) -> str:
        first, second = (
            f"{text} ({as_of or 'undated'})" for text, as_of in zip(self.texts, self.as_of, strict=True)
        )
        more = f" (and {self.pairs - 1} more like it)" if self.pairs > 1 else ""
        if self.kind == "total_down":
            return f"{self.who[0]}'s total goes down: {first}, then {second}{more}"
        return f"{self.who[0]} gives {first}, {self.who[1]} gives {second}: {self.apart:.0%} apart{more}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "claim_ids": list(self.claim_ids),
            "who": list(self.who),
            "texts": list(self.texts),
            "as_of": list(self.as_of),
            "apart": round(self.apart, 4),
            "pairs": self.pairs,
            "message": self.message,
        }


def bounds(figure: Figure) -> tuple[float, float]:
    """The figure as an interval: an exact or approximate figure is a point, "fewer than" is open below
    and "more than" open above."""
    if figure.qualifier in ("exact", "approximately") and figure.value is not None:
        return float(figure.value), float(figure.value)
    low = -math.inf if figure.lower is None else float(figure.lower)
    high = math.inf if figure.upper is None else float(figure.upper)
    return low, high


@dataclass(frozen=True, slots=True)
class _Span:
    """A figure with its days (ordinals) and bounds worked out once: flags compare many pairs."""

    figure: Figure
    first: float  # the first day it covers; -inf when it has no day at all
    last: float  # the day it refers to; +inf when it has no day at all
    low: float
    high: float
    days: float | None  # the length of the period it counts over; None for a total as of its day


def _span(figure: Figure, window_days: int) -> _Span:
    low, high = bounds(figure)
    end = _day(figure.as_of)
    if end is None:
        return _Span(figure, -math.inf, math.inf, low, high, None)
    last = end.toordinal()
    start = _day(figure.start)
    if start is None:
        return _Span(figure, last - window_days, last, low, high, None)
    return _Span(figure, start.toordinal(), last, low, high, last - start.toordinal() + 1)


def _alike(a: _Span, b: _Span) -> bool:
    """Whether two figures count over like lengths of time (see the module's notes)."""
    if a.days is None or b.days is None:
        return (a.days or LONG_PERIOD_DAYS) >= LONG_PERIOD_DAYS and (
            b.days or LONG_PERIOD_DAYS
        ) >= LONG_PERIOD_DAYS
    return max(a.days, b.days) <= LIKE_PERIODS * min(a.days, b.days)


@lru_cache(maxsize=100_000)  # the same few thousand days come back in every group
def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _apart(a: _Span, b: _Span) -> float:
    if a.high < b.low:
        gap, scale = b.low - a.high, abs(b.low)
    elif b.high < a.low:
        gap, scale = a.low - b.high, abs(a.low)
    else:
        return 0.0
    if math.isinf(gap) or scale == 0:
        return 0.0
    return gap / scale


def apart(a: Figure, b: Figure) -> float:
    """How far apart two figures are: the gap between their intervals over the larger bound at the gap
    (0 when they overlap)."""
    return _apart(_span(a, 0), _span(b, 0))


def times_overlap(a: Figure, b: Figure, window_days: int = DEFAULT_WINDOW_DAYS) -> bool:
    """Whether the spans of time two figures cover share a day (a figure with no day at all may be
    about any time) and are of like lengths, so that their figures may be compared."""
    first, second = _span(a, window_days), _span(b, window_days)
    return first.first <= second.last and second.first <= first.last and _alike(first, second)


def find_flags(
    figures: Sequence[Figure],
    *,
    margin: float = DEFAULT_MARGIN,
    window_days: int = DEFAULT_WINDOW_DAYS,
    totals: bool = True,
) -> list[Flag]:
    """The flags of one quantity's figures, given ordered by `as_of`: one per pair of sources that
    disagree, one per source whose total goes down, each showing the latest such pair of figures.
    `totals`: whether the figures can be running totals (not moves, not rates)."""
    found: dict[tuple[str, str, str], list[Any]] = {}  # (kind, who, who) → [first, second, apart, pairs]
    recent: dict[str, _Span] = {}  # each source's latest figure, the source heard from last at the end
    highest: dict[str, _Span] = {}  # each source's highest figure so far (by its lower bound)
    for figure in figures:
        span = _span(figure, window_days)
        who = figure.who
        for earlier in islice(reversed(recent.values()), RECENT_SOURCES):
            if earlier.first > span.last or span.first > earlier.last or earlier.figure.who == who:
                continue
            if not _alike(earlier, span):
                continue
            distance = _apart(earlier, span)
            if distance > margin:
                _found(found, "disagreement", earlier.figure, figure, distance)
        top = highest.get(who)
        if totals and top is not None and span.high < top.low and top.last < span.last:
            if _covers(figure, top.figure):
                _found(found, "total_down", top.figure, figure, _apart(top, span))
        recent.pop(who, None)
        recent[who] = span
        if top is None or span.low > top.low:
            highest[who] = span
    flags = [
        Flag(
            kind=kind,
            claim_ids=(first.claim_id, second.claim_id),
            who=(first.who, second.who),
            texts=(first.text, second.text),
            as_of=(first.as_of, second.as_of),
            apart=distance,
            pairs=pairs,
        )
        for (kind, _, _), (first, second, distance, pairs) in found.items()
    ]
    # a falling total first, then the sources furthest apart
    return sorted(flags, key=lambda flag: (flag.kind != "total_down", -flag.apart))


def _covers(later: Figure, earlier: Figure) -> bool:
    """Whether the later figure covers at least the time of the earlier one (both count from the same
    start, or the later from earlier still): only then may a running total not go down."""
    if later.start is None:
        return True
    return earlier.start is not None and later.start <= earlier.start


def _found(
    found: dict[tuple[str, str, str], list[Any]], kind: str, first: Figure, second: Figure, distance: float
) -> None:
    """Note a flag for this pair of sources (or this source), keeping the latest pair of figures."""
    signature = (kind, first.who, second.who) if first.who <= second.who else (kind, second.who, first.who)
    seen = found.get(signature)
    if seen is None:
        found[signature] = [first, second, distance, 1]
    else:
        seen[:] = [first, second, distance, seen[3] + 1]
