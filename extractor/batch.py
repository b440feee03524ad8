"""`extractor run`: many article URLs (or local pages) → claim records; concurrent, polite, resumable.

One input line travels: input file → fetch (network, or the cache with --offline, or the disk for a
local path) → the extraction worker (article parsing and NLP, in a separate process so the event
loop never waits for spaCy) → its records appended to OUT → its status line appended to
``OUT.status.jsonl``. Queues between the stages are bounded, so memory stays flat however long the
input. Records are flushed before the status line, so after a crash every status line's records are
whole in OUT, and `--resume` drops whatever follows them (records of unfinished articles).
"""

from __future__ import annotations

import asyncio
import io
import json
import multiprocessing
import signal
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from extractor.article import ArticleError, parse_html
from extractor.cache import DEFAULT_CACHE_DIR, PageCache
from extractor.fetch import Fetcher, FetchError, FetchSettings, check_page, check_url
from extractor.folders import article_files
from extractor.records import dumps

DEFAULT_BATCH_SIZE = 8  # articles per trip to the extraction worker


@cache
def error_kinds() -> dict[str, str]:
    """Every error kind a status line can hold, with what it means (extractor/error_kinds.json)."""
    text = resources.files("extractor").joinpath("error_kinds.json").read_text(encoding="utf-8")
    return json.loads(text)


class RunError(RuntimeError):
    """The run as a whole cannot go on (not one input's failure: those go to the status file)."""


@dataclass(frozen=True)
class RunSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    cache_dir: Path | None = Path(DEFAULT_CACHE_DIR)  # None: do not store pages
    offline: bool = False  # read pages from the cache only
    resume: bool = False  # keep OUT and its status file, do only the inputs not done yet
    model: str | None = None
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

    def describe(self) -> str:
        failed = sum(self.errors.values())
        text = f"{self.ok + failed} inputs: {self.ok} ok, {failed} errors"
        if failed:
            text += " (" + ", ".join(f"{kind} {n}" for kind, n in self.errors.most_common()) + ")"
        text += f"; {self.claims} claims; {self.elapsed:.1f}s"
        if self.skipped:
            text += f"; {self.skipped} skipped as already done"
        return ("interrupted: " if self.interrupted else "") + text


def status_path(out: str | Path) -> Path:
    """Where the status file of an output goes: beside it, ``OUT.status.jsonl``."""
    out = Path(out)
    return out.with_name(out.name + ".status.jsonl")


def run(source: str | Path, out: str | Path, settings: RunSettings | None = None) -> Summary:
    """Process every input line of `source` (a path, or ``-`` for stdin) into `out` and its status file.

    Returns the summary; SIGINT/SIGTERM stop the run early (``summary.interrupted``). Raises RunError
    when the run cannot start or go on (e.g. the extraction worker fails to load the model).
    """
    settings = settings or RunSettings()
    out = Path(out)
    done = prepare_outputs(out, resume=settings.resume)
    summary = Summary()
    started = time.monotonic()
    with ExitStack() as stack:
        lines = stack.enter_context(_open_input(source))
        records = stack.enter_context(open(out, "a", encoding="utf-8"))
        statuses = stack.enter_context(open(status_path(out), "a", encoding="utf-8"))
        total = _count_inputs(source) if settings.progress else None
        bar = stack.enter_context(
            tqdm(total=total, disable=not settings.progress, unit="input", file=sys.stderr)
        )
        writer = _Writer(records, statuses, summary, bar)
        asyncio.run(_Run(settings, writer, done).main(_inputs(lines)))
    summary.elapsed = time.monotonic() - started
    return summary


def prepare_outputs(out: Path, *, resume: bool) -> dict[int, int]:
    """Empty OUT and its status file, or (resume) repair them after a crash.

    Returns the input lines already done (line number → checksum of the input). A status line cut
    short is dropped; OUT keeps exactly the records the status lines count, in order, and loses the
    rest (records of articles that were being written when the run died).
    """
    status = status_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not resume or not status.exists():
        out.write_bytes(b"")
        status.write_bytes(b"")
        return {}
    done: dict[int, int] = {}
    claims = 0
    keep = 0
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
    _truncate(status, keep)
    kept_records = _truncate_after_lines(out, claims) if out.exists() else 0
    if kept_records < claims:
        raise RunError(
            f"{out} holds {kept_records} complete records but its status file counts {claims}: "
            "cannot resume; run again without --resume"
        )
    return done


@dataclass
class _Job:
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


@dataclass
class _Page:
    """A body on its way to the extraction worker."""

    job: _Job
    url: str | None
    body: bytes
    charset: str | None
    attempts: int


class _Writer:
    """Appends an article's records, then its status line; flushes both, so a crash cuts cleanly."""

    def __init__(self, records: IO[str], statuses: IO[str], summary: Summary, bar: tqdm) -> None:
        self.records, self.statuses, self.summary, self.bar = records, statuses, summary, bar

    def write(self, outcome: _Outcome) -> None:
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
            "elapsed_s": round(time.monotonic() - outcome.job.started, 3),
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


