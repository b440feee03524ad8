"""A real HTTP server on 127.0.0.1 for `extractor run` tests: article pages, and one fault per path.

    with FaultServer() as server:
        server.url("/flaky")          # 500 on the first request, the flood article after
        server.hits("/flaky")         # requests received for that path

Paths (query strings are ignored when routing, so ``/articles/flood.html?n=3`` is another URL for
the same page):

- ``/articles/<file>``: a page of tests/data/run/ as text/html; charset=utf-8
- ``/private/<file>``: the same, but robots.txt disallows /private/
- ``/missing``: 404; ``/down``: always 503; ``/flaky``: 500 once, then the flood article
- ``/busy``: 429 with ``Retry-After: 1`` once, then an article; ``/busy-date``: the same with an HTTP-date
- ``/slow``: sends nothing for 3 s; ``/drip``: headers, then one byte every 0.1 s (200 bytes)
- ``/reset``: closes the connection with a TCP reset instead of answering
- ``/loop``: redirects to itself; ``/redirect``: 301 to /articles/hospital.html
- ``/huge``: declares and streams 50 MB; ``/huge-chunked``: the same without Content-Length
- ``/bomb``: 64 KB of gzip that inflates to 64 MB; ``/report.pdf``: a PDF
- ``/cp1252-as-utf8``: windows-1252 bytes declared utf-8; ``/cp1252``: the same bytes, no charset
- ``/empty``: an empty 200 text/html; ``/binary``: bytes with NULs as text/html
- ``/latency``: a small article after ``latency`` seconds (for benchmarks)
- ``/to-private``: 302 to /private/hospital.html (robots must be checked on every hop);
  ``/redirect-to?to=URL``: 302 to URL (another server's, for hops across hosts)
"""

from __future__ import annotations

import gzip
import io
import socket
import struct
import time
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from local_server import LocalServer

DATA = Path(__file__).parent / "data" / "run"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
HUGE = 50_000_000
BOMB_INFLATED = 64 * 1024 * 1024
_REDIRECT_ROUTES = frozenset({"/to-private", "/redirect-to"})


@cache
def gzip_bomb() -> bytes:
    """Spaces, gzip-compressed about a thousand to one (made once per process)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as packed:
        block = b" " * (1024 * 1024)
        for _ in range(BOMB_INFLATED // len(block)):
            packed.write(block)
    return buffer.getvalue()


class FaultServer(LocalServer):
    def __init__(self, *, host: str = "127.0.0.1", latency: float = 0.05) -> None:
        self.latency = latency
        super().__init__(host, _handler_for)

    def __enter__(self) -> FaultServer:
        gzip_bomb()  # made before serving, so its first request is not slow
        return super().__enter__()


def _handler_for(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_FaultHandler):
        faults = server

    return Handler


class _FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    faults: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read status lines
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        hit = self.faults.count(path)
        try:
            self._route(path, hit)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            self.close_connection = True

    def _route(self, path: str, hit: int) -> None:
        if path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif path.startswith(("/articles/", "/private/")):
            page = DATA / Path(path).name
            if page.is_file():
                self._send(200, page.read_bytes())
            else:
                self._send(404, b"<html><body>Not found</body></html>")
        elif path == "/missing":
            self._send(404, b"<html><body>Not found</body></html>")
        elif path == "/down":
            self._send(503, b"<html><body>Down for maintenance</body></html>")
        elif path == "/flaky":
            self._send(500, b"oops", "text/plain") if hit == 1 else self._article("flood.html")
        elif path in ("/busy", "/busy-date"):
            if hit == 1:
                later = "1" if path == "/busy" else formatdate(time.time() + 1, usegmt=True)
                self._send(429, b"slow down", "text/plain", {"Retry-After": later})
            else:
                self._article("hospital.html")
        elif path == "/slow":
            time.sleep(3)
            self._article("flood.html")
        elif path == "/drip":
            self._drip()
        elif path == "/reset":
            self._reset()
        elif path == "/loop":
            self._send(302, b"", "text/plain", {"Location": "/loop"})
        elif path == "/redirect":
            self._send(301, b"", "text/plain", {"Location": "/articles/hospital.html"})
        elif path in ("/huge", "/huge-chunked"):
            self._huge(declared=path == "/huge")
        elif path == "/bomb":
            self._send(200, gzip_bomb(), extra={"Content-Encoding": "gzip"})
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "application/pdf")
        elif path == "/cp1252-as-utf8":
            self._send(200, (DATA / "quake-cp1252.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/cp1252":
            self._send(200, (DATA / "quake-cp1252.html").read_bytes(), "text/html")
        elif path == "/empty":
            self._send(200, b"")
        elif path == "/binary":
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
        elif path == "/latency":
            time.sleep(self.faults.latency)
            self._article("hospital.html")
        elif path in _REDIRECT_ROUTES:
            self._redirect_route(path)
        else:
            self._send(404, b"<html><body>Not found</body></html>")

    def _redirect_route(self, path: str) -> None:
        """Redirects whose target robots.txt disallows, on this server or another."""
        if path == "/to-private":
            target = "/private/hospital.html"
        else:
            target = parse_qs(urlsplit(self.path).query).get("to", ["/"])[0]
        self._send(302, b"", "text/plain", {"Location": target})

    def _article(self, name: str) -> None:
        self._send(200, (DATA / name).read_bytes())

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "200")
        self.end_headers()
        for _ in range(200):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.1)

    def _huge(self, *, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            self.send_header("Content-Length", str(HUGE))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        block = b"<p>" + b"x" * 65532
        for _ in range(HUGE // len(block)):
            self.wfile.write(block)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout turns close() into a TCP reset.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
