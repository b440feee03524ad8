"""A real HTTP server on 127.0.0.1 for `extractor urls` tests: a small news site that lists its articles
in a sitemap index, an RSS feed and an Atom feed, and a corner of hostile listings.

    with ListingServer() as site:
        site.url("/sitemap-index.xml")
        site.articles()        # every article URL the site lists, each once
        site.hits("/robots.txt")

Paths:
- ``/robots.txt``: names ``/sitemap-index.xml`` in a ``Sitemap:`` line, disallows ``/private/``; with
  ``sitemap_line=False`` it names none, and ``/sitemap.xml`` lists the February articles
- ``/sitemap-index.xml``: ``/sitemaps/2024-03.xml`` and ``/sitemaps/2024-02.xml.gz`` (gzip, served as
  application/gzip, older lastmod)
- ``/feeds/rss.xml`` (RSS 2.0) and ``/feeds/atom.xml`` (Atom 1.0): some articles of the sitemaps again,
  one article each that only the feed lists, one link relative to the site in the Atom feed
- ``/bad/malformed.xml``, ``/bad/bomb.xml`` (billion laughs), ``/bad/external.xml`` (an external entity),
  ``/bad/loop-a.xml`` ↔ ``/bad/loop-b.xml`` (indexes listing each other), ``/bad/self.xml`` (lists itself),
  ``/bad/huge.xml`` (a 50 MB RSS feed, chunked, no Content-Length), ``/bad/page.html`` (an article page)
- ``/private/sitemap.xml``: a sitemap robots.txt forbids
"""

from __future__ import annotations

import gzip
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from local_server import LocalServer

HUGE = 50_000_000

# (path, lastmod) of each article, by the sitemap that lists it.
MARCH = [
    ("/news/2024/03/12/river-levels-fall", "2024-03-12T08:30:00+00:00"),
    ("/news/2024/03/10/council-budget-vote", "2024-03-10"),
    ("/news/2024/03/08/ferry-strike-ends", "2024-03-08T17:05:00Z"),
]
FEBRUARY = [
    ("/news/2024/02/27/harbour-dredging-cost", "2024-02-27"),
    ("/news/2024/02/14/school-roll-drops", "2024-02-14"),
]
RSS_ONLY = ("/news/2024/03/13/storm-warning", "Wed, 13 Mar 2024 06:00:00 GMT")
ATOM_ONLY = ("/news/2024/03/11/bridge-repairs", "2024-03-11T12:00:00Z")


def article_page(path: str) -> bytes:
    """A short article of the site at `path`, so that `urls | run` ends every input as claims."""
    day = "-".join(path.split("/")[2:5])
    title = path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{day}"></head><body><article>'
        f"<h1>{title}</h1><p>The harbour board said on Monday that 14 boats had been moved to the inner "
        f"basin and that repairs would cost about $2.4 million.</p></article></body></html>"
    ).encode()


def urlset(base: str, pages: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<url><loc>{base}{path}</loc><lastmod>{day}</lastmod></url>\n" for path, day in pages)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</urlset>\n'
    ).encode()


def sitemap_index(base: str, sitemaps: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<sitemap><loc>{base}{path}</loc><lastmod>{day}</lastmod></sitemap>\n" for path, day in sitemaps
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</sitemapindex>\n'
    ).encode()


def rss(base: str) -> bytes:
    items = [(path, "Tue, 12 Mar 2024 08:30:00 GMT") for path, _ in MARCH[:2]] + [RSS_ONLY]
    body = "".join(
        f"<item><title>Story {n}</title><link>{base}{path}</link><pubDate>{day}</pubDate></item>\n"
        for n, (path, day) in enumerate(items, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>The Harbour Gazette</title><link>{base}/</link><description>Local news</description>\n"
        f"{body}</channel></rss>\n"
    ).encode()


def atom(base: str) -> bytes:
    entries = [
        (f"{base}{MARCH[2][0]}", MARCH[2][1]),
        (f"{base}{FEBRUARY[0][0]}", "2024-02-27T10:00:00Z"),
        (ATOM_ONLY[0], ATOM_ONLY[1]),  # relative to the feed's own URL
    ]
    body = "".join(
        f'<entry><title>Entry {n}</title><id>urn:entry:{n}</id><link rel="alternate" href="{href}"/>'
        f"<updated>{day}</updated></entry>\n"
        for n, (href, day) in enumerate(entries, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>The Harbour Gazette</title><id>urn:feed</id><updated>2024-03-12T00:00:00Z</updated>\n"
        f'<link rel="self" href="{base}/feeds/atom.xml"/>\n{body}</feed>\n'
    ).encode()


BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'.encode()
        for n in range(1, 10)
    )
    + b']>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>\n'
)
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&secret;</loc></url></urlset>\n'
)
MALFORMED = b'<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'


