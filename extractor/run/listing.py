"""`extractor urls`: article URLs from where sites list them, ready for `extractor run -`.

A source is a sitemap (``<urlset>``, a ``<sitemapindex>`` whose sitemaps are read in turn, gzipped or
not), an RSS or Atom feed, a plain-text list of URLs, a site root (``https://host/``: the ``Sitemap:``
lines of its robots.txt, else ``/sitemap.xml``), or a local file of any of these. Documents are fetched
by the same polite `Fetcher` as `extractor run` (robots.txt, per-host limits, retries, size cap) and
stored in, or with ``offline`` read from, the same page cache.

Hostile input costs little and says so in one line: XML that declares entities (the billion-laughs bomb)
or refers to external ones is refused before anything is expanded (defusedxml); bodies and gzip are
capped at ``max_bytes`` after decompression; a sitemap index that lists itself or an ancestor is a loop,
read once; nesting and the number of documents are capped. Feeds are read by feedparser.
"""

from __future__ import annotations

import asyncio
import calendar
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser

from extractor.run.cache import PageCache
from extractor.run.fetch import HTML_TYPES, Fetcher, FetchError, FetchSettings, Page

LISTING_TYPES = HTML_TYPES | {
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/plain",
}
MAX_DEPTH = 4  # sitemap indexes within indexes (the protocol allows one)
MAX_DOCUMENTS = 2_000  # sitemaps and feeds read for one listing
FEED_ROOTS = frozenset({"rss", "feed", "RDF", "channel"})

Since = date | datetime  # a date compares with each entry's own calendar date, a datetime with its moment


class ListingError(Exception):
    """One document that gives no URLs: the message is the line the user reads."""


@dataclass(frozen=True)
class Entry:
    url: str
    dates: tuple[date | datetime, ...] = ()  # lastmod, publication: the entry is as new as the newest


@dataclass(frozen=True)
class Document:
    """What one sitemap or feed lists: article entries, or (an index) further sitemaps."""

    entries: list[Entry]
    sitemaps: list[Entry] = field(default_factory=list)


@dataclass
class Listing:
    """The outcome: URLs in the order found, each once, and one line per problem."""

    urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    documents: int = 0


# -- reading one document --


def parse_document(data: bytes, base: str, *, max_bytes: int = 10_000_000) -> Document:
    """The entries of one sitemap, sitemap index, feed or URL list; ListingError when it is none."""
    data = _gunzip(data, max_bytes)
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if text_start != b"<":
        return _url_list(data, base)
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise ListingError(
            "XML that declares entities is refused (a possible XML bomb or file read)"
        ) from None
    except ParseError as error:
        if _looks_like_feed(data):  # feeds in the wild are often not well-formed; feedparser copes
            return _feed(data, base, error)
        if _looks_like_html(data):
            raise ListingError(_HTML_PAGE) from None
        raise ListingError(f"malformed XML ({error})") from None
    name = _local(root.tag)
    if name == "html":
        raise ListingError(_HTML_PAGE)
    if name == "urlset":
        return Document([_sitemap_entry(item, base) for item in _children(root, "url")])
    if name == "sitemapindex":
        return Document([], [_sitemap_entry(item, base) for item in _children(root, "sitemap")])
    if name in FEED_ROOTS:
        return _feed(data, base, None)
    raise ListingError(f"not a sitemap or feed (its root element is <{name}>)")


