"""What a fact-checker looks for in one quantity's figures.

- ``disagreement``: two sources give figures for the same quantity over times that overlap, and the
  figures are further apart than the margin: the gap between their bounds over the larger figure
  ("fewer than 6,000" and 100,400 are 94% apart). Each figure is compared with the latest figure of
  every other source up to its day, so the work grows with figures times sources, not figures squared.
- ``total_down``: a source's running total goes down: a later figure of the same source, covering at
  least the same time, whose upper bound is below the lower bound of the highest figure it gave before.
  Moves ("rose by 30") and rates ("a day") are not totals and are not checked.

A figure's time is the span from ``start`` to ``as_of``; a total "as of" a day (no time expression of
its own, ``start`` null) spans the `window` days up to it, so totals given weeks apart are not compared
as if they were about the same days, while figures a day or two apart are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.figures.group import Figure

DEFAULT_MARGIN = 0.2
DEFAULT_WINDOW_DAYS = 7


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


def apart(a: Figure, b: Figure) -> float:
    """How far apart two figures are: the gap between their intervals over the larger bound at the gap
    (0 when they overlap)."""
    a_low, a_high = bounds(a)
    b_low, b_high = bounds(b)
    if a_high < b_low:
        gap, scale = b_low - a_high, abs(b_low)
    elif b_high < a_low:
        gap, scale = a_low - b_high, abs(a_low)
    else:
        return 0.0
    if math.isinf(gap) or scale == 0:
        return 0.0
    return gap / scale


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def times_overlap(a: Figure, b: Figure, window_days: int = DEFAULT_WINDOW_DAYS) -> bool:
    """Whether the spans of time two figures cover share a day (a figure with no day at all may be
    about any time)."""
    a_end, b_end = _day(a.as_of or ""), _day(b.as_of or "")
    if a_end is None or b_end is None:
        return True
    window = timedelta(days=window_days)
    a_start = _day(a.start) if a.start else a_end - window
    b_start = _day(b.start) if b.start else b_end - window
    return (a_start or a_end) <= b_end and (b_start or b_end) <= a_end


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
    flags: dict[tuple[str, ...], Flag] = {}
    latest: dict[str, Figure] = {}  # each source's latest figure so far
    highest: dict[str, Figure] = {}  # each source's highest figure so far (by its lower bound)
    for figure in figures:
        for who, earlier in latest.items():
            if who == figure.who or not times_overlap(earlier, figure, window_days):
                continue
            distance = apart(earlier, figure)
            if distance > margin:
                _add(flags, "disagreement", earlier, figure, distance)
        top = highest.get(figure.who)
        if totals and top is not None and _covers(figure, top):
            if bounds(figure)[1] < bounds(top)[0] and (top.as_of or "") < (figure.as_of or ""):
                _add(flags, "total_down", top, figure, apart(top, figure))
        latest[figure.who] = figure
        if top is None or bounds(figure)[0] > bounds(top)[0]:
            highest[figure.who] = figure
    # a falling total first, then the sources furthest apart
    return sorted(flags.values(), key=lambda flag: (flag.kind != "total_down", -flag.apart))


def _covers(later: Figure, earlier: Figure) -> bool:
    """Whether the later figure covers at least the time of the earlier one (both count from the same
    start, or the later from earlier still): only then may a running total not go down."""
    if later.start is None:
        return True
    return earlier.start is not None and later.start <= earlier.start


def _add(
    flags: dict[tuple[str, ...], Flag], kind: str, first: Figure, second: Figure, distance: float
) -> None:
    """Record a flag for this pair of sources (or this source), keeping the latest pair of figures."""
    signature = (kind, *sorted({first.who, second.who}))
    earlier = flags.get(signature)
    flags[signature] = Flag(
        kind=kind,
        claim_ids=(first.claim_id, second.claim_id),
        who=(first.who, second.who),
        texts=(first.text, second.text),
        as_of=(first.as_of, second.as_of),
        apart=distance,
        pairs=earlier.pairs + 1 if earlier else 1,
    )
