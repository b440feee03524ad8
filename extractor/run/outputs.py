"""The files a run writes beside OUT (its status file, the lock, the ``.partial`` pair), and how
--resume reads back what an earlier run left."""

from __future__ import annotations

import fcntl
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from extractor.run.errors import RunError, cannot_write


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


@contextmanager
def exclusive_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``OUT.lock`` for the run (the file stays; the lock goes with us)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = open(lock_path(out), "a")
    except OSError as error:
        raise cannot_write(error.filename or lock_path(out), error) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(f"another extractor run is writing {out} (it holds {lock_path(out)})") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclass
class Outputs:
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
    def plan(cls, out: Path, *, resume: bool) -> Outputs:
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
        """The records and status files, open for writing (RunError when they cannot be written)."""
        try:
            if not self.fresh:
                os.truncate(self.status_path, self.keep_status)
                if self.records_path.exists():
                    os.truncate(self.records_path, self.keep_records)
            mode = "w" if self.fresh else "a"
            records = open(self.records_path, mode, encoding="utf-8")
            with _closed_on_error(records):
                return records, open(self.status_path, mode, encoding="utf-8")
        except OSError as error:  # open() and os.truncate() name the file
            raise cannot_write(error.filename or self.records_path, error) from None

    def finish(self) -> None:
        """Move the partial pair into place: records first, so that a crash between the two renames
        leaves a pair that --resume still reads right (the new OUT with the partial status file)."""
        try:
            if self.records_path != self.out:
                os.replace(self.records_path, self.out)
            if self.status_path != status_path(self.out):
                os.replace(self.status_path, status_path(self.out))
        except OSError as error:
            raise cannot_write(error.filename2 or error.filename, error) from None


@contextmanager
def closed_at_the_end(files: tuple[IO[str], ...]) -> Iterator[None]:
    """Close the files when the run's writing ends. After a failed write (a full disk) the bytes it could
    not write are still in a buffer, and closing tries them again: that second failure must not take
    the place of the first, which named the file and said how to go on."""
    try:
        yield
    except BaseException:
        for file in files:
            with suppress(OSError):
                file.close()
        raise
    for file in files:
        try:
            file.close()
        except OSError as error:
            raise cannot_write(file.name, error) from None


@contextmanager
def _closed_on_error(file: IO[str]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        file.close()
        raise


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
            done[entry["line"]] = input_checksum(entry["input"])
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


def input_checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))
