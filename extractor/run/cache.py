"""The on-disk page store of batch runs: every fetched page, keyed by the URL that was asked for.

A page is two files under ``<root>/<first two hex digits>/``: ``<sha256 of URL>.body`` (the bytes as
received, decompressed) and ``<sha256 of URL>.json`` (final URL, status, headers, fetch time, and
the body's length and sha256). Both are written to a temporary file and renamed into place, body
first: a page is cached once its meta file exists, and a body that does not match its meta (a
crash between two writes of the same URL) reads as not cached, as does a meta file that is not
what `put` writes (empty, cut short, `{}`, `[1]`). `--offline` runs read this alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from extractor.run.fetch import Page

DEFAULT_CACHE_DIR = ".extractor-cache"


class PageCache:
    def __init__(self, root: str | Path = DEFAULT_CACHE_DIR) -> None:
        self.root = Path(root)

    def get(self, url: str) -> Page | None:
        """The page stored for `url`, or None."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):  # missing, unreadable, cut short, not JSON
            return None
        if not _well_formed(meta):
            return None
        if len(body) != meta["body_bytes"] or hashlib.sha256(body).hexdigest() != meta["body_sha256"]:
            return None
        return Page(
            url=meta["url"],
            status=meta["status"],
            headers=meta["headers"],
            body=body,
            fetched_at=meta["fetched_at"],
        )

    def put(self, url: str, page: Page) -> None:
        """Store the page fetched for `url`, replacing any earlier one."""
        meta_path, body_path = self._paths(url)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "input": url,
            "url": page.url,
            "status": page.status,
            "headers": page.headers,
            "fetched_at": page.fetched_at,
            "body_bytes": len(page.body),
            "body_sha256": hashlib.sha256(page.body).hexdigest(),
        }
        _write_atomically(body_path, page.body)
        _write_atomically(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"


_META_TYPES = {
    "url": str,
    "status": int,
    "headers": dict,
    "fetched_at": str,
    "body_bytes": int,
    "body_sha256": str,
}


def _well_formed(meta: object) -> bool:
    """Whether a meta file holds what `put` writes (a hand-edited or foreign one reads as not cached)."""
    return isinstance(meta, dict) and all(isinstance(meta.get(key), t) for key, t in _META_TYPES.items())


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
