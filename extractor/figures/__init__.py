"""Who said what, when: claim records grouped by the quantity they measure, across articles, sources
and days (`extractor figures`, docs/figures.md).

- `quantity_key(record)`: the key claims that measure the same thing share (`key.py`);
- `Grouping(paths)` / `group_files(paths)`: the groups, through DuckDB (`group.py`);
- flags: sources that disagree, totals that go down (`flags.py`);
- the page, its charts, and the JSON and CSV forms (`page.py`, `charts.py`, `render.py`).
"""

from extractor.figures.flags import Flag, find_flags
from extractor.figures.group import Figure, FiguresError, Filters, Grouping, QuantityGroup, group_files
from extractor.figures.key import Quantity, quantity_key, quantity_of

__all__ = [
    "Figure",
    "FiguresError",
    "Filters",
    "Flag",
    "Grouping",
    "Quantity",
    "QuantityGroup",
    "find_flags",
    "group_files",
    "quantity_key",
    "quantity_of",
]
