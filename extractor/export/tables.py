"""Claim records as tables for other tools: CSV, SQLite (Datasette-ready) and Parquet.

Every format has the same columns: the record contract flattened, one column per leaf field under its
dotted name (``article.url``, ``source.name``, ``time.start``), in contract order. Each column has one
type, read off the `Claim` dataclass: integer (``paragraph``, ``span.start``), float (``value``,
``lower``, ``upper``: a number that may have a fraction), boolean (``source.inherited``) or text.
A nested object that is null (``source`` of a figure the outlet states itself) leaves its columns null.
One column follows the contract's, derived from the record: ``quantity``, the key that claims measuring
the same thing share (`extractor.figures.key`).

The SQLite and Parquet writers need the optional extra ``extractor[export]`` (sqlite-utils, pyarrow).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import sys
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

from extractor.figures.key import quantity_key
from extractor.records import Claim, RecordError

Format = Literal["csv", "sqlite", "parquet"]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]
Kind = Literal["integer", "float", "boolean", "text"]

# SQLite: the columns people filter and facet on get an index.
INDEXED = ("article.url", "category", "party", "source.name", "time.start", "quantity")
ARTICLE_FIELDS = ("url", "title", "site", "published")
ROWS_PER_BATCH = 5_000

_SQLITE_TYPES = {"integer": "INTEGER", "float": "FLOAT", "boolean": "INTEGER", "text": "TEXT"}
_PANDAS_DTYPES = {"integer": "Int64", "float": "Float64", "boolean": "boolean", "text": "string"}


class ExportError(Exception):
    """Records that cannot be exported as asked (one line, for the user)."""


@dataclass(frozen=True)
class Column:
    name: str  # dotted path into the record
    kind: Kind


@cache
def columns() -> tuple[Column, ...]:
    """The flattened columns of the record contract, in contract order (``schema`` first), then the
    derived ``quantity``."""

    def walk(kind: type, prefix: str) -> Iterator[Column]:
        for name, hint in typing.get_type_hints(kind).items():
            nested = [arg for arg in (hint, *typing.get_args(hint)) if dataclasses.is_dataclass(arg)]
            if nested:
                yield from walk(nested[0], f"{prefix}{name}.")
            else:
                yield Column(prefix + name, _kind(hint))

    found = list(walk(Claim, ""))
    schema = next(column for column in found if column.name == "schema")
    return (schema, *(column for column in found if column is not schema), Column("quantity", "text"))


def _kind(hint: Any) -> Kind:
    """integer, float, boolean or text, from a field's type hint (optional parts ignored)."""
    if typing.get_origin(hint) is Literal:
        return "text"
    parts = set(typing.get_args(hint)) or {hint}
    parts.discard(type(None))
    if parts == {bool}:
        return "boolean"
    if parts == {int}:
        return "integer"
    if parts and parts <= {int, float}:
        return "float"
    return "text"


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """The record as {column name: value}, every column present (null where the record has nothing)."""
    row = {}
    for column in columns():
        value: Any = record
        for part in column.name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[column.name] = value
    row["quantity"] = quantity_key(record)
    return row


def pandas_dtypes() -> dict[str, str]:
    """Nullable pandas dtypes for every column, for ``pandas.read_csv(path, dtype=pandas_dtypes())``:
    ``paragraph`` stays an integer with gaps (Int64), ``party`` stays text when every row is null."""
    return {column.name: _PANDAS_DTYPES[column.kind] for column in columns()}


