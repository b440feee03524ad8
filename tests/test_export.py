"""extractor export: the bundled fixtures' records as CSV, SQLite and Parquet, loaded back by the tools
people use (SQLite, DuckDB, pandas, Datasette) with the same rows and the right column types."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.export import INDEXED, columns, export, flatten, pandas_dtypes

ROOT = Path(__file__).parent.parent
EXPECTED = ROOT / "fixtures" / "expected.jsonl"
NUMERIC = {column.name for column in columns() if column.kind in ("integer", "float")}
SUFFIXES = {"csv": "csv", "sqlite": "db", "parquet": "parquet"}
INTEGER = {column.name for column in columns() if column.kind == "integer"}

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")
pytest.importorskip("sqlite_utils", reason="the export extra is not installed: pip install -e '.[export]'")
pytest.importorskip("pyarrow", reason="the export extra is not installed: pip install -e '.[export]'")


def fixture_records() -> list[dict[str, Any]]:
    """The bundled fixtures' records, each claim_id made unique (a repeated id gets its position hashed
    in), since the claims table is keyed by it."""
    records = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line]
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record["claim_id"] in seen:
            record["claim_id"] = hashlib.sha256(f"{record['claim_id']}/{index}".encode()).hexdigest()[:16]
        seen.add(record["claim_id"])
    return records


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return fixture_records()


@pytest.fixture(scope="module")
def exports(records, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    source = folder / "claims.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    paths = {to: folder / f"claims.{suffix}" for to, suffix in SUFFIXES.items()}
    for to, path in paths.items():
        result = CliRunner().invoke(cli, ["export", str(source), "--to", to, "-o", str(path)])
        assert result.exit_code == 0, result.output
        assert f"{len(records)} records" in result.output
    return paths


def test_the_fixtures_cover_the_interesting_columns(records):
    """What the type checks below lean on: nulls among the numbers, the party and the source."""
    rows = [flatten(record) for record in records]
    for name in ("paragraph", "value", "party", "source.name", "source.inherited"):
        assert any(row[name] is None for row in rows), name
        assert any(row[name] is not None for row in rows), name


# -- the three exports, each loaded into pandas, DuckDB and SQLite --


def load_pandas(to: str, path: Path):
    if to == "csv":
        return pd.read_csv(path, dtype=pandas_dtypes())
    if to == "sqlite":
        with sqlite3.connect(path) as db:
            return pd.read_sql("select * from claims", db, dtype=pandas_dtypes())
    return pd.read_parquet(path, dtype_backend="numpy_nullable")


def load_duckdb(to: str, path: Path):
    if to == "csv":
        return duckdb.sql(f"select * from read_csv('{path}')")
    if to == "parquet":
        return duckdb.sql(f"select * from read_parquet('{path}')")
    # DuckDB reads SQLite through an extension it downloads; here it goes through a pandas frame.
    frame = load_pandas("sqlite", path)  # noqa: F841 (read by name in the query)
    return duckdb.sql("select * from frame")


def load_sqlite(to: str, path: Path, tmp_path: Path) -> sqlite3.Connection:
    if to == "sqlite":
        return sqlite3.connect(path)
    target = tmp_path / "loaded.db"
    if to == "csv":
        subprocess.run(
            [_tool("sqlite-utils"), "insert", str(target), "claims", str(path), "--csv"],
            check=True,
        )
    else:
        with sqlite3.connect(target) as db:
            load_pandas("parquet", path).to_sql("claims", db, index=False)
    return sqlite3.connect(target)


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.mark.parametrize("to", ["csv", "sqlite", "parquet"])
def test_pandas_reads_every_record_with_typed_columns(to, exports, records):
    frame = load_pandas(to, exports[to])
    assert len(frame) == len(records)
    assert list(frame.columns) == [column.name for column in columns()]
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["paragraph"] == dtypes["span.start"] == "Int64"
    assert dtypes["value"] == dtypes["lower"] == dtypes["upper"] == "Float64"
    assert dtypes["party"] == dtypes["source.name"] == dtypes["rate_per"] == "string"
    assert dtypes["source.inherited"] == "boolean"
    paragraphs = [record["paragraph"] for record in records]
    assert [None if pd.isna(value) else int(value) for value in frame["paragraph"]] == paragraphs
    assert [None if pd.isna(value) else value for value in frame["party"]] == [r["party"] for r in records]
    assert frame["value"].sum() == pytest.approx(sum(r["value"] or 0 for r in records))


def test_pandas_keeps_types_of_columns_that_are_null_in_every_row(tmp_path, records):
    """Articles outside conflict reporting have no party anywhere: the column must stay text."""
    peaceful = [record for record in records if record["party"] is None and record["rate_per"] is None]
    for to, suffix in SUFFIXES.items():
        export(peaceful, tmp_path / f"c.{suffix}", to)
        frame = load_pandas(to, tmp_path / f"c.{suffix}")
        assert len(frame) == len(peaceful)
        assert str(frame["party"].dtype) == str(frame["rate_per"].dtype) == "string", to
        assert frame["party"].isna().all()
        assert str(frame["paragraph"].dtype) == "Int64", to


@pytest.mark.parametrize("to", ["csv", "sqlite", "parquet"])
def test_duckdb_reads_every_record_with_numeric_columns(to, exports, records):
    relation = load_duckdb(to, exports[to])
    types = dict(zip(relation.columns, map(str, relation.dtypes), strict=True))
    assert relation.count("*").fetchall() == [(len(records),)]
    for name in NUMERIC:
        assert types[name] in ("BIGINT", "DOUBLE"), (name, types[name])
    for name in INTEGER:
        assert types[name] == "BIGINT", (name, types[name])
    assert types["party"] == "VARCHAR"
    [(total,)] = relation.aggregate("sum(value)").fetchall()
    assert total == pytest.approx(sum(r["value"] or 0 for r in records))


@pytest.mark.parametrize("to", ["csv", "sqlite", "parquet"])
def test_sqlite_reads_every_record_with_numeric_columns(to, exports, records, tmp_path):
    with load_sqlite(to, exports[to], tmp_path) as db:
        assert db.execute("select count(*) from claims").fetchone()[0] == len(records)
        declared = {row[1]: row[2] for row in db.execute("pragma table_info(claims)")}
        assert declared["paragraph"] == "INTEGER"
        assert declared["value"] in ("FLOAT", "REAL")
        stored = dict(db.execute("select typeof(paragraph), count(*) from claims group by 1").fetchall())
        assert stored == {
            "integer": sum(r["paragraph"] is not None for r in records),
            "null": sum(r["paragraph"] is None for r in records),
        }
        assert db.execute("select count(*) from claims where typeof(value) = 'text'").fetchone()[0] == 0


# -- each format's own promises --


def test_csv_has_dotted_columns_numbers_as_written_and_empty_nulls(exports, records):
    with exports["csv"].open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row["claim_id"] == record["claim_id"]
        assert row["article.url"] == (record["article"]["url"] or "")
        assert row["source.name"] == ((record["source"] or {}).get("name") or "")
        assert row["time.start"] == ((record["time"] or {}).get("start") or "")
        assert row["paragraph"] == ("" if record["paragraph"] is None else str(record["paragraph"]))
        assert row["value"] == ("" if record["value"] is None else json.dumps(record["value"]))


def test_sqlite_has_keyed_claims_articles_and_indexes(exports, records):
    with sqlite3.connect(exports["sqlite"]) as db:
        pk = [row[1] for row in db.execute("pragma table_info(claims)") if row[5]]
        assert pk == ["claim_id"]
        indexed = {
            db.execute(f"pragma index_info('{name}')").fetchone()[2]
            for (name,) in db.execute("select name from pragma_index_list('claims') where origin = 'c'")
        }
        assert indexed == set(INDEXED)
        urls = {record["article"]["url"] for record in records}
        articles = db.execute("select url, title, site, published, claims from articles").fetchall()
        assert {row[0] for row in articles} == urls
        assert sum(row[4] for row in articles) == len(records)
        foreign = db.execute("pragma foreign_key_list(claims)").fetchall()
        assert [(row[2], row[3], row[4]) for row in foreign] == [("articles", "article.url", "url")]
        first = records[0]
        title = db.execute(
            'select a.title from claims c join articles a on a.url = c."article.url" where c.claim_id = ?',
            (first["claim_id"],),
        ).fetchone()[0]
        assert title == first["article"]["title"]


def test_datasette_serves_the_database_with_facets(exports, records, tmp_path):
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent))
    if datasette is None:
        pytest.skip("datasette is not installed (it comes with the dev extra)")
    database = tmp_path / "claims.db"
    shutil.copy(exports["sqlite"], database)
    query = "/claims/claims.json?_facet=category&_facet=source.name&_size=0&_extra=count"
    answer = subprocess.run([datasette, str(database), "--get", query], capture_output=True, text=True)
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data.get("count", data.get("filtered_table_rows_count")) == len(records)
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests the facets one level deeper
    killed = sum(record["category"] == "killed" for record in records)
    assert {item["value"]: item["count"] for item in facets["category"]["results"]}["killed"] == killed


def test_a_repeated_claim_id_is_refused_in_one_line_and_nothing_is_written(tmp_path, records):
    source = tmp_path / "repeats.jsonl"
    lines = [json.dumps(record) for record in records[:3]]
    source.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    out = tmp_path / "claims.db"
    result = CliRunner().invoke(cli, ["export", str(source), "--to", "sqlite", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert records[1]["claim_id"] in result.output and "record 2" in result.output
    assert list(tmp_path.iterdir()) == [source]  # no database, no temporary file left
    for to in ("csv", "parquet"):  # tables without a key take the repeats as they come
        result = CliRunner().invoke(cli, ["export", str(source), "--to", to, "-o", str(tmp_path / f"c.{to}")])
        assert result.exit_code == 0, result.output
        assert "4 records" in result.output


def test_standard_input_and_output(records):
    lines = "".join(json.dumps(record) + "\n" for record in records[:5])
    result = CliRunner().invoke(cli, ["export", "-", "--to", "csv", "-o", "-"], input=lines)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0][:2] == ["schema", "claim_id"]
    assert [row[1] for row in rows[1:]] == [record["claim_id"] for record in records[:5]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "-:1: not JSON"),
        ('{"value": 3}\n', "-:1: not a claim record"),
    ],
)
def test_bad_input_is_one_line(content, message, tmp_path):
    result = CliRunner().invoke(
        cli, ["export", "-", "--to", "parquet", "-o", str(tmp_path / "x.parquet")], input=content
    )
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert not list(tmp_path.iterdir())
