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
import ctypes
import fcntl
import io
import json
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Protocol

from tqdm import tqdm

from extractor.article import ArticleError, parse_html
from extractor.cache import DEFAULT_CACHE_DIR, PageCache
from extractor.fetch import Fetcher, FetchError, FetchSettings, check_page, check_url
from extractor.folders import article_files
from extractor.records import dumps

DEFAULT_BATCH_SIZE = 8  # articles per trip to an extraction worker
DEFAULT_EXTRACT_TIMEOUT = 60.0  # seconds one trip (one article, or one batch) may take
EXIT_SOME_FAILED = 3  # the exit status of `extractor run` when at least one input failed


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity), the default number of workers."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@cache
def error_kinds() -> dict[str, str]:
    """Every error kind a status line can hold, with what it means (extractor/error_kinds.json)."""
    text = resources.files("extractor").joinpath("error_kinds.json").read_text(encoding="utf-8")
    return json.loads(text)


class RunError(RuntimeError):
    """The run as a whole cannot start or go on (one input's failure goes to the status file)."""


@dataclass(frozen=True)
class RunSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    cache_dir: Path | None = Path(DEFAULT_CACHE_DIR)  # None: do not store pages
    offline: bool = False  # read pages from the cache only
    resume: bool = False  # keep OUT and its status file, do only the inputs not done yet
    model: str | None = None
    workers: int = field(default_factory=default_workers)  # extraction processes (or Dask LocalCluster)
    dask: str | None = None  # a Dask scheduler address, or "local"; None: local worker processes
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT
    batch_size: int = DEFAULT_BATCH_SIZE
    progress: bool = False


@dataclass
class Summary:
    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    skipped: int = 0  # already in the status file (--resume)
    elapsed: float = 0.0
    interrupted: bool = False
    output: Path | None = None
    status: Path | None = None

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def describe(self) -> str:
        text = f"{self.ok + self.failed} inputs: {self.ok} ok, {self.failed} errors"
        if self.failed:
            text += " (" + ", ".join(f"{kind} {n}" for kind, n in self.errors.most_common()) + ")"
        text += f"; {self.claims} claims; {self.elapsed:.1f}s"
        if self.skipped:
            text += f"; {self.skipped} skipped as already done"
        if self.output:
            text += f"; records in {self.output}, status lines in {self.status}"
        return ("interrupted: " if self.interrupted else "") + text


def status_path(out: str | Path) -> Path:
    """Where the status file of an output goes: beside it, ``OUT.status.jsonl``."""
    out = Path(out)
    return out.with_name(out.name + ".status.jsonl")


def lock_path(out: str | Path) -> Path:
    """The file a run holds an exclusive lock on while it writes OUT: ``OUT.lock``."""
    out = Path(out)
    return out.with_name(out.name + ".lock")


def partial_path(path: Path) -> Path:
    """Where a fresh run writes `path` until it ends: ``path.partial``."""
    return path.with_name(path.name + ".partial")


