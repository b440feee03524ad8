"""A run's INPUT: a file of URLs and paths (one a line), standard input, or a folder of pages."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO

from extractor.run.errors import RunError
from extractor.run.folders import article_files


def open_input(source: str | Path) -> AbstractContextManager[IO[str]]:
    if str(source) == "-":
        return nullcontext(sys.stdin)
    if Path(source).is_dir():  # a folder: its article pages, one input a line
        return nullcontext(io.StringIO("".join(f"{path}\n" for path in article_files(source))))
    try:
        return open(source, encoding="utf-8", errors="replace")
    except OSError as error:
        raise RunError(f"cannot read the input {source}: {error.strerror or error}") from None


def read_inputs(lines: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, input) of each line that is not blank or a # comment, read lazily. A byte order
    mark before the first line (editors on Windows write one) is not part of it."""
    for number, line in enumerate(lines, 1):
        text = (line.removeprefix("\ufeff") if number == 1 else line).strip()
        if text and not text.startswith("#"):
            yield number, text


def count_inputs(source: str | Path) -> int | None:
    if str(source) == "-":
        return None
    with open_input(source) as lines:
        return sum(1 for _ in read_inputs(lines))
