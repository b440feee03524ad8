"""One chart per quantity: its figures over the days they refer to, coloured by who gives them.

The chart is a Vega-Lite spec built with Altair (data, marks, encodings), drawn to SVG by vl-convert
on this machine: no browser, no network, nothing for the page to fetch. An exact or approximate figure
is a point; a range or a bound is a bar between its bounds, a bound open at one end reaching the
chart's edge ("fewer than 6,000" from the bottom, "more than 100,000" to the top).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from extractor.figures.flags import bounds

if TYPE_CHECKING:
    from extractor.figures.group import QuantityGroup

WIDTH = 560
HEIGHT = 180
POINT_QUALIFIERS = ("exact", "approximately")
LEGEND_SOURCES = 12  # past this many sources the legend would outgrow the chart: the table names them
_SVG_ID = re.compile(r'\bid="([^"]+)"')


def chart_rows(group: QuantityGroup) -> list[dict[str, Any]]:
    """The chart's data: one row per dated figure, with the bounds its bar spans."""
    finite = [b for figure in group.figures for b in bounds(figure) if math.isfinite(b)]
    if not finite:
        return []
    top = max(finite) * 1.1 if max(finite) > 0 else 0.0
    floor = min(0.0, min(finite) * 1.1)
    rows = []
    for figure in group.figures:
        if not figure.as_of:
            continue
        low, high = bounds(figure)
        rows.append(
            {
                "day": figure.as_of,
                "who": figure.who,
                "figure": figure.text,
                "mark": "point" if figure.qualifier in POINT_QUALIFIERS else "bar",
                "value": low if figure.qualifier in POINT_QUALIFIERS else None,
                "low": floor if math.isinf(low) else low,
                "high": top if math.isinf(high) else high,
            }
        )
    return rows


def chart_spec(group: QuantityGroup) -> dict[str, Any] | None:
    """The Vega-Lite spec of a quantity's chart (None when no figure has a day)."""
    import altair as alt

    rows = chart_rows(group)
    if not rows:
        return None
    sources = [who for who, _ in group.sources()]
    legend = (
        alt.Legend(title="source", orient="right", labelLimit=180) if len(sources) <= LEGEND_SOURCES else None
    )
    color = alt.Color("who:N", scale=alt.Scale(domain=sources), legend=legend)
    day = alt.X("day:T", title="the day the figure refers to", axis=alt.Axis(format="%d %b %Y", labelAngle=0))
    base = alt.Chart(alt.Data(values=rows))
    y_title = group.quantity.unit or "count"
    points = (
        base.mark_point(filled=True, size=70, opacity=0.9)
        .encode(x=day, y=alt.Y("value:Q", title=y_title), color=color)
        .transform_filter(alt.datum.mark == "point")
    )
    bars = (
        base.mark_rule(strokeWidth=6, opacity=0.6)
        .encode(x=day, y=alt.Y("low:Q", title=y_title), y2="high:Q", color=color)
        .transform_filter(alt.datum.mark == "bar")
    )
    chart = alt.layer(bars, points).properties(width=WIDTH, height=HEIGHT)
    return chart.to_dict()


def chart_svg(spec: dict[str, Any], prefix: str) -> str:
    """The spec drawn to SVG; its element ids get `prefix` so that many charts can share one page."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    ids = set(_SVG_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}{name}"').replace(f"#{name})", f"#{prefix}{name})")
    return svg


def charts_available() -> bool:
    try:
        import altair  # noqa: F401
        import vl_convert  # noqa: F401
    except ImportError:
        return False
    return True