def run(source: str | Path, out: str | Path, settings: RunSettings | None = None) -> Summary:
    """Process every input line of `source` (a path, or ``-`` for stdin) into `out` and its status file.

    Returns the summary; SIGINT/SIGTERM stop the run early (``summary.interrupted``). Raises RunError
    when the run cannot start or go on (the input is unreadable, another run holds OUT, the model
    does not load...), before anything existing was changed when it cannot start.
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
        stack.enter_context(_exclusive_lock(out))
        outputs = _Outputs.plan(out, resume=settings.resume)
        lines = stack.enter_context(_open_input(source))
        total = _count_inputs(source) if settings.progress else None
        bar = stack.enter_context(
            tqdm(total=total, disable=not settings.progress, unit="input", file=sys.stderr)
        )
        asyncio.run(_Run(settings, outputs, summary, bar).main(_inputs(lines)))
    summary.elapsed = time.monotonic() - started
    return summary


def _check_start(source: str | Path, out: Path, settings: RunSettings) -> None:
    """Everything that can be checked before the run touches a file; RunError with one line otherwise."""
    if str(source) != "-":
        path = Path(source)
        if path.is_dir():  # a folder of pages (extractor/folders.py), read page by page
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


@contextmanager
def _exclusive_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``OUT.lock`` for the run (the file stays; the lock goes with us)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(out), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(f"another extractor run is writing {out} (it holds {lock_path(out)})") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclass
class _Outputs:
    """The record and status files a run writes, and what it does with them at the end.

    A fresh run writes the ``.partial`` pair and renames it over OUT and its status file at the end.
    --resume continues the pair a killed run left (the partial status file, if there is one) or OUT
    and its status file, after repairing it: a status line cut short is dropped, and the records
    file keeps exactly the records the status lines count, in order.
    """

    out: Path
    records_path: Path
    status_path: Path
    done: dict[int, int]  # input line → checksum of the input, for the lines already done
    keep_status: int = 0  # bytes of the status file to keep (resume)
    keep_records: int = 0  # bytes of the records file to keep (resume)
    fresh: bool = True

    @classmethod
    def plan(cls, out: Path, *, resume: bool) -> _Outputs:
        """What to write, checked but not yet touched (RunError when --resume cannot go on)."""
        status = status_path(out)
        if not resume:
            return cls(out, partial_path(out), partial_path(status), {})
        if partial_path(status).exists():
            records = partial_path(out) if partial_path(out).exists() else out
            status = partial_path(status)
        elif status.exists():
            records = out
        elif out.exists() and out.stat().st_size > 0:
            raise RunError(
                f"--resume: {out} has no status file ({status}), so which inputs are done is unknown; "
                "run without --resume to start again"
            )
        else:
            return cls(out, partial_path(out), partial_path(status), {})
        done, claims, keep_status = _read_status(status)
        kept_records, keep_records = _complete_lines(records, claims) if records.exists() else (0, 0)
        if kept_records < claims:
            raise RunError(
                f"{records} holds {kept_records} complete records but its status file counts {claims}: "
                "cannot resume; run again without --resume"
            )
        return cls(out, records, status, done, keep_status, keep_records, fresh=False)

    def open(self) -> tuple[IO[str], IO[str]]:
        if not self.fresh:
            _truncate(self.status_path, self.keep_status)
            if self.records_path.exists():
                _truncate(self.records_path, self.keep_records)
        mode = "w" if self.fresh else "a"
        return open(self.records_path, mode, encoding="utf-8"), open(self.status_path, mode, encoding="utf-8")

    def finish(self) -> None:
        """Move the partial pair into place: records first, so that a crash between the two renames
        leaves a pair that --resume still reads right (the new OUT with the partial status file)."""
        if self.records_path != self.out:
            os.replace(self.records_path, self.out)
        if self.status_path != status_path(self.out):
            os.replace(self.status_path, status_path(self.out))


def _read_status(status: Path) -> tuple[dict[int, int], int, int]:
    """(lines done → input checksum, records they count, bytes of whole status lines) of a status file."""
    done: dict[int, int] = {}
    claims = keep = 0
    with open(status, "rb") as lines:
        for line in lines:
            try:
                entry = json.loads(line) if line.endswith(b"\n") else None
            except ValueError:
                entry = None
            if not isinstance(entry, dict):
                break
            done[entry["line"]] = _checksum(entry["input"])
            claims += entry["claims"]
            keep += len(line)
    return done, claims, keep


def _complete_lines(path: Path, count: int) -> tuple[int, int]:
    """(how many of the first `count` lines of the file are complete, their bytes)."""
    kept = size = 0
    with open(path, "rb") as lines:
        for line in lines:
            if kept == count or not line.endswith(b"\n"):
                break
            kept += 1
            size += len(line)
    return kept, size


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as file:
        file.truncate(size)


@dataclass
class _Job:
    seq: int  # the order in which outcomes are written
    line: int
    input: str
    started: float = field(default_factory=time.monotonic)


@dataclass
class _Outcome:
    job: _Job
    url: str | None
    attempts: int
    records: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None
    finished: float = field(default_factory=time.monotonic)


@dataclass
class _Page:
    """A body on its way to an extraction worker."""

    job: _Job
    url: str | None
    body: bytes
    charset: str | None
    attempts: int


class _Writer:
    """Writes outcomes in input order: an article's records, then its status line, both flushed, so a
    crash cuts cleanly. An outcome that finishes early waits for those before it; at most `window`
    inputs are between the oldest unwritten one and the newest started (the feed waits on `window`)."""

    def __init__(self, records: IO[str], statuses: IO[str], summary: Summary, bar: tqdm, window: int) -> None:
        self.records, self.statuses, self.summary, self.bar = records, statuses, summary, bar
        self.window = asyncio.Semaphore(window)
        self._waiting: dict[int, _Outcome] = {}
        self._next = 0

    def write(self, outcome: _Outcome) -> None:
        self._waiting[outcome.job.seq] = outcome
        while self._next in self._waiting:
            self._write(self._waiting.pop(self._next))
            self._next += 1
            self.window.release()

    def _write(self, outcome: _Outcome) -> None:
        if outcome.records:
            self.records.write("".join(line + "\n" for line in outcome.records))
            self.records.flush()
        entry = {
            "line": outcome.job.line,
            "input": outcome.job.input,
            "url": outcome.url,
            "status": "error" if outcome.error else "ok",
            "claims": len(outcome.records),
            "error": outcome.error,
            "attempts": outcome.attempts,
            "elapsed_s": round(outcome.finished - outcome.job.started, 3),
        }
        self.statuses.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.statuses.flush()
        if outcome.error:
            self.summary.errors[outcome.error["kind"]] += 1
        else:
            self.summary.ok += 1
        self.summary.claims += len(outcome.records)
        self.bar.update()

    def skip(self) -> None:
        self.summary.skipped += 1
        self.bar.update()


PageItem = tuple[bytes, str | None, str | None]  # (body, url, charset): what an extraction worker gets
Result = tuple[list[str], dict[str, Any] | None]  # (record lines, error): what it gives back


class TripFailed(Exception):
    """A trip to an extraction worker ended without results: it took too long, or the worker died."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Extraction(Protocol):
    """Where extraction runs: local worker processes, or a Dask cluster (extractor/distributed.py)."""

    capacity: int  # trips worth having in flight at once

    async def start(self) -> None:
        """Start the workers and load the model; RunError when it does not load."""

    async def extract(self, items: list[PageItem], timeout: float) -> list[Result]:
        """One result per item, in order; TripFailed when the trip timed out or its worker died."""

    async def close(self, *, now: bool) -> None:
        """Stop the workers (`now`: at once, dropping what they are doing)."""