def _gunzip(data: bytes, limit: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        inflated = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise ListingError(f"broken gzip ({error})") from None
    if len(inflated) > limit:
        raise ListingError(f"over {limit} bytes once decompressed")
    return inflated


def _url_list(data: bytes, base: str) -> Document:
    """A text sitemap: one absolute URL a line."""
    lines = [line.strip() for line in data.decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or not all(_is_web_url(line) for line in lines):
        raise ListingError("not a sitemap, feed or list of URLs")
    return Document([Entry(line) for line in lines])


def _children(root: Element, name: str) -> Iterator[Element]:
    return (child for child in root if _local(child.tag) == name)


def _sitemap_entry(item: Element, base: str) -> Entry:
    """``<url>`` or ``<sitemap>``: its ``<loc>``, its ``<lastmod>`` and a news sitemap's publication date."""
    values: dict[str, str] = {}
    for element in item.iter():
        name = _local(element.tag)
        if name in ("loc", "lastmod", "publication_date") and element.text and name not in values:
            values[name] = element.text.strip()
    dates = tuple(filter(None, (parse_date(values.get(key)) for key in ("lastmod", "publication_date"))))
    return Entry(urljoin(base, values.get("loc", "")), dates)


_HTML_PAGE = "an HTML page, not a sitemap or feed (give the site root, https://host/, or a feed)"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<!doctype html" in head or b"<html" in head


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _feed(data: bytes, base: str, error: ParseError | None) -> Document:
    parsed = feedparser.parse(data, response_headers={"content-location": base})
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        dates = []
        for key in ("published", "updated"):
            when = parse_date(item.get(key)) or _from_struct(item.get(f"{key}_parsed"))
            if when:
                dates.append(when)
        entries.append(Entry(urljoin(base, link), tuple(dates)))
    if not entries and error is not None:
        raise ListingError(f"malformed XML ({error})")
    return Document(entries)


def _from_struct(value: Any) -> datetime | None:
    return datetime(*value[:6], tzinfo=UTC) if value else None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_web_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


# -- dates --

_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_date(text: str | None) -> date | datetime | None:
    """A W3C datetime (sitemaps, Atom), an RFC 822 date (RSS), or YYYY / YYYY-MM (as the period's last
    day: it may be that late); None when it is none of these."""
    if not text:
        return None
    text = text.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return when.date() if len(text) == 10 else when
    if match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2] or 12)
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1])
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_since(text: str) -> Since:
    """``--since``: an ISO date or datetime (naive datetimes are UTC). ValueError otherwise."""
    when = parse_date(text)
    if when is None or not re.match(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"not an ISO date or datetime: {text!r}")
    return when


def not_older(entry: Entry, since: Since | None) -> bool:
    """Whether any of the entry's dates is `since` or later; an entry with no date is kept."""
    if since is None or not entry.dates:
        return True
    return any(_at_or_after(when, since) for when in entry.dates)


def _at_or_after(when: date | datetime, since: Since) -> bool:
    if isinstance(since, datetime):
        if not isinstance(when, datetime):
            return when >= since.date()
        return _aware(when) >= _aware(since)
    return (when.date() if isinstance(when, datetime) else when) >= since


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- following sources --


@dataclass(frozen=True)
class _Task:
    location: str  # URL or local path
    ancestors: tuple[str, ...] = ()  # the indexes that led here, outermost first


async def list_urls(
    sources: list[str],
    *,
    settings: FetchSettings | None = None,
    cache: PageCache | None = None,
    offline: bool = False,
    since: Since | None = None,
    emit: Callable[[str], None] | None = None,
) -> Listing:
    """Every article URL the sources list, each once, in the order found (sources in order, each
    index's sitemaps in order); `emit` is called with each new URL as soon as it is found."""
    settings = settings or FetchSettings()
    reader = _Reader(settings, cache, offline)
    listing = Listing()
    seen_urls: set[str] = set()
    seen_documents: set[str] = set()
    level = [_Task(source) for source in sources]
    async with Fetcher(settings, body_types=LISTING_TYPES) if not offline else _NoFetcher() as fetcher:
        reader.fetcher = fetcher
        while level:
            level = [task for task in level if _first_visit(task, seen_documents, listing)]
            room = MAX_DOCUMENTS - listing.documents
            if len(level) > room:
                listing.problems.append(f"stopped after {MAX_DOCUMENTS} sitemaps and feeds")
                level = level[:room]
            listing.documents += len(level)
            results = await asyncio.gather(*(reader.read(task) for task in level))
            next_level: list[_Task] = []
            for task, result in zip(level, results, strict=True):
                if isinstance(result, str):
                    listing.problems.append(f"{task.location}: {result}")
                    continue
                for entry in result.entries:
                    if entry.url not in seen_urls and _is_web_url(entry.url) and not_older(entry, since):
                        seen_urls.add(entry.url)
                        listing.urls.append(entry.url)
                        if emit:
                            emit(entry.url)
                next_level += _children_of(task, result, since, listing)
            level = next_level
    return listing


