"""`extractor figures` behind its options: trouble as one line and exit status 1."""

from __future__ import annotations

from collections.abc import Sequence

import click

from extractor.figures.group import FiguresError, Filters, Grouping
from extractor.figures.page import write_page
from extractor.figures.render import write_csv, write_json


def run_figures(
    paths: Sequence[str],
    *,
    output: str,
    fmt: str,
    filters: Filters,
    margin: float,
    window_days: int,
    top: int | None,
    charts: int,
) -> int:
    """Group the claims of `paths`, write them as `fmt` to `output` (``-``: standard output) and return
    the number of quantities written. Trouble raises click.ClickException."""
    try:
        with Grouping(paths, filters=filters, margin=margin, window_days=window_days, top=top) as grouping:
            with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
                if fmt == "json":
                    options = {"filters": filters, "margin": margin, "window_days": window_days}
                    return write_json(grouping.groups(), out, summary=grouping.summary, **options)
                if fmt == "csv":
                    return write_csv(grouping.groups(), out)
                return write_page(grouping.groups(), out, filters=filters, charts=charts, inputs=paths)
    except FiguresError as error:
        raise click.ClickException(str(error)) from None