class _Run:
    """The stages of one run, wired by two bounded queues."""

    def __init__(self, settings: RunSettings, outputs: _Outputs, summary: Summary, bar: tqdm) -> None:
        self.settings, self.outputs, self.summary, self.bar = settings, outputs, summary, bar
        self.cache = PageCache(settings.cache_dir) if settings.cache_dir else None
        self.fetcher: Fetcher | None = None
        self.writer: _Writer | None = None

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
            with records, statuses:
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
        self.writer = _Writer(records, statuses, self.summary, self.bar, window)
        jobs: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=fetch.concurrency * 2)
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
        self, inputs: Iterator[tuple[int, str]], jobs: asyncio.Queue[_Job | None], n: int
    ) -> None:
        done, seq = self.outputs.done, 0
        for line, text in inputs:
            if line in done:
                if done[line] != _checksum(text):
                    raise RunError(f"line {line} of the input changed since the status file was written")
                self.writer.skip()
                continue
            await self.writer.window.acquire()
            await jobs.put(_Job(seq, line, text))
            seq += 1
        for _ in range(n):
            await jobs.put(None)

    async def _fetch(self, jobs: asyncio.Queue[_Job | None], pages: asyncio.Queue[_Page | None]) -> None:
        while (job := await jobs.get()) is not None:
            job.started = time.monotonic()
            result = await self._obtain(job)
            if isinstance(result, _Outcome):
                self.writer.write(result)
            else:
                await pages.put(result)

    async def _close_when_done(
        self, fetchers: list[asyncio.Task[None]], pages: asyncio.Queue[_Page | None]
    ) -> None:
        await asyncio.gather(*fetchers)
        await pages.put(None)

    async def _obtain(self, job: _Job) -> _Page | _Outcome:
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
                    await asyncio.to_thread(self.cache.put, url, page)
            check_page(page)
        except FetchError as error:
            attempts = error.attempts or attempts
            failure = _error(error.kind, error.message, error.http_status)
            return _Outcome(job, error.url or url, attempts, error=failure)
        return _Page(job, page.url, page.body, page.charset, attempts)

    def _read_local(self, job: _Job) -> _Page | _Outcome:
        path = Path(job.input)
        try:
            limit = self.settings.fetch.max_bytes
            if path.stat().st_size > limit:
                return _Outcome(job, None, 0, error=_error("too_large", f"file over {limit} bytes"))
            body = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return _Outcome(job, None, 0, error=_error("missing", "no such file"))
        except OSError as error:
            return _Outcome(job, None, 0, error=_error("read", error.strerror or str(error)))
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
                self.writer.write(_Outcome(page.job, page.url, page.attempts, records, error))

    async def _trip(self, batch: list[_Page], extraction: Extraction) -> list[Result]:
        """Results of a batch. When the trip fails (too slow, or its worker died), its pages go again
        one by one, so that only the page at fault gets the failure."""
        items = [(page.body, page.url, page.charset) for page in batch]
        try:
            return await extraction.extract(items, self.settings.extract_timeout)
        except TripFailed as failure:
            if len(batch) == 1:
                return [([], _error(failure.kind, str(failure)))]
        return [result for page in batch for result in await self._trip([page], extraction)]


