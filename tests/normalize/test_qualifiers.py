"""Qualifier phrases of qualifiers.tsv → qualifier and bounds (real table, no parse)."""

from __future__ import annotations

import pytest

from extractor.normalize.numbers import parse_quantity


@pytest.mark.parametrize(
    ("text", "qualifier", "lower", "upper"),
    [
        # an amount's ceiling is written like a count's: "as much as" beside "as many as"
        ("as much as 3.4 million", "at_most", None, 3_400_000),
        ("as many as 900", "at_most", None, 900),
    ],
)
def test_ceiling_phrases(text: str, qualifier: str, lower: float | None, upper: float | None) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.qualifier, quantity.lower, quantity.upper) == (qualifier, lower, upper)
