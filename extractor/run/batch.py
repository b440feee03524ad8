"""`extractor run`: many article URLs (or local pages) → claim records; concurrent, polite, resumable.

One input line travels: input file → fetch (network, or the cache with --offline, or the disk for a
local path; always in this process, so robots.txt and the per-host limits hold wherever extraction
runs) → an extraction worker (article parsing and NLP, in one of `--workers` processes that each
load the model once, or on a Dask cluster with --dask) → its records written to OUT → its status
line written to ``OUT.status.jsonl``. Outcomes are written in input order, whatever order they
finish in, so a run's files do not depend on the number of workers. Queues between the stages are
bounded, so memory stays flat however long the input. Records are flushed before the status line,
so after a crash every status line's records are whole in OUT, and `--resume` drops whatever
follows them (records of unfinished articles).

Nothing existing is touched before the run has checked its inputs, taken the lock on OUT and loaded
the model. A fresh run writes ``OUT.partial`` and ``OUT.status.jsonl.partial`` and renames them over
OUT and its status file when it ends (or is stopped by Ctrl-C); a `kill -9` leaves the partial files,
which `--resume` continues.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tqdm import tqdm

from extractor.run.cache import DEFAULT_CACHE_DIR, PageCache
from extractor.run.errors import RunError, cannot_write, error_entry
from extractor.run.extraction import Extraction, Result, TripFailed
from extractor.run.fetch import Fetcher, FetchError, FetchSettings, Page, check_page, check_url
from extractor.run.inputs import count_inputs, open_input, read_inputs
from extractor.run.outputs import (
    Outputs,
    closed_at_the_end,
    exclusive_lock,
    input_checksum,
    lock_path,
    partial_path,
    status_path,
)
from extractor.run.workers import LocalWorkers
from extractor.run.writer import Job, Outcome, Summary, Writer

DEFAULT_BATCH_SIZE = 8  # articles per trip to an extraction worker
DEFAULT_EXTRACT_TIMEOUT = 60.0  # seconds one trip (one article, or one batch) may take
EXIT_SOME_FAILED = 3  # the exit status of `extractor run` when at least one input failed


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity), the default number of workers."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class RunSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    cache_dir: Path | None = Path(DEFAULT_CACHE_DIR)  # None: do not store pages
    offline: bool = False  # read pages from the cache only
    resume: bool = False  # keep OUT and its status file, do only the inputs not done yet
    model: str | None = None
    decisions: str | None = None  # a trained model (`extractor train -o DIR`); None: the shipped one
    workers: int = field(default_factory=default_workers)  # extraction processes (or Dask LocalCluster)
    dask: str | None = None  # a Dask scheduler address, or "local"; None: local worker processes
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT
    batch_size: int = DEFAULT_BATCH_SIZE
    progress: bool = False


def run(source: str | Path, out: str | Path, settings: RunSettings | None = None) -> Summary:
    """Process every input line of `source` (a path, or ``-`` for stdin) into `out` and its status file.

    Returns the summary; SIGINT/SIGTERM stop the run early (``summary.interrupted``). Raises RunError
    when the run cannot start or go on (the input is unreadable, another run holds OUT, the model
    does not load, a write fails...), before anything existing was changed when it cannot start.
    """
    settings = settings or RunSettings()
    if str(out) == "-":
        raise RunError(
            "-o - is not supported: records go to a file, with its status file beside it "
            "(use -o FILE, then read FILE)"
        )
    out = Path(out)
    _check_start(source, out, settings)
    summary = Summary(output=out, status=status_path(out))
    started = time.monotonic()
    with ExitStack() as stack:
        stack.enter_context(exclusive_lock(out))
        outputs = Outputs.plan(out, resume=settings.resume)
        lines = stack.enter_context(open_input(source))
        total = count_inputs(source) if settings.progress else None
        bar = stack.enter_context(
            tqdm(total=total, disable=not settings.progress, unit="input", file=sys.stderr)
        )
        asyncio.run(_Run(settings, outputs, summary, bar).main(read_inputs(lines)))
    summary.elapsed = time.monotonic() - started
    return summary


def _check_start(source: str | Path, out: Path, settings: RunSettings) -> None:
    """Everything that can be checked before the run touches a file; RunError with one line otherwise."""
    if str(source) != "-":
        path = Path(source)
        if path.is_dir():  # a folder of pages (extractor/run/folders.py), read page by page
            if not os.access(path, os.R_OK | os.X_OK):
                raise RunError(f"cannot read the input folder {source}: permission denied")
        elif not os.access(path, os.R_OK):
            problem = "no such file" if not path.exists() else "permission denied"
            raise RunError(f"cannot read the input {source}: {problem}")
        else:
            status = status_path(out)
            written = [out, status, partial_path(out), partial_path(status), lock_path(out)]
            if any(_same_file(path, other) for other in written):
                raise RunError(
                    f"the output {out} (or its status file) is the input {source}: give another -o"
                )
    if out.is_dir():
        raise RunError(f"the output {out} is a directory")
    cache_dir = settings.cache_dir
    if cache_dir is not None and cache_dir.exists() and not cache_dir.is_dir():
        raise RunError(f"--cache {cache_dir} is not a directory")
    if settings.workers < 1:
        raise RunError("--workers must be at least 1")


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


@dataclass
class _Page:
    """A body on its way to an extraction worker."""

    job: Job
    url: str | None
    body: bytes
    charset: str | None
    attempts: int


class _Run:
    """The stages of one run, wired by two bounded queues."""

    def __init__(self, settings: RunSettings, outputs: Outputs, summary: Summary, bar: tqdm) -> None:
        self.settings, self.outputs, self.summary, self.bar = settings, outputs, summary, bar
        self.cache = PageCache(settings.cache_dir) if settings.cache_dir else None
        self.fetcher: Fetcher | None = None
        self.writer: Writer | None = None

    async def main(self, inputs: Iterator[tuple[int, str]]) -> None:
        work = asyncio.create_task(self._work(inputs))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self._interrupt, work)
            except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no signals
                pass
        try:
            await work
        except asyncio.CancelledError:
            if not self.summary.interrupted:
                raise
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.remove_signal_handler(signum)
                except (ValueError, RuntimeError, NotImplementedError):
                    pass

    def _interrupt(self, work: asyncio.Task[None]) -> None:
        self.summary.interrupted = True
        work.cancel()

    async def _work(self, inputs: Iterator[tuple[int, str]]) -> None:
        extraction = _extraction_for(self.settings)
        finished = False
        try:
            await extraction.start()  # the model loads before any output is touched
            records, statuses = self.outputs.open()
            with closed_at_the_end((records, statuses)):
                await self._stages(inputs, extraction, records, statuses)
            finished = True
        finally:
            await extraction.close(now=not finished)  # Ctrl-C must not wait for a busy worker
            if finished or (self.summary.interrupted and self.writer is not None):
                self.outputs.finish()

    async def _stages(
        self, inputs: Iterator[tuple[int, str]], extraction: Extraction, records: IO[str], statuses: IO[str]
    ) -> None:
        fetch, batch_size = self.settings.fetch, self.settings.batch_size
        extractors = extraction.capacity
        window = 2 * fetch.concurrency + 2 * batch_size * extractors + 16
        self.writer = Writer(records, statuses, self.summary, self.bar, window)
        jobs: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=fetch.concurrency * 2)
        pages: asyncio.Queue[_Page | None] = asyncio.Queue(maxsize=batch_size * extractors * 2)
        try:
            async with Fetcher(fetch) if not self.settings.offline else nullcontext() as self.fetcher:
                async with asyncio.TaskGroup() as group:
                    group.create_task(self._feed(inputs, jobs, fetch.concurrency))
                    fetchers = [group.create_task(self._fetch(jobs, pages)) for _ in range(fetch.concurrency)]
                    group.create_task(self._close_when_done(fetchers, pages))
                    for _ in range(extractors):
                        group.create_task(self._extract(pages, extraction))
        except BaseExceptionGroup as group:  # the first failure of a stage stops the run
            raise _first_leaf(group) from None

    async def _feed(
        self, inputs: Iterator[tuple[int, str]], jobs: asyncio.Queue[Job | None], n: int
    ) -> None:
        done, seq = self.outputs.done, 0
        for line, text in inputs:
            if line in done:
                if done[line] != input_checksum(text):
                    raise RunError(f"line {line} of the input changed since the status file was written")
                self.writer.skip()
                continue
            await self.writer.window.acquire()
            await jobs.put(Job(seq, line, text))
            seq += 1
        for _ in range(n):
            await jobs.put(None)

    async def _fetch(self, jobs: asyncio.Queue[Job | None], pages: asyncio.Queue[_Page | None]) -> None:
        while (job := await jobs.get()) is not None:
            job.started = time.monotonic()
            result = await self._obtain(job)
            if isinstance(result, Outcome):
                self.writer.write(result)
            else:
                await pages.put(result)

    async def _close_when_done(
        self, fetchers: list[asyncio.Task[None]], pages: asyncio.Queue[_Page | None]
    ) -> None:
        await asyncio.gather(*fetchers)
        await pages.put(None)

    async def _obtain(self, job: Job) -> _Page | Outcome:
        """The body of one input from the network, the cache or the disk; an error outcome otherwise."""
        if "://" not in job.input:
            return await asyncio.to_thread(self._read_local, job)
        url, attempts = job.input, 0
        try:
            if self.fetcher is None:
                check_url(url)
                page = await asyncio.to_thread(self.cache.get, url) if self.cache else None
                if page is None:
                    raise FetchError("not_cached", "no cached page for this URL (--offline)", url=url)
            else:
                page, attempts = await self.fetcher.fetch(url)
                if self.cache:
                    await self._store(url, page)
            check_page(page)
        except FetchError as error:
            attempts = error.attempts or attempts
            entry = error_entry(error.kind, error.message, error.http_status)
            return Outcome(job, error.url or url, attempts, error=entry)
        return _Page(job, page.url, page.body, page.charset, attempts)

    async def _store(self, url: str, page: Page) -> None:
        try:
            await asyncio.to_thread(self.cache.put, url, page)
        except OSError as error:  # the cache's disk is full, or its folder read-only: the run stops
            raise cannot_write(error.filename or self.cache.root, error) from None

    def _read_local(self, job: Job) -> _Page | Outcome:
        path = Path(job.input)
        try:
            limit = self.settings.fetch.max_bytes
            if path.stat().st_size > limit:
                return Outcome(job, None, 0, error=error_entry("too_large", f"file over {limit} bytes"))
            body = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return Outcome(job, None, 0, error=error_entry("missing", "no such file"))
        except OSError as error:
            return Outcome(job, None, 0, error=error_entry("read", error.strerror or str(error)))
        return _Page(job, None, body, None, 0)

    async def _extract(self, pages: asyncio.Queue[_Page | None], extraction: Extraction) -> None:
        """Take the pages that are waiting (up to a batch) to a worker, until the queue's end."""
        while True:
            first = await pages.get()
            if first is None:
                await pages.put(None)  # the end, for the other extraction tasks too
                return
            batch = [first]
            while len(batch) < self.settings.batch_size and not pages.empty():
                item = pages.get_nowait()
                if item is None:
                    await pages.put(None)
                    break
                batch.append(item)
            results = await self._trip(batch, extraction)
            for page, (records, error) in zip(batch, results, strict=True):
                self.writer.write(Outcome(page.job, page.url, page.attempts, records, error))

    async def _trip(self, batch: list[_Page], extraction: Extraction) -> list[Result]:
        """Results of a batch. When the trip fails (too slow, or its worker died), its pages go again
        one by one, so that only the page at fault gets the failure."""
        items = [(page.body, page.url, page.charset) for page in batch]
        try:
            return await extraction.extract(items, self.settings.extract_timeout)
        except TripFailed as failure:
            if len(batch) == 1:
                return [([], error_entry(failure.kind, str(failure)))]
        return [result for page in batch for result in await self._trip([page], extraction)]


def _extraction_for(settings: RunSettings) -> Extraction:
    if settings.dask:
        try:
            from extractor.run.distributed import DaskExtraction
        except ImportError as error:
            raise RunError(
                f"--dask needs the dask extra: pip install 'extractor[dask]' ({error})"
            ) from None
        spec = (settings.model, settings.decisions)
        return DaskExtraction(settings.dask, workers=settings.workers, model=spec)
    return LocalWorkers(settings.workers, (settings.model, settings.decisions))


def _first_leaf(group: BaseExceptionGroup) -> BaseException:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first