def _extraction_for(settings: RunSettings) -> Extraction:
    if settings.dask:
        try:
            from extractor.distributed import DaskExtraction
        except ImportError as error:
            raise RunError(
                f"--dask needs the dask extra: pip install 'extractor[dask]' ({error})"
            ) from None
        return DaskExtraction(settings.dask, workers=settings.workers, model=settings.model)
    return LocalWorkers(settings.workers, settings.model)


def _error(kind: str, message: str, http_status: int | None = None) -> dict[str, Any]:
    return {"kind": kind, "message": message, "http_status": http_status}


def _first_leaf(group: BaseExceptionGroup) -> BaseException:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _open_input(source: str | Path) -> AbstractContextManager[IO[str]]:
    if str(source) == "-":
        return nullcontext(sys.stdin)
    if Path(source).is_dir():  # a folder: its article pages, one input a line
        return nullcontext(io.StringIO("".join(f"{path}\n" for path in article_files(source))))
    try:
        return open(source, encoding="utf-8", errors="replace")
    except OSError as error:
        raise RunError(f"cannot read the input {source}: {error.strerror or error}") from None


def _inputs(lines: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, input) of each line that is not blank or a # comment, read lazily. A byte order
    mark before the first line (editors on Windows write one) is not part of it."""
    for number, line in enumerate(lines, 1):
        text = (line.removeprefix("\ufeff") if number == 1 else line).strip()
        if text and not text.startswith("#"):
            yield number, text


def _count_inputs(source: str | Path) -> int | None:
    if str(source) == "-":
        return None
    with _open_input(source) as lines:
        return sum(1 for _ in _inputs(lines))


# Local extraction: worker processes that each load spaCy once and turn bodies into record lines.


class LocalWorkers:
    """`size` extraction processes. One that dies, or overruns a trip's time, is killed and replaced."""

    def __init__(self, size: int, model: str | None) -> None:
        self.capacity, self.model = size, model
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()

    async def start(self) -> None:
        await asyncio.gather(*(self._add_worker() for _ in range(self.capacity)))

    async def _add_worker(self) -> None:
        worker = _Worker(self.model)
        self._all.add(worker)
        try:
            await worker.ready()
        except BaseException:
            self._discard(worker)
            raise
        self._idle.put_nowait(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)

    async def extract(self, items: list[PageItem], timeout: float) -> list[Result]:
        worker = await self._idle.get()
        try:
            results = await asyncio.wait_for(worker.call(items), timeout)
        except TimeoutError:
            failure = TripFailed("timeout_extract", f"extraction took more than {timeout:g} s")
        except _WorkerGone as gone:
            failure = TripFailed("worker_died", f"the extraction worker died ({gone})")
        except BaseException:  # cancelled: the worker is busy with work nobody waits for
            self._discard(worker)
            raise
        else:
            self._idle.put_nowait(worker)
            return results
        self._discard(worker)
        await self._add_worker()
        raise failure

    async def close(self, *, now: bool) -> None:
        for worker in list(self._all):
            if not now:
                worker.stop()
            self._discard(worker)


