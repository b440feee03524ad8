"""What travels between a run and its extraction workers, wherever they run (local processes,
workers.py, or a Dask cluster, distributed.py): the items a trip takes, the results it brings back, how
a trip fails, and `extract_pages`, the work done at the other end. Both sides import this module;
it imports neither."""

from __future__ import annotations

import os
import signal
import time
from typing import Any, Protocol

from extractor.article import ArticleError, parse_html
from extractor.records import dumps
from extractor.run.errors import error_entry

# Which extractor a worker loads: the spaCy model's name and a trained decisions folder (None: defaults).
ModelSpec = tuple[str | None, str | None]
PageItem = tuple[bytes, str | None, str | None]  # (body, url, charset): what an extraction worker gets
Result = tuple[list[str], dict[str, Any] | None]  # (record lines, error): what it gives back


class TripFailed(Exception):
    """A trip to an extraction worker ended without results: it took too long, or the worker died."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Extraction(Protocol):
    """Where extraction runs: local worker processes, or a Dask cluster (extractor/run/distributed.py)."""

    capacity: int  # trips worth having in flight at once

    async def start(self) -> None:
        """Start the workers and load the model; RunError when it does not load."""

    async def extract(self, items: list[PageItem], timeout: float) -> list[Result]:
        """One result per item, in order; TripFailed when the trip timed out or its worker died."""

    async def close(self, *, now: bool) -> None:
        """Stop the workers (`now`: at once, dropping what they are doing)."""


def extract_pages(extractor: Any, items: list[PageItem]) -> list[Result]:
    """For each (body, url, charset): its record lines, or an error; spaCy runs over the batch at once.

    Runs inside a worker: a local one, or a Dask worker (extractor/run/distributed.py)."""
    results: list[Result] = []
    articles = []
    for body, url, charset in items:
        _test_only_fault(body)
        try:
            articles.append(parse_html(body, url=url, encoding=charset))
            results.append(([], None))
        except ArticleError as error:
            results.append(([], error_entry(error.kind, str(error))))
    try:
        claims = list(extractor.extract_articles(articles))
    except Exception:  # one bad article must not sink the batch: find it by going one by one
        claims = [_extract_one(extractor, article) for article in articles]
    slots = [index for index, (_, error) in enumerate(results) if error is None]
    for index, article_claims in zip(slots, claims, strict=True):
        if isinstance(article_claims, dict):
            results[index] = ([], article_claims)
        else:
            results[index] = ([dumps(claim) for claim in article_claims], None)
    return results


def _extract_one(extractor: Any, article: Any) -> Any:
    try:
        return extractor.extract_article(article)
    except ArticleError as error:  # refused by the pipeline itself, e.g. too_long
        return error_entry(error.kind, str(error))
    except Exception as error:
        return error_entry("extract", f"{type(error).__name__}: {error}")


TEST_FAULTS_VARIABLE = "EXTRACTOR_TEST_WORKER_FAULTS"


def _test_only_fault(body: bytes) -> None:
    """TEST ONLY (tests/test_run.py): with EXTRACTOR_TEST_WORKER_FAULTS="kill=WORD,sleep=WORD", a
    worker SIGKILLs itself, or sleeps ten minutes, on a page whose bytes contain WORD. Unset in real runs."""
    faults = os.environ.get(TEST_FAULTS_VARIABLE)
    if not faults:
        return
    for fault in faults.split(","):
        action, _, word = fault.partition("=")
        if word and word.encode() in body:
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif action == "sleep":
                time.sleep(600)
