"""How often a figure recurs: a rate phrase as written ("a month", "per day", "weekly") → the period of
the record's `rate_per`."""

from __future__ import annotations

import re

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
