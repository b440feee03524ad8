"""Fetching pages over HTTP for a batch run: one polite, bounded, retrying httpx client.

`Fetcher.fetch(url)` returns the final `Page` of a URL (after redirects and retries) or raises
`FetchError` whose `kind` is one of the run's documented error kinds. Politeness: robots.txt is
read once per origin, at most `per_host` requests run at once against one host, and retries back
off exponentially with jitter, honouring Retry-After. Redirects are followed here, hop by hop, so
that every URL requested (not only the input's) passes robots.txt and its host's limit. `check_page`
then decides whether a page is an HTML article to read; it runs on fresh and cached pages alike, so
`--offline` decides the same.
"""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from extractor import __version__

DEFAULT_USER_AGENT = (
    f"extractor/{__version__} (+https://github.com/extractor-project/extractor; numeric-claims research)"
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 lets crawlers stop reading robots.txt past 500 KiB


@dataclass(frozen=True)
class FetchSettings:
    concurrency: int = 16  # requests in flight for the whole run
    per_host: int = 2  # requests in flight against one host
    timeout: float = 10.0  # seconds to connect, and between two reads of the body
    total_timeout: float = 60.0  # seconds for one attempt, from connecting to the last byte
    retries: int = 3  # further attempts after connect errors, timeouts, 429 and 5xx
    backoff: float = 0.5  # first wait before a retry; it doubles each time, plus up to as much jitter
    max_wait: float = 60.0  # cap on one wait; a Retry-After longer than this ends the retries
    max_bytes: int = 10_000_000  # cap on a body, counted after decompression
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True


@dataclass(frozen=True)
class Page:
    """One final HTTP response: what the cache stores and the article stage reads."""

    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # empty when the response was not a 2xx HTML page (its body is not read)
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def media_type(self) -> str | None:
        return _content_type(self.headers)[0]

    @property
    def charset(self) -> str | None:
        return _content_type(self.headers)[1]


class FetchError(Exception):
    """A URL that yielded no page to read; `kind` is one of extractor/run/error_kinds.json."""

    def __init__(
        self, kind: str, message: str, *, http_status: int | None = None, url: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind, self.message, self.http_status, self.url = kind, message, http_status, url
        self.attempts = 0  # requests for the hop that took most (1 without retries), set once they are over

    @property
    def retryable(self) -> bool:
        return self.kind in ("connect", "timeout")


def check_page(page: Page) -> None:
    """Raise FetchError unless the page is a successful HTML response."""
    if not 200 <= page.status < 300:
        raise FetchError("http_status", f"HTTP {page.status}", http_status=page.status, url=page.url)
    if not _is_html(page.headers):
        raise FetchError("not_html", f"Content-Type {page.media_type}", http_status=page.status, url=page.url)


def check_url(url: str) -> None:
    """Raise FetchError(invalid_url) unless the URL is absolute http(s) with a host."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError("invalid_url", str(error), url=url) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError("invalid_url", f"unsupported scheme {parts.scheme or '(none)'!r}", url=url)
    if not parts.hostname:
        raise FetchError("invalid_url", "no host in the URL", url=url)


def build_client(settings: FetchSettings) -> httpx.AsyncClient:
    """The one HTTP client of a run (the only place that knows the client library's options)."""
    return httpx.AsyncClient(
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        },
        timeout=httpx.Timeout(settings.timeout, pool=None),
        limits=httpx.Limits(
            max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
        ),
        follow_redirects=False,  # Fetcher.fetch follows them, checking each hop
    )


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Fetcher:
    """Fetches URLs politely; use as ``async with Fetcher(settings) as fetcher``."""

    def __init__(
        self,
        settings: FetchSettings,
        client: httpx.AsyncClient | None = None,
        *,
        body_types: frozenset[str] = HTML_TYPES,  # media types whose bodies are read (listings: XML, feeds)
    ) -> None:
        self.settings = settings
        self.body_types = body_types
        self._client = client or build_client(settings)
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._host_slots: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host)
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self._client.aclose()

    async def fetch(self, url: str) -> tuple[Page, int]:
        """The final page of `url` (redirects followed) and the requests that its most-retried hop took;
        FetchError when there is none.

        A returned page may still be an error page (404, or a 5xx after the last retry): see `check_page`.
        """
        check_url(url)
        hop, attempts = url, 0
        for redirects in range(self.settings.max_redirects + 1):
            if self.settings.respect_robots and not await self._robots_allow(hop):
                reason = "disallowed by robots.txt" + (f" (redirected from {url})" if redirects else "")
                raise _after(attempts, FetchError("robots", reason, url=hop))
            try:
                page, hop_attempts = await self._fetch_hop(hop)
            except FetchError as error:
                error.attempts = max(error.attempts, attempts)
                raise
            attempts = max(attempts, hop_attempts)
            location = page.headers.get("location", "").strip()
            if page.status not in REDIRECT_STATUSES or not location:
                return page, attempts
            hop = urljoin(hop, location)
            try:
                check_url(hop)
            except FetchError as error:
                failure = FetchError(error.kind, f"a redirect led to {hop!r}: {error}", url=hop)
                raise _after(attempts, failure) from None
        limit = self.settings.max_redirects
        raise _after(attempts, FetchError("too_many_redirects", f"more than {limit} redirects", url=url))

    async def _fetch_hop(self, url: str) -> tuple[Page, int]:
        """One URL, redirects not followed, with the retries; the requests it took."""
        host = urlsplit(url).hostname or ""
        # The host slot is held through the back-off waits, so a struggling host sees no other request
        # from us meanwhile; the run-wide slot is only held while a request is in flight.
        async with self._host_slots[host]:
            attempt = 0
            while True:
                attempt += 1
                try:
                    async with self._slots:
                        page = await self._attempt(url)
                except FetchError as error:
                    if not error.retryable or attempt > self.settings.retries:
                        error.attempts = attempt
                        raise
                    delay = self._backoff(attempt)
                else:
                    if not _retryable_status(page.status) or attempt > self.settings.retries:
                        return page, attempt
                    delay = self._backoff(attempt)
                    asked = retry_after(page.headers.get("retry-after"))
                    if asked is not None:
                        if asked > self.settings.max_wait:
                            return page, attempt
                        delay = max(delay, asked)
                await asyncio.sleep(delay)

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * 2 ** (attempt - 1)
        return min(self.settings.max_wait, base + random.uniform(0, self.settings.backoff))

    async def _attempt(self, url: str) -> Page:
        """One GET; the body is read only for a 2xx HTML response."""
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                async with self._client.stream("GET", url) as response:
                    headers = {name.lower(): value for name, value in response.headers.items()}
                    final = str(response.url)
                    body = b""
                    if response.is_success and _has_type(headers, self.body_types):
                        body = await self._read_body(response, final)
                    return Page(url=final, status=response.status_code, headers=headers, body=body)
        except FetchError:
            raise
        except httpx.ConnectTimeout:
            raise FetchError("timeout", f"no connection within {self.settings.timeout}s", url=url) from None
        except httpx.TimeoutException:
            raise FetchError("timeout", f"no data for {self.settings.timeout}s", url=url) from None
        except TimeoutError:
            raise FetchError("timeout", f"request over {self.settings.total_timeout}s", url=url) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            raise FetchError("invalid_url", _describe(error), url=url) from None
        except httpx.DecodingError as error:
            raise FetchError("decode", _describe(error), url=url) from None
        except httpx.RequestError as error:
            raise FetchError("connect", _describe(error), url=url) from None

    async def _read_body(self, response: httpx.Response, url: str) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError("too_large", f"Content-Length {declared} > {limit} bytes", url=url)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decoded bytes: a gzip bomb is counted inflated
            size += len(chunk)
            if size > limit:
                raise FetchError("too_large", f"body over {limit} bytes", url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            async with self._robots_locks[origin]:
                if origin not in self._robots:
                    self._robots[origin] = await self._load_robots(origin)
        return self._robots[origin].can_fetch(self.settings.user_agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser:
        """robots.txt of an origin. 401/403 disallow all; other 4xx, 5xx and network errors allow all."""
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                async with self._client.stream("GET", origin + "/robots.txt") as response:
                    status = response.status_code
                    text = ""
                    if response.is_success:
                        data = b""
                        async for chunk in response.aiter_bytes():
                            data += chunk
                            if len(data) > ROBOTS_MAX_BYTES:
                                break
                        text = data[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        except (TimeoutError, httpx.HTTPError):
            status, text = 0, ""
        if status in (401, 403):
            parser.disallow_all = True
        else:
            parser.parse(text.splitlines())
        return parser


def _after(attempts: int, error: FetchError) -> FetchError:
    error.attempts = attempts
    return error


def _content_type(headers: dict[str, str]) -> tuple[str | None, str | None]:
    value = headers.get("content-type")
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset" and param_value.strip():
            charset = param_value.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


def _is_html(headers: dict[str, str]) -> bool:
    return _has_type(headers, HTML_TYPES)


def _has_type(headers: dict[str, str], types: frozenset[str]) -> bool:
    media = _content_type(headers)[0]
    return media is None or media in types  # no Content-Type: let the reader sniff


def _retryable_status(status: int) -> bool:
    return status == 429 or 500 <= status < 600


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
