"""The writer of a run's outcomes (an article's records, then its status line, in input order) and the
`Summary` that counts them."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from extractor.run.errors import cannot_write


@dataclass
class Summary:
    """What a run did, for its summary line, and where its files are."""

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


@dataclass
class Job:
    seq: int  # the order in which outcomes are written
    line: int
    input: str
    started: float = field(default_factory=time.monotonic)


@dataclass
class Outcome:
    job: Job
    url: str | None
    attempts: int
    records: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None
    finished: float = field(default_factory=time.monotonic)


class Writer:
    """Writes outcomes in input order: an article's records, then its status line, both flushed, so a
    crash cuts cleanly. An outcome that finishes early waits for those before it; at most `window`
    inputs are between the oldest unwritten one and the newest started (the feed waits on `window`)."""

    def __init__(self, records: IO[str], statuses: IO[str], summary: Summary, bar: tqdm, window: int) -> None:
        self.records, self.statuses, self.summary, self.bar = records, statuses, summary, bar
        self.window = asyncio.Semaphore(window)
        self._waiting: dict[int, Outcome] = {}
        self._next = 0

    def write(self, outcome: Outcome) -> None:
        self._waiting[outcome.job.seq] = outcome
        while self._next in self._waiting:
            self._write(self._waiting.pop(self._next))
            self._next += 1
            self.window.release()

    def _write(self, outcome: Outcome) -> None:
        if outcome.records:
            _append(self.records, "".join(line + "\n" for line in outcome.records))
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
        _append(self.statuses, json.dumps(entry, ensure_ascii=False) + "\n")
        if outcome.error:
            self.summary.errors[outcome.error["kind"]] += 1
        else:
            self.summary.ok += 1
        self.summary.claims += len(outcome.records)
        self.bar.update()

    def skip(self) -> None:
        self.summary.skipped += 1
        self.bar.update()


def _append(file: IO[str], text: str) -> None:
    """Write and flush, so that what is on disk is whole lines up to here (RunError when it fails)."""
    try:
        file.write(text)
        file.flush()
    except OSError as error:
        raise cannot_write(file.name, error) from None
