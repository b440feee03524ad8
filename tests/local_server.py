"""The plumbing the tests' HTTP servers share: a threaded server on a free port of 127.0.0.1, served from
a daemon thread while the `with` block lasts, counting the requests per path. The servers themselves
(fault_server.py, listing_server.py) say what each path answers."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class LocalServer:
    """`handler_for(self)` gives the request handler class; subclasses set their state before calling
    this `__init__`, since the handler reads it."""

    def __init__(self, host: str, handler_for: Callable[[LocalServer], type[BaseHTTPRequestHandler]]) -> None:
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _QuietServer((host, 0), handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits[path]

    def count(self, path: str) -> int:
        with self._lock:
            self._hits[path] += 1
            return self._hits[path]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up early by design (faults, the huge feed)
