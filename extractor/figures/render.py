"""The groups for other tools: one JSON document (schema ``extractor.figures/1``, in
`extractor/figures/figures-1.schema.json`) or CSV with one row per figure. Both are written a group at a
time, so a million records never sit in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import IO, Any

from extractor.figures.group import Figure, Filters, QuantityGroup, Summary, number

SCHEMA_ID = "extractor.figures/1"
CSV_QUANTITY_COLUMNS = ("quantity", "rank", "label")
CSV_FIGURE_COLUMNS = Figure._fields
CSV_COLUMNS = (*CSV_QUANTITY_COLUMNS, *CSV_FIGURE_COLUMNS, "flags")
_NUMBERS = [CSV_COLUMNS.index(name) for name in ("value", "lower", "upper")]


@cache
def figures_schema() -> dict[str, Any]:
    """The JSON Schema of `--format json` (`extractor/figures/figures-1.schema.json`)."""
    text = resources.files("extractor.figures").joinpath("figures-1.schema.json").read_text("utf-8")
    return json.loads(text)


def write_json(
    groups: Iterable[QuantityGroup],
    out: IO[str],
    *,
    summary: Summary,
    filters: Filters,
    margin: float,
    window_days: int,
) -> int:
    """The JSON document; returns the number of quantities written."""
    head = {
        "schema": SCHEMA_ID,
        "filters": filters.to_dict(),
        "margin": margin,
        "window_days": window_days,
        "claims": summary.claims,
        "quantities": summary.quantities,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "groups": [')
    count = 0
    for group in groups:
        out.write(("," if count else "") + "\n" + json.dumps(group.to_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_csv(groups: Iterable[QuantityGroup], out: IO[str]) -> int:
    """One row per figure, its quantity first; `flags` names the kinds of flag the figure is part of."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for group in groups:
        flagged: dict[str, set[str]] = {}
        for flag in group.flags:
            for claim_id in flag.claim_ids:
                flagged.setdefault(claim_id, set()).add(flag.kind)
        for figure in group.figures:
            row: list[Any] = [group.key, group.rank, group.quantity.label]
            row += map(_cell, figure)
            for index in _NUMBERS:  # 100400, as the records write it, not 100400.0
                row[index] = _cell(number(figure[index - len(CSV_QUANTITY_COLUMNS)]))
            row.append(" ".join(sorted(flagged.get(figure.claim_id, ()))))
            writer.writerow(row)
        count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
