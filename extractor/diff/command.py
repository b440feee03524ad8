"""`extractor diff` behind its options: exit status like diff(1), trouble as one line and status 2."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from typing import Any

import click

from extractor.diff.compare import DiffResult, diff_files
from extractor.diff.fields import FieldSelection
from extractor.diff.html import write_html
from extractor.diff.render import write_json, write_text
from extractor.records import RecordError


class DiffTrouble(click.ClickException):
    """A file that cannot be read, a bad record or an unknown field: exit status 2, as diff(1) has it."""

    exit_code = 2


def run_diff(
    old: str, new: str, *, fmt: str, output: str, fields: str | None, ignore_fields: str | None
) -> int:
    """Compare OLD and NEW, write the report to `output` (``-`` for standard output) and return the
    exit status: 0 when no difference counts, 1 when some do. Trouble raises DiffTrouble."""
    only, ignore = _names(fields), _names(ignore_fields) or []
    try:
        FieldSelection.of(only, ignore)
    except ValueError as error:
        raise DiffTrouble(str(error)) from None
    result = _diff(old, new, only, ignore)
    color = output == "-" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        if fmt == "json":
            write_json(result, out)
        elif fmt == "html":
            write_html(result, out, old_name=old, new_name=new)
        else:
            write_text(_printable(result), out, color=color)
    return 0 if result.identical else 1


# Control characters (ANSI escapes among them), and the marks that reorder text on screen: in a record
# they would drive the reader's terminal, so the text report shows them escaped ("\x1b[2J").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), value)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_escaped(item) for item in value)
    return value


def _printable(result: DiffResult) -> DiffResult:
    """The result with every string of its records escaped for a terminal."""
    differences = [
        replace(
            difference,
            article=_escaped(difference.article),
            old=_escaped(difference.old),
            new=_escaped(difference.new),
            changes=_escaped(difference.changes),
        )
        for difference in result.differences
    ]
    return replace(result, differences=differences)


def _diff(old: str, new: str, only: list[str] | None, ignore: list[str]) -> DiffResult:
    try:
        return diff_files(old, new, fields=only, ignore_fields=ignore)
    except RecordError as error:
        raise DiffTrouble(f"bad record: {error}") from None
    except FileNotFoundError as error:
        raise DiffTrouble(f"{error.filename}: no such file") from None
    except IsADirectoryError as error:
        raise DiffTrouble(f"{error.filename}: is a directory") from None
    except OSError as error:
        raise DiffTrouble(f"{error.filename}: {error.strerror or error}") from None


def _names(option: str | None) -> list[str] | None:
    """`a, b,c` as a list of field names; None when the option was not given."""
    if option is None:
        return None
    return [name.strip() for name in option.split(",") if name.strip()]
