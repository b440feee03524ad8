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
class SIValue:
    """A measurement in SI base units ("12 miles" -> 19312.128 "m"), so that figures in different
    units compare across articles."""

    value: float
    unit: str  # pint's compact symbols: "m", "kg", "K", "m/s", "m**2", "kg*m**2/s**2"


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
    si: SIValue | None = None  # optional: a measurement's value in SI base units

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
        fields["si"] = opt(SIValue, fields.get("si"))
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
    return (record for _, record in numbered_records(path))


def numbered_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """`read_jsonl` with the line number of each record."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as error:
                raise RecordError(str(path), number, f"not JSON: {error}") from None
            except RecursionError:
                raise RecordError(str(path), number, NESTED_TOO_DEEPLY) from None
            if not isinstance(data, dict):
                raise RecordError(str(path), number, "not a JSON object")
            yield number, data


NESTED_TOO_DEEPLY = "not a record: JSON nested too deeply"
_TEXT, _OPTIONAL_TEXT = (str,), (str, type(None))
_NUMBER = (int, float, type(None))
# The JSON types of the fields that the commands reading records (diff, eval) rely on, checked on
# every line: a cheap guard, where enum values and formats are the schema's business (`validation_errors`).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "claim_id": _TEXT, "article": (dict,), "section": _TEXT, "paragraph": (int, type(None)),
    "sentence": _TEXT, "text": _TEXT, "span": (dict,), "value": _NUMBER, "qualifier": _TEXT,
    "lower": _NUMBER, "upper": _NUMBER, "unit": _OPTIONAL_TEXT, "counted": _OPTIONAL_TEXT,
    "category": _TEXT, "party": _OPTIONAL_TEXT, "source": (dict, type(None)), "time": (dict, type(None)),
    "rate_per": _OPTIONAL_TEXT,
}
_OBJECT_FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "article": dict.fromkeys(("url", "title", "site", "published"), _OPTIONAL_TEXT),
    "span": dict.fromkeys(("start", "end"), (int,)),
    "source": dict.fromkeys(("text", "name", "kind", "cue"), _OPTIONAL_TEXT),
    "time": dict.fromkeys(("text", "start", "end", "granularity"), _OPTIONAL_TEXT),
}


def shape_error(record: dict[str, Any], *, identified: bool = True) -> str | None:
    """Why `record` is no claim record a reader can rely on ("sentence is a number, not a string"),
    or None. Only fields present are checked, and only their JSON types; `identified` requires the
    claim_id and article that a diff pairs records by."""
    unidentified = not isinstance(record.get("claim_id"), str) or not isinstance(record.get("article"), dict)
    if identified and unidentified:
        return "not a claim record (no claim_id or article)"
    for name, types in _FIELD_TYPES.items():
        problem = _type_problem(name, record, types)
        if problem is None and isinstance(record.get(name), dict):
            nested = record[name]
            fields = _OBJECT_FIELD_TYPES[name].items()
            problem = next(filter(None, (_type_problem(f, nested, t, name) for f, t in fields)), None)
        if problem:
            return f"not a claim record: {problem}"
    return None


def _type_problem(name: str, data: dict[str, Any], types: tuple[type, ...], parent: str = "") -> str | None:
    if name not in data:
        return None
    value = data[name]
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):  # true is no 1
        return None
    wanted = " or ".join(dict.fromkeys(_JSON_TYPE_NAMES[kind] for kind in types))
    found = _JSON_TYPE_NAMES.get(type(value), "other")
    return f"{parent + '.' if parent else ''}{name} is {found}, not {wanted}"


_JSON_TYPE_NAMES = {
    str: "a string", int: "a number", float: "a number", bool: "a boolean", type(None): "null",
    dict: "an object", list: "an array",
}


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
