"""How a run fails: as a whole (RunError, one line for the user), or one input at a time (an error kind
in its status line, every kind listed in error_kinds.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def error_kinds() -> dict[str, str]:
    """Every error kind a status line can hold, with what it means (extractor/run/error_kinds.json)."""
    text = resources.files("extractor.run").joinpath("error_kinds.json").read_text(encoding="utf-8")
    return json.loads(text)


class RunError(RuntimeError):
    """The run as a whole cannot start or go on (one input's failure goes to the status file)."""


def error_entry(kind: str, message: str, http_status: int | None = None) -> dict[str, Any]:
    """The ``error`` object of a failed input's status line."""
    return {"kind": kind, "message": message, "http_status": http_status}


def cannot_write(path: object, error: OSError) -> RunError:
    """A write that failed (a full disk, a read-only folder) as the one line that ends the run. The run
    stops at once, its partial files as they are: each status line's records are whole, so --resume
    goes on from the last one."""
    reason = error.strerror or str(error)
    return RunError(
        f"cannot write {path}: {reason}. The records written so far are kept; once that is fixed, "
        "the same command with --resume continues the run"
    )
