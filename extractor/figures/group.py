"""Claims grouped by quantity, in DuckDB: the records are read, keyed and sorted on disk, never held
in Python all at once; groups come out one at a time, the quantity with the most claims first.

The quantity key (`extractor.figures.key`) is computed in Python once per distinct combination of the
fields it reads (category, party, counted, unit, rate_per, kind), a few thousand even in millions of
records, and joined back in SQL.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from extractor.figures.flags import DEFAULT_MARGIN, DEFAULT_WINDOW_DAYS, Flag, find_flags
from extractor.figures.key import Quantity, quantity_of

# DuckDB's own limits: the 1,000,000-record benchmark stays under 1 GB with these (docs/figures.md).
MEMORY_LIMIT = "300MB"
THREADS = 2
ROWS_PER_FETCH = 10_000

# The fields read from each JSON line; others are ignored, missing ones are null (older records lack
# `kind`).
_JSON_COLUMNS = {
    "claim_id": "VARCHAR",
    "article": "STRUCT(url VARCHAR, title VARCHAR, site VARCHAR, published VARCHAR)",
    "sentence": "VARCHAR",
    "text": "VARCHAR",
    "value": "DOUBLE",
    "qualifier": "VARCHAR",
    "lower": "DOUBLE",
    "upper": "DOUBLE",
    "unit": "VARCHAR",
    "counted": "VARCHAR",
    "category": "VARCHAR",
    "party": "VARCHAR",
    "source": "STRUCT(text VARCHAR, name VARCHAR, kind VARCHAR, cue VARCHAR, inherited BOOLEAN)",
    "time": 'STRUCT(text VARCHAR, start VARCHAR, "end" VARCHAR, granularity VARCHAR)',
    "rate_per": "VARCHAR",
    "kind": "VARCHAR",
}
# What one combination of these is keyed by (NUL cannot occur in JSON text, so it separates safely).
_KEYED_FIELDS = ("category", "party", "counted", "unit", "rate_per", "kind")
_SIGNATURE = "concat_ws(chr(0), {})".format(", ".join(f"coalesce({name}, '')" for name in _KEYED_FIELDS))


class FiguresError(Exception):
    """Records that cannot be grouped (one line, for the user)."""


@dataclass(frozen=True)
class Filters:
    """Which claims to group: any of the categories, parties and sources given (a source matches when
    its name, or the outlet's for its own figures, contains the text, in any case), dated on or after
    `since` (ISO date)."""

    categories: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": list(self.categories),
            "party": list(self.parties),
            "source": list(self.sources),
            "since": self.since,
        }


class Figure(NamedTuple):
    """One claim as the groups show it: who gave which figure, when, in which article. A named tuple:
    a million of them are made straight from database rows."""

    claim_id: str
    who: str  # the source's name, or the outlet's when the article states the figure itself
    own: bool  # the outlet's own figure (the record's source is null)
    source_text: str | None
    source_kind: str | None
    cue: str | None
    inherited: bool
    value: float | None
    qualifier: str
    lower: float | None
    upper: float | None
    text: str
    counted: str | None
    sentence: str
    start: str | None  # first day the figure covers; null for a total "as of" its day
    as_of: str | None  # the day the figure refers to: time.end, else the publication day
    time_text: str | None
    url: str | None
    title: str | None
    site: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        """As the JSON form writes it: whole numbers as integers, as the records have them."""
        fields = self._asdict()
        for name in ("value", "lower", "upper"):
            fields[name] = number(fields[name])
        return fields


# The columns of `Figure`, in its order, from the claims table (c).
_FIGURE_COLUMNS = (
    "c.claim_id",
    "coalesce(c.source.name, c.article.site, '(the outlet)')",
    "c.source.name IS NULL",
    "c.source.text",
    "c.source.kind",
    "c.source.cue",
    "coalesce(c.source.inherited, false)",
    "c.value",
    "coalesce(c.qualifier, 'exact')",
    "c.lower",
    "c.upper",
    "coalesce(c.text, '')",
    "c.counted",
    "coalesce(c.sentence, '')",
    "CASE WHEN c.time.text IS NULL THEN NULL ELSE c.time.start END",  # no words of its own: "as of"
    "c.as_of",
    "c.time.text",
    "c.article.url",
    "c.article.title",
    "c.article.site",
    "c.article.published",
)


@dataclass
class QuantityGroup:
    """The claims of one quantity, ordered by the day they refer to, with what they disagree on."""

    quantity: Quantity
    rank: int
    figures: list[Figure]
    flags: list[Flag] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.quantity.key

    def sources(self) -> list[tuple[str, int]]:
        """(who, claims), the most claims first."""
        counts: dict[str, int] = {}
        for figure in self.figures:
            counts[figure.who] = counts.get(figure.who, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity
        return {
            "key": quantity.key,
            "label": quantity.label,
            "rank": self.rank,
            "category": quantity.category,
            "party": quantity.party,
            "head": quantity.head,
            "unit": quantity.unit,
            "rate_per": quantity.rate_per,
            "change": quantity.change,
            "claims": len(self.figures),
            "articles": len({figure.url for figure in self.figures}),
            "sources": [{"who": who, "claims": claims} for who, claims in self.sources()],
            "flags": [flag.to_dict() for flag in self.flags],
            "figures": [figure.to_dict() for figure in self.figures],
        }


@dataclass(frozen=True)
class Summary:
    """How many claims and quantities a grouping found (before any group is read)."""

    claims: int
    quantities: int


@contextmanager
def _database(work_dir: str | Path | None) -> Iterator[tuple[Any, Path]]:
    """A DuckDB database in a folder of its own (so tables live on disk, under the memory limit), and
    the folder."""
    try:
        import duckdb
    except ImportError:
        raise FiguresError("figures needs duckdb: pip install 'extractor[figures]'") from None
    with tempfile.TemporaryDirectory(prefix="figures-", dir=work_dir) as folder:
        connection = duckdb.connect(str(Path(folder) / "figures.duckdb"))
        try:
            connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            connection.execute(f"SET threads = {THREADS}")
            connection.execute(f"SET temp_directory = '{Path(folder) / 'spill'}'")
            connection.execute("SET preserve_insertion_order = false")
            yield connection, Path(folder)
        finally:
            connection.close()


class Grouping:
    """Claims of JSON Lines files, keyed and grouped; iterate `groups()` inside the `with` block.

    >>> with Grouping(["out/claims.jsonl"]) as grouping:   # doctest: +SKIP
    ...     for group in grouping.groups():
    ...         print(group.key, len(group.figures))
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        filters: Filters | None = None,
        margin: float = DEFAULT_MARGIN,
        window_days: int = DEFAULT_WINDOW_DAYS,
        top: int | None = None,
        work_dir: str | Path | None = None,
    ) -> None:
        self.paths = [str(path) for path in paths]
        self.filters = filters or Filters()
        self.margin = margin
        self.window_days = window_days
        self.top = top
        self._work_dir = work_dir
        self._stack = ExitStack()
        self._db: Any = None
        self._folder: Path | None = None
        self.summary = Summary(0, 0)

    def __enter__(self) -> Grouping:
        for path in self.paths:
            if not Path(path).is_file():
                raise FiguresError(f"{path}: no such file")
        with ExitStack() as stack:
            self._db, self._folder = stack.enter_context(_database(self._work_dir))
            self._load()
            self._stack = stack.pop_all()  # loaded: the database lives until __exit__
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        self._db = self._folder = None

    def _load(self) -> None:
        import duckdb

        db = self._db
        try:
            db.execute(
                "CREATE TABLE claims AS SELECT *, " + _SIGNATURE + " AS signature, "
                'coalesce(time."end", left(article.published, 10)) AS as_of FROM read_json(?, '
                "format = 'newline_delimited', columns = " + _duckdb_struct(_JSON_COLUMNS) + ")",
                [self.paths],
            )
        except duckdb.Error as error:
            raise FiguresError(f"the records cannot be read: {str(error).splitlines()[0]}") from None
        where, parameters = self._where()
        if parameters:  # null is not kept either: NOT null deletes nothing, hence the coalesce
            db.execute(f"DELETE FROM claims WHERE NOT coalesce({where}, false)", parameters)
        self._key_signatures()
        db.execute(
            "CREATE TABLE ranks AS SELECT key, count(*) AS claims, "
            "row_number() OVER (ORDER BY count(*) DESC, key) AS rank "
            "FROM claims JOIN keys USING (signature) GROUP BY key"
        )
        if self.top is not None:
            db.execute("DELETE FROM ranks WHERE rank > ?", [self.top])
        claims, quantities = db.execute("SELECT coalesce(sum(claims), 0), count(*) FROM ranks").fetchone()
        self.summary = Summary(int(claims), int(quantities))

    def _key_signatures(self) -> None:
        """The keys table: each distinct signature with its quantity key, computed by `quantity_of`."""
        db = self._db
        rows = db.execute(f"SELECT DISTINCT signature, {', '.join(_KEYED_FIELDS)} FROM claims").fetchall()
        # through a file: DuckDB's executemany takes milliseconds a row, a JSON file a few for all
        assert self._folder is not None
        listing = self._folder / "keys.jsonl"
        with listing.open("w", encoding="utf-8") as out:
            for row in rows:
                key = quantity_of(dict(zip(_KEYED_FIELDS, row[1:], strict=True))).key
                out.write(json.dumps({"signature": row[0], "key": key}) + "\n")
        db.execute(
            "CREATE TABLE keys AS SELECT * FROM read_json(?, format = 'newline_delimited', "
            "columns = {'signature': 'VARCHAR', 'key': 'VARCHAR'})",
            [str(listing)],
        )

    def _where(self) -> tuple[str, list[Any]]:
        conditions, parameters = ["true"], []
        filters = self.filters
        if filters.categories:
            conditions.append(f"category IN ({', '.join('?' * len(filters.categories))})")
            parameters += list(filters.categories)
        if filters.parties:
            conditions.append(f"lower(party) IN ({', '.join('?' * len(filters.parties))})")
            parameters += [party.lower() for party in filters.parties]
        if filters.sources:
            who = "lower(coalesce(source.name, article.site, ''))"
            conditions.append("(" + " OR ".join(f"contains({who}, ?)" for _ in filters.sources) + ")")
            parameters += [source.lower() for source in filters.sources]
        if filters.since:
            conditions.append("as_of >= ?")
            parameters.append(filters.since)
        return " AND ".join(conditions), parameters

    def groups(self) -> Iterator[QuantityGroup]:
        """The groups, the quantity with the most claims first; each figure ordered by its day."""
        if self._db is None:
            raise RuntimeError("Grouping.groups() outside its `with` block")
        cursor = self._db.cursor()
        keyed = ", ".join(f"c.{name}" for name in _KEYED_FIELDS)
        cursor.execute(
            f"SELECT r.rank, {keyed}, {', '.join(_FIGURE_COLUMNS)} "
            "FROM claims c JOIN keys k USING (signature) JOIN ranks r ON r.key = k.key "
            "ORDER BY r.rank, c.as_of NULLS FIRST, c.claim_id"
        )
        first_field = 1 + len(_KEYED_FIELDS)
        current: QuantityGroup | None = None
        make = Figure._make
        while rows := cursor.fetchmany(ROWS_PER_FETCH):
            for row in rows:
                if current is None or row[0] != current.rank:
                    if current is not None:
                        yield self._finished(current)
                    fields = dict(zip(_KEYED_FIELDS, row[1:first_field], strict=True))
                    current = QuantityGroup(quantity=quantity_of(fields), rank=row[0], figures=[])
                current.figures.append(make(row[first_field:]))
        if current is not None:
            yield self._finished(current)

    def _finished(self, group: QuantityGroup) -> QuantityGroup:
        quantity = group.quantity
        totals = not quantity.change and quantity.rate_per is None
        group.flags = find_flags(
            group.figures, margin=self.margin, window_days=self.window_days, totals=totals
        )
        return group


def number(value: float | None) -> float | int | None:
    """A whole number back as an int, as the records write it."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _duckdb_struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"


def group_files(
    paths: Sequence[str | Path],
    *,
    filters: Filters | None = None,
    margin: float = DEFAULT_MARGIN,
    window_days: int = DEFAULT_WINDOW_DAYS,
    top: int | None = None,
) -> list[QuantityGroup]:
    """Every group of the records in `paths`, in memory: for small sets and the Python API (large sets:
    iterate `Grouping(...).groups()`)."""
    with Grouping(paths, filters=filters, margin=margin, window_days=window_days, top=top) as grouping:
        return list(grouping.groups())
