"""Hand-written claim records for the figures tests: only the fields grouping reads are meaningful."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def claim(
    n: int, value: float | None, *, who: str | None, day: str, counted: str = "soldiers", **fields: Any
) -> dict[str, Any]:
    """A claim record as `extractor extract` writes it, with only the fields grouping reads filled in."""
    url = fields.pop("url", f"https://news.example/{day}/{n}")
    record = {
        "schema": "extractor.claim/1",
        "claim_id": f"c{n:04d}",
        "article": {
            "url": url,
            "title": f"Story {n}",
            "site": "News Example",
            "published": f"{day}T09:00:00",
        },
        "section": "body",
        "paragraph": 0,
        "sentence": f"Sentence {n}.",
        "text": f"{value:,}" if value is not None else "between 10 and 20",
        "span": {"start": 0, "end": 3},
        "value": value,
        "qualifier": "exact",
        "lower": value,
        "upper": value,
        "unit": None,
        "counted": counted,
        "category": "killed",
        "party": "Russia",
        "source": who and {"text": who, "name": who, "kind": "government", "cue": "said", "inherited": False},
        "time": None,
        "rate_per": None,
        "extractor": {"version": "0.1.0", "model": "test"},
        "kind": None,
        "direction": None,
    }
    record.update(fields)
    return record


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path
