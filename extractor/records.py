"""Claim records: the types of the record contract, JSON Lines in and out, and the JSON Schema.

Every line the project writes is one `Claim` (schema ``extractor.claim/1``). The field names and
their order are the contract other tools rely on; `extractor/schema/claim-1.json` states it
formally and `validate` checks a record against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

SCHEMA_ID = "extractor.claim/1"

Qualifier = Literal["exact", "approximately", "more_than", "at_least", "fewer_than", "at_most", "range"]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]
Category = Literal[
    "killed", "wounded", "casualties", "captured", "missing", "displaced", "equipment", "other"
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
SourceKind = Literal["person", "government", "military", "organization", "media", "other"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
Granularity = Literal["day", "week", "month", "year"]
FigureKind = Literal["level", "change"]
Direction = Literal["up", "down"]
GRANULARITIES: tuple[str, ...] = Granularity.__args__  # type: ignore[attr-defined]

Number = int | float


@dataclass(frozen=True)
class ArticleRef:
    url: str | None
    title: str | None
    site: str | None
    published: str | None  # ISO 8601 date or datetime


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    text: str  # as written, titles included
    name: str  # canonical
    kind: SourceKind
    cue: str | None  # the attribution words: "according to", "said", "hinted at"
    inherited: bool = False  # taken from an earlier sentence


@dataclass(frozen=True)
class TimeRef:
    text: str | None
    start: str | None  # ISO date
    end: str | None  # ISO date
    granularity: Granularity | None


@dataclass(frozen=True)
class ExtractorInfo:
    version: str
    model: str


@dataclass(frozen=True)
class Claim:
    claim_id: str
    article: ArticleRef
    section: Literal["headline", "body"]
    paragraph: int | None
    sentence: str
    text: str
    span: TextSpan
    value: Number | None
    qualifier: Qualifier
    lower: Number | None
    upper: Number | None
    unit: str | None
    counted: str | None
    category: Category
    party: str | None
    source: Source | None
    time: TimeRef | None
    rate_per: Granularity | None
    extractor: ExtractorInfo
    schema: str = field(default=SCHEMA_ID)
    kind: FigureKind | None = None  # optional: "rose by 30" is a change, "rose to 126" a level
    direction: Direction | None = None  # optional: the way the move goes

    def to_dict(self) -> dict[str, Any]:
        """The record as the contract orders it: ``schema`` first, then ``claim_id``, ..."""
        data = asdict(self)
        return {"schema": data.pop("schema"), **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        def opt(kind: type, value: dict[str, Any] | None) -> Any:
            return None if value is None else kind(**value)

        fields = dict(data)
        fields["article"] = ArticleRef(**fields["article"])
        fields["span"] = TextSpan(**fields["span"])
        fields["source"] = opt(Source, fields.get("source"))
        fields["time"] = opt(TimeRef, fields.get("time"))
        fields["extractor"] = ExtractorInfo(**fields["extractor"])
        return cls(**fields)


def dumps(record: Claim | dict[str, Any]) -> str:
    """One JSON Lines line (without the newline). Same record, same bytes."""
    data = record.to_dict() if isinstance(record, Claim) else record
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def write_jsonl(records: Iterable[Claim | dict[str, Any]], out: IO[str]) -> int:
    """Write records one per line; returns how many were written."""
    count = 0
    for record in records:
        out.write(dumps(record) + "\n")
        count += 1
    return count


class RecordError(ValueError):
    """A line of a records file that is not a JSON object."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file as dicts; blank lines are skipped, a bad line raises RecordError."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as error:
                raise RecordError(str(path), number, f"not JSON: {error}") from None
            if not isinstance(data, dict):
                raise RecordError(str(path), number, "not a JSON object")
            yield data


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of one record."""
    text = resources.files("extractor").joinpath("schema/claim-1.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def validation_errors(record: Claim | dict[str, Any]) -> list[str]:
    """Messages for every way the record breaks the schema; empty when it is valid."""
    data = record.to_dict() if isinstance(record, Claim) else record
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(record)'}: {error.message}"
        for error in _validator().iter_errors(data)
    ]
