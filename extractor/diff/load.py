"""Reading claim records for a diff, compactly: a diff holds both files in memory at once.

Decoded line by line (as `extractor.records.read_jsonl` does), every record gets its own copy of
every key: 200,000 records took 1.4 GB. Decoding a thousand lines as one JSON array lets them share
their keys, and records of one article share one article object: less than half the memory, and
faster. A chunk that does not decode is decoded again line by line to name the bad line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from extractor.records import NESTED_TOO_DEEPLY, RecordError, shape_error

CHUNK_LINES = 1_000
SHARED_OBJECTS = ("article", "extractor")  # nested objects that repeat from record to record
_STRINGS = frozenset({str, type(None)})


def read_claims(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file of claims; blank lines are skipped. Raises OSError for a file
    that cannot be read and RecordError for a line that is not a JSON object or not a claim record."""
    shared: dict[tuple, dict[str, Any]] = {}
    with open(path, "rb") as lines:
        number = 0
        while chunk := list(islice(lines, CHUNK_LINES)):
            numbered = [(number + i, line) for i, line in enumerate(chunk, 1) if line.strip()]
            number += len(chunk)
            for (line_number, _), record in zip(numbered, _decode(str(path), numbered), strict=True):
                problem = shape_error(record)
                if problem:
                    raise RecordError(str(path), line_number, problem)
                yield _share(record, shared)


def _decode(path: str, numbered: list[tuple[int, bytes]]) -> list[dict[str, Any]]:
    try:
        records = json.loads(b"[" + b",".join(line for _, line in numbered) + b"]")
    except (ValueError, RecursionError):
        records = None
    # Joined with commas, lines that are not one JSON object each fail or change the count.
    if isinstance(records, list) and len(records) == len(numbered):
        if all(isinstance(record, dict) for record in records):
            return records
    return [_decode_line(path, number, line) for number, line in numbered]


def _decode_line(path: str, number: int, line: bytes) -> dict[str, Any]:
    """One line, with the errors `read_jsonl` gives."""
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise RecordError(path, number, f"not UTF-8 text: {error.reason}") from None
    except ValueError as error:
        raise RecordError(path, number, f"not JSON: {error}") from None
    except RecursionError:
        raise RecordError(path, number, NESTED_TOO_DEEPLY) from None
    if not isinstance(data, dict):
        raise RecordError(path, number, "not a JSON object")
    return data


def _share(record: dict[str, Any], shared: dict[tuple, dict[str, Any]]) -> dict[str, Any]:
    for name in SHARED_OBJECTS:
        nested = record.get(name)
        # Only objects of strings: 0 == False and 1 == 1.0 would make other objects look alike.
        if isinstance(nested, dict) and _STRINGS.issuperset(map(type, nested.values())):
            record[name] = shared.setdefault((name, *nested.items()), nested)
    return record