def _first_visit(task: _Task, seen: set[str], listing: Listing) -> bool:
    """Whether the document is new; one that is its own ancestor is a loop, reported once."""
    if task.location in task.ancestors:
        listing.problems.append(f"{task.ancestors[-1]}: the sitemap index loops back to {task.location}")
        return False
    if task.location in seen:
        return False
    seen.add(task.location)
    return True


def _children_of(task: _Task, document: Document, since: Since | None, listing: Listing) -> list[_Task]:
    if not document.sitemaps:
        return []
    depth = len(task.ancestors) + 1
    if depth > MAX_DEPTH:
        listing.problems.append(f"{task.location}: sitemap indexes nested deeper than {MAX_DEPTH}")
        return []
    ancestors = (*task.ancestors, task.location)
    return [
        _Task(entry.url, ancestors)
        for entry in document.sitemaps
        if _is_web_url(entry.url) and not_older(entry, since)  # an older sitemap lists nothing newer
    ]


class _NoFetcher:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc_info: object) -> None:
        return None


class _Reader:
    """Turns a task into a Document, or into the one-line reason it gives none."""

    def __init__(self, settings: FetchSettings, cache: PageCache | None, offline: bool) -> None:
        self.settings, self.cache, self.offline = settings, cache, offline
        self.fetcher: Fetcher | None = None

    async def read(self, task: _Task) -> Document | str:
        try:
            if "://" not in task.location:
                return await asyncio.to_thread(self._read_file, task.location)
            if _is_site_root(task.location) and not task.ancestors:
                return await self._site_root(task.location)
            page = await self._get(task.location)
            limit = self.settings.max_bytes
            return await asyncio.to_thread(parse_document, page.body, page.url, max_bytes=limit)
        except ListingError as error:
            return str(error)
        except FetchError as error:
            return error.message

    def _read_file(self, path: str) -> Document:
        try:
            size = Path(path).stat().st_size
            if size > self.settings.max_bytes:
                raise ListingError(f"file over {self.settings.max_bytes} bytes")
            data = Path(path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            raise ListingError("no such file") from None
        except IsADirectoryError:
            raise ListingError("is a directory") from None
        except OSError as error:
            raise ListingError(error.strerror or str(error)) from None
        return parse_document(data, Path(path).resolve().as_uri(), max_bytes=self.settings.max_bytes)

    async def _site_root(self, url: str) -> Document:
        """A site root lists what its robots.txt's Sitemap: lines name, else its /sitemap.xml."""
        origin = url.rstrip("/")
        try:
            robots = await self._get(origin + "/robots.txt")
            text = robots.body.decode("utf-8", errors="replace")
        except FetchError:
            text = ""
        named = re.findall(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)
        sitemaps = [Entry(urljoin(origin + "/", found)) for found in named]
        return Document([], sitemaps or [Entry(origin + "/sitemap.xml")])

    async def _get(self, url: str) -> Page:
        """The 2xx page of a URL, from the network (stored in the cache) or with offline, the cache."""
        if self.fetcher is None:
            page = await asyncio.to_thread(self.cache.get, url) if self.cache else None
            if page is None:
                raise FetchError("not_cached", "no cached copy (offline)", url=url)
        else:
            page, _ = await self.fetcher.fetch(url)
            if self.cache:
                await asyncio.to_thread(self.cache.put, url, page)
        if not 200 <= page.status < 300:
            raise FetchError("http_status", f"HTTP {page.status}", http_status=page.status, url=url)
        if not page.body:
            raise FetchError("empty", f"no body (Content-Type {page.media_type})", url=url)
        return page


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def run_listing(sources: list[str], **options: Any) -> Listing:
    """`list_urls` from synchronous code."""
    return asyncio.run(list_urls(sources, **options))
