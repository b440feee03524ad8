"""Folders as inputs of `extract` and `run`: the article pages under a folder, recursively, in a stable
order (sorted by their path inside the folder, folder by folder), so two runs over one folder number
their inputs alike and `run --resume` finds its place. Hidden files and folders (``.git``) are skipped;
symbolic links to folders are not followed (no loops)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".html.gz")


def article_files(folder: str | Path) -> list[Path]:
    """Every ``*.html``, ``*.htm`` and ``*.html.gz`` file under `folder` (suffixes in any case)."""
    folder = Path(folder)
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [
            Path(parent, name)
            for name in files
            if not name.startswith(".") and name.lower().endswith(PAGE_SUFFIXES)
        ]
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def expand(paths: Iterable[str]) -> list[str]:
    """`paths` with each folder replaced by its article files; a folder with none stays as it is, for
    the reader to report."""
    expanded = []
    for path in paths:
        files = article_files(path) if path != "-" and os.path.isdir(path) else []
        expanded += [str(file) for file in files] or [path]
    return expanded