def read_records(source: str | Path, stdin: IO[str] | None = None) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file (``-``: standard input), checked to be claim records."""
    if str(source) == "-":
        yield from _records(stdin or sys.stdin, "-")
        return
    try:
        with open(source, encoding="utf-8") as lines:
            yield from _records(lines, str(source))
    except FileNotFoundError:
        raise ExportError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{source}: is a directory") from None
    except UnicodeDecodeError as error:
        raise ExportError(f"{source}: not UTF-8 text ({error.reason})") from None


def _records(lines: Iterable[str], name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ExportError(str(RecordError(name, number, f"not JSON: {error}"))) from None
        if not isinstance(record, dict) or not isinstance(record.get("claim_id"), str):
            raise ExportError(str(RecordError(name, number, "not a claim record (no claim_id)")))
        yield record


def export(records: Iterable[dict[str, Any]], out: str | Path, to: Format) -> int:
    """Write `records` to the file `out` in the format `to`; returns the number of rows written.

    The file is written beside `out` and renamed into place when complete, so a failed export leaves
    no partial file (and an existing `out` is replaced whole). CSV may go to standard output (``-``).
    Raises ExportError.
    """
    if to not in FORMATS:
        raise ExportError(f"unknown format {to!r} (formats: {', '.join(FORMATS)})")
    if str(out) == "-":
        if to != "csv":
            raise ExportError(f"{to} is a file format: give -o a path (only csv goes to standard output)")
        return write_csv(records, sys.stdout)
    writer = {"csv": _write_csv, "sqlite": _write_sqlite, "parquet": _write_parquet}[to]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        count = writer(records, temporary)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def export_file(source: str | Path, out: str | Path, to: Format) -> int:
    """`export` of the records of a JSON Lines file (``-``: standard input)."""
    return export(read_records(source), out, to)


# -- CSV --


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Header of dotted names; numbers as JSON writes them, booleans true/false, null as an empty cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(column.name for column in columns())
    count = 0
    for record in records:
        writer.writerow(_csv_cell(value) for value in flatten(record).values())
        count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    with open(path, "w", encoding="utf-8", newline="") as file:
        return write_csv(records, file)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # true/false, 12, 2.5, and any object as JSON


# -- SQLite --


def _write_sqlite(records: Iterable[dict[str, Any]], path: Path) -> int:
    sqlite_utils = _optional("sqlite_utils", "sqlite-utils")
    db = sqlite_utils.Database(path)
    # A temporary file, renamed into place once complete: no need to sync each chunk to disk.
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("PRAGMA journal_mode = MEMORY")
    articles = db.table("articles")
    articles.create(
        {"url": "TEXT", "title": "TEXT", "site": "TEXT", "published": "TEXT", "claims": "INTEGER"}, pk="url"
    )
    claims = db.table("claims")
    claims.create(
        {column.name: _SQLITE_TYPES[column.kind] for column in columns()},
        pk="claim_id",
        foreign_keys=[("article.url", "articles", "url")],
    )
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    seen: dict[str, int] = {}
    rows = _unique_rows(records, seen, found)
    try:
        with db.conn:
            while batch := list(islice(rows, ROWS_PER_BATCH)):
                claims.insert_all(batch, batch_size=ROWS_PER_BATCH)
            articles.insert_all(found.values())
        for name in INDEXED:
            claims.create_index([name])
        db.conn.execute("ANALYZE")  # lets SQLite (and Datasette's facets) pick the indexes
    finally:
        db.close()
    return len(seen)


def _unique_rows(
    records: Iterable[dict[str, Any]], seen: dict[str, int], articles: dict[tuple[Any, ...], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Flattened rows, refusing a repeated claim_id (the claims table's key), gathering the articles."""
    for number, record in enumerate(records, 1):
        claim_id = record["claim_id"]
        if claim_id in seen:
            raise ExportError(
                f"claim_id {claim_id} appears in record {seen[claim_id]} and again in record {number}: "
                "the claims table needs unique ids; nothing was written (csv and parquet take repeats)"
            )
        seen[claim_id] = number
        row = flatten(record)
        key = tuple(row[f"article.{name}"] for name in ARTICLE_FIELDS)
        article = articles.setdefault(key, {**dict(zip(ARTICLE_FIELDS, key, strict=True)), "claims": 0})
        article["claims"] += 1
        yield row


# -- Parquet --


def _write_parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Flattened, like the other formats, with an explicit schema: a column that is null in every row
    keeps its type, and integers with gaps stay integers."""
    pa = _optional("pyarrow", "pyarrow")
    parquet = _optional("pyarrow.parquet", "pyarrow")
    arrow_types = {"integer": pa.int64(), "float": pa.float64(), "boolean": pa.bool_(), "text": pa.string()}
    schema = pa.schema([(column.name, arrow_types[column.kind]) for column in columns()])
    text_columns = [column.name for column in columns() if column.kind == "text"]
    count = 0
    with parquet.ParquetWriter(path, schema, compression="zstd") as writer:
        rows = (flatten(record) for record in records)
        while batch := list(islice(rows, ROWS_PER_BATCH)):
            for row in batch:
                for name in text_columns:  # a future nested value in a text column travels as JSON
                    if row[name] is not None and not isinstance(row[name], str):
                        row[name] = json.dumps(row[name], ensure_ascii=False)
            try:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                raise ExportError(f"a record does not fit its column type: {error}") from None
            count += len(batch)
    return count


def _optional(module: str, package: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ExportError(
            f"this format needs {package}: pip install 'extractor[export]' (or pip install {package})"
        ) from None