class ListingServer(LocalServer):
    def __init__(self, host: str = "127.0.0.1", *, sitemap_line: bool = True) -> None:
        self.sitemap_line = sitemap_line  # False: robots.txt names no sitemap; /sitemap.xml is the index
        super().__init__(host, _handler_for)

    def articles(self) -> set[str]:
        """Every article URL the site lists in its sitemaps and feeds."""
        return {self.base + path for path in self._article_paths()}

    def documents(self) -> dict[str, tuple[str, bytes]]:
        """path → (Content-Type, body) of everything but the streamed /bad/huge.xml."""
        base = self.base
        xml = "application/xml"
        return {
            "/robots.txt": (
                "text/plain",
                b"User-agent: *\nDisallow: /private/\n"
                + (f"\nSitemap: {base}/sitemap-index.xml\n".encode() if self.sitemap_line else b""),
            ),
            "/sitemap-index.xml": (
                xml,
                sitemap_index(
                    base,
                    [("/sitemaps/2024-03.xml", "2024-03-12"), ("/sitemaps/2024-02.xml.gz", "2024-02-28")],
                ),
            ),
            "/sitemaps/2024-03.xml": (xml, urlset(base, MARCH)),
            **({} if self.sitemap_line else {"/sitemap.xml": (xml, urlset(base, FEBRUARY))}),
            "/sitemaps/2024-02.xml.gz": ("application/gzip", gzip.compress(urlset(base, FEBRUARY))),
            "/feeds/rss.xml": ("application/rss+xml", rss(base)),
            "/feeds/atom.xml": ("application/atom+xml", atom(base)),
            "/bad/malformed.xml": (xml, MALFORMED),
            "/bad/bomb.xml": (xml, BOMB),
            "/bad/external.xml": (xml, EXTERNAL),
            "/bad/loop-a.xml": (xml, sitemap_index(base, [("/bad/loop-b.xml", "2024-03-01")])),
            "/bad/loop-b.xml": (
                xml,
                sitemap_index(
                    base, [("/bad/loop-a.xml", "2024-03-01"), ("/sitemaps/2024-03.xml", "2024-03-12")]
                ),
            ),
            "/bad/self.xml": (xml, sitemap_index(base, [("/bad/self.xml", "2024-03-01")])),
            "/bad/page.html": (
                "text/html; charset=utf-8",
                b"<!DOCTYPE html><html><body><p>Hi</p></body></html>",
            ),
            "/private/sitemap.xml": (xml, urlset(base, MARCH)),
            **{path: ("text/html; charset=utf-8", article_page(path)) for path in self._article_paths()},
        }

    @staticmethod
    def _article_paths() -> list[str]:
        return [path for path, _ in MARCH + FEBRUARY] + [RSS_ONLY[0], ATOM_ONLY[0]]


def _handler_for(site: ListingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_ListingHandler):
        server_site = site

    return Handler


class _ListingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_site: ListingServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server_site.count(path)
        try:
            if path == "/bad/huge.xml":
                self._huge_feed()
                return
            found = self.server_site.documents().get(path)
            if found is None:
                self._send(404, "text/plain", b"not found")
            else:
                self._send(200, *found)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _huge_feed(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big</title>\n')
        item = (
            b"<item><title>x</title><link>http://127.0.0.1/x</link><description>"
            + b"y" * 65000
            + b"</description></item>\n"
        )
        for _ in range(HUGE // len(item)):
            self.wfile.write(item)
        self.wfile.write(b"</channel></rss>\n")