class _Run:
    """The stages of one run, wired by two bounded queues."""

    def __init__(self, settings: RunSettings, writer: _Writer, done: dict[int, int]) -> None:
        self.settings, self.writer, self.done = settings, writer, done
        self.cache = PageCache(settings.cache_dir) if settings.cache_dir else None
        self.fetcher: Fetcher | None = None
        self.pool: ProcessPoolExecutor | None = None

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
            if not self.writer.summary.interrupted:
                raise
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.remove_signal_handler(signum)
                except (ValueError, RuntimeError, NotImplementedError):
                    pass

    def _interrupt(self, work: asyncio.Task[None]) -> None:
        self.writer.summary.interrupted = True
        work.cancel()

    async def _work(self, inputs: Iterator[tuple[int, str]]) -> None:
        fetch = self.settings.fetch
        jobs: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=fetch.concurrency * 2)
        pages: asyncio.Queue[_Page | None] = asyncio.Queue(maxsize=self.settings.batch_size * 2)
        self.pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.settings.model,),
        )
        try:
            # Load the model while the first pages download.
            ready = asyncio.get_running_loop().run_in_executor(self.pool, _worker_ready)
            async with Fetcher(fetch) if not self.settings.offline else nullcontext() as self.fetcher:
                async with asyncio.TaskGroup() as group:
                    group.create_task(self._feed(inputs, jobs, fetch.concurrency))
                    fetchers = [group.create_task(self._fetch(jobs, pages)) for _ in range(fetch.concurrency)]
                    group.create_task(self._close_when_done(fetchers, pages))
                    group.create_task(self._extract(pages, ready))
        except BaseExceptionGroup as group:  # the first failure of a stage stops the run
            first = _first_leaf(group)
            if isinstance(first, BrokenProcessPool):
                raise RunError("the extraction worker died; run again with --resume to go on") from None
            raise first from None
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def _feed(
        self, inputs: Iterator[tuple[int, str]], jobs: asyncio.Queue[_Job | None], n: int
    ) -> None:
        for line, text in inputs:
            if line in self.done:
                if self.done[line] != _checksum(text):
                    raise RunError(f"line {line} of the input changed since the status file was written")
                self.writer.skip()
                continue
            await jobs.put(_Job(line, text))
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

    async def _extract(self, pages: asyncio.Queue[_Page | None], ready: asyncio.Future[None]) -> None:
        loop = asyncio.get_running_loop()
        await ready
        finished = False
        while not finished:
            batch: list[_Page] = []
            item = await pages.get()
            while item is not None:
                batch.append(item)
                if len(batch) >= self.settings.batch_size or pages.empty():
                    break
                item = pages.get_nowait()
            finished = item is None
            if not batch:
                continue
            payload = [(page.body, page.url, page.charset) for page in batch]
            results = await loop.run_in_executor(self.pool, _extract_batch, payload)
            for page, (records, error) in zip(batch, results, strict=True):
                self.writer.write(_Outcome(page.job, page.url, page.attempts, records, error))


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
    """(line number, input) of each line that is not blank or a # comment, read lazily."""
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text


def _count_inputs(source: str | Path) -> int | None:
    if str(source) == "-":
        return None
    with _open_input(source) as lines:
        return sum(1 for _ in _inputs(lines))


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as file:
        file.truncate(size)


def _truncate_after_lines(path: Path, count: int) -> int:
    """Cut the file after its first `count` complete lines; returns how many complete lines it kept."""
    kept = size = 0
    with open(path, "rb") as lines:
        for line in lines:
            if kept == count or not line.endswith(b"\n"):
                break
            kept += 1
            size += len(line)
    _truncate(path, size)
    return kept


# The extraction worker: a separate process that loads spaCy once and turns bodies into record lines.

_worker_extractor: Any = None
_worker_failure: str | None = None


def _start_worker(model: str | None) -> None:
    global _worker_extractor, _worker_failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    from extractor.pipeline import Extractor

    try:
        _worker_extractor = Extractor(model)
    except Exception as error:  # reported by the first call, as the run's fatal error
        _worker_failure = f"cannot load the extraction model: {error}"


def _worker_ready() -> None:
    if _worker_extractor is None:
        raise RunError(_worker_failure or "the extraction worker did not start")


def _extract_batch(
    items: list[tuple[bytes, str | None, str | None]],
) -> list[tuple[list[str], dict[str, Any] | None]]:
    """For each (body, url, charset): its record lines, or an error; spaCy runs over the batch at once."""
    _worker_ready()
    results: list[tuple[list[str], dict[str, Any] | None]] = []
    articles = []
    for body, url, charset in items:
        try:
            articles.append(parse_html(body, url=url, encoding=charset))
            results.append(([], None))
        except ArticleError as error:
            results.append(([], _error(error.kind, str(error))))
    try:
        claims = list(_worker_extractor.extract_articles(articles))
    except Exception:  # one bad article must not sink the batch: find it by going one by one
        claims = [_extract_one(article) for article in articles]
    slots = [index for index, (_, error) in enumerate(results) if error is None]
    for index, article_claims in zip(slots, claims, strict=True):
        if isinstance(article_claims, dict):
            results[index] = ([], article_claims)
        else:
            results[index] = ([dumps(claim) for claim in article_claims], None)
    return results


def _extract_one(article: Any) -> Any:
    try:
        return _worker_extractor.extract_article(article)
    except Exception as error:
        return _error("extract", f"{type(error).__name__}: {error}")