class _WorkerGone(Exception):
    """The worker's end of the pipe closed: it exited or was killed (OOM killer, a signal)."""


class _Worker:
    """One extraction process, spoken to over a pipe: it answers each list of items with its results."""

    def __init__(self, model: str | None) -> None:
        context = multiprocessing.get_context("spawn")  # fork is unsafe under a running event loop
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, model, os.getpid()), name="extractor-worker", daemon=True
        )
        self.process.start()
        child.close()  # so that the worker's death reads as the end of the pipe here

    async def ready(self) -> None:
        try:
            state, message = await self._receive()
        except _WorkerGone:
            raise RunError("the extraction worker died while loading the model") from None
        if state != "ready":
            raise RunError(message)

    async def call(self, items: list[PageItem]) -> list[Result]:
        try:
            self.connection.send(items)
        except OSError as error:
            raise _WorkerGone(error.strerror or str(error)) from None
        return await self._receive()

    async def _receive(self) -> Any:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        descriptor = self.connection.fileno()

        def readable() -> None:
            loop.remove_reader(descriptor)
            if answer.done():
                return
            try:
                answer.set_result(self.connection.recv())
            except (EOFError, OSError, pickle.UnpicklingError):
                self.process.join(timeout=1)
                answer.set_exception(_WorkerGone(_exit_description(self.process.exitcode)))

        loop.add_reader(descriptor, readable)
        try:
            return await answer
        finally:
            loop.remove_reader(descriptor)

    def stop(self) -> None:
        """Ask the worker to exit, and wait a little for it."""
        try:
            self.connection.send(None)
        except OSError:
            return
        self.process.join(timeout=2)

    def kill(self) -> None:
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(timeout=2)
        self.connection.close()


def _exit_description(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def _worker_main(connection: Any, model: str | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    exit_with_parent(parent)
    from extractor.pipeline import Extractor

    try:
        extractor = Extractor(model)
    except Exception as error:
        connection.send(("failed", f"cannot load the extraction model: {error}"))
        return
    connection.send(("ready", None))
    while True:
        try:
            items = connection.recv()
        except EOFError:
            return
        if items is None:
            return
        connection.send(extract_pages(extractor, items))


def exit_with_parent(parent: int) -> None:
    """Make this process end soon after `parent` does, even by kill -9: the kernel sends SIGKILL
    (Linux's PR_SET_PDEATHSIG), and a watcher thread covers other systems and the moment between
    the start and that call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def extract_pages(extractor: Any, items: list[PageItem]) -> list[Result]:
    """For each (body, url, charset): its record lines, or an error; spaCy runs over the batch at once.

    Runs inside a worker: a local one, or a Dask worker (extractor/distributed.py)."""
    results: list[Result] = []
    articles = []
    for body, url, charset in items:
        _test_only_fault(body)
        try:
            articles.append(parse_html(body, url=url, encoding=charset))
            results.append(([], None))
        except ArticleError as error:
            results.append(([], _error(error.kind, str(error))))
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
        return _error(error.kind, str(error))
    except Exception as error:
        return _error("extract", f"{type(error).__name__}: {error}")


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
