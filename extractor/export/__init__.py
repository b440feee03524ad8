"""Export stage: claim records → tables for other tools (CSV, SQLite, Parquet), in tables.py."""

from extractor.export.tables import (
    INDEXED,
    Column,
    ExportError,
    columns,
    export,
    export_file,
    flatten,
    pandas_dtypes,
    read_records,
    write_csv,
)

__all__ = [
    "INDEXED",
    "Column",
    "ExportError",
    "columns",
    "export",
    "export_file",
    "flatten",
    "pandas_dtypes",
    "read_records",
    "write_csv",
]
