"""extractor.run.fetch against a real HTTP server on 127.0.0.1 (tests/fault_server.py)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fault_server import FaultServer

from extractor.run.fetch import Fetcher, FetchError, FetchSettings, Page, check_page, check_url, retry_after

# Timeouts leave room for a busy test machine; /slow and /drip still outlast them.
FAST = FetchSettings(timeout=1.0, total_timeout=2.0, retries=1, backoff=0.01, max_bytes=1_000_000)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def fetch(url: str, settings: FetchSettings = FAST) -> tuple[Page, int]:
    async def go() -> tuple[Page, int]:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def failure(url: str, settings: FetchSettings = FAST) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, settings)
    return caught.value


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2024, 5, 14, 12, 0, 0, tzinfo=UTC)
    assert retry_after("7", now=now) == 7.0
    assert retry_after("Tue, 14 May 2024 12:00:30 GMT", now=now) == 30.0
    assert retry_after("Tue, 14 May 2024 11:00:00 GMT", now=now) == 0.0
    assert retry_after("soon", now=now) is None
    assert retry_after(None) is None


@pytest.mark.parametrize("url", ["ftp://example.org/a", "mailto:someone@example.org", "http:///nohost"])
def test_only_http_urls_with_a_host_are_fetched(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert caught.value.kind == "invalid_url"


def test_article_page_is_read_whole(server: FaultServer) -> None:
    page, attempts = fetch(server.url("/articles/flood.html"))
    assert (page.status, attempts, page.media_type, page.charset) == (200, 1, "text/html", "utf-8")
    assert b"Sava" in page.body
    check_page(page)


def test_redirect_gives_the_final_url(server: FaultServer) -> None:
    page, attempts = fetch(server.url("/redirect"))
    assert page.url == server.url("/articles/hospital.html")
    assert attempts == 1


def test_500_then_200_is_retried() -> None:
    with FaultServer() as fresh:
        page, attempts = fetch(fresh.url("/flaky"))
        assert (page.status, attempts, fresh.hits("/flaky")) == (200, 2, 2)


def test_persistent_5xx_stops_after_the_retries(server: FaultServer) -> None:
    settings = FetchSettings(retries=2, backoff=0.01)
    page, attempts = fetch(server.url("/down"), settings)
    assert (page.status, attempts) == (503, 3)
    with pytest.raises(FetchError) as caught:
        check_page(page)
    assert (caught.value.kind, caught.value.http_status) == ("http_status", 503)


def test_404_is_not_retried(server: FaultServer) -> None:
    page, attempts = fetch(server.url("/missing"), FetchSettings(retries=3, backoff=0.01))
    assert (page.status, attempts) == (404, 1)


@pytest.mark.parametrize("path", ["/busy", "/busy-date"])
def test_429_with_retry_after_is_retried(path: str) -> None:
    with FaultServer() as fresh:
        page, attempts = fetch(fresh.url(path), FetchSettings(retries=1, backoff=0.01, max_wait=5))
        assert (page.status, attempts, fresh.hits(path)) == (200, 2, 2)


def test_retry_after_longer_than_the_cap_ends_the_retries() -> None:
    with FaultServer() as fresh:
        page, attempts = fetch(fresh.url("/busy"), FetchSettings(retries=3, backoff=0.01, max_wait=0.5))
        assert (page.status, attempts) == (429, 1)
        assert fresh.hits("/busy") == 1


@pytest.mark.parametrize(
    ("path", "kind", "attempts"),
    [
        ("/slow", "timeout", 2),
        ("/drip", "timeout", 2),
        ("/reset", "connect", 2),
        ("/loop", "too_many_redirects", 1),
        ("/huge", "too_large", 1),
        ("/huge-chunked", "too_large", 1),
        ("/bomb", "too_large", 1),
        ("/private/flood.html", "robots", 0),
    ],
)
def test_faults_become_error_kinds(server: FaultServer, path: str, kind: str, attempts: int) -> None:
    # Short timeouts only where the timeout is the fault: on a loaded machine a big body can take longer
    # than a second to arrive, and a timeout there would turn into a retry.
    settings = FAST if kind == "timeout" else dataclasses.replace(FAST, timeout=15.0, total_timeout=30.0)
    error = failure(server.url(path), settings)
    assert (error.kind, error.attempts) == (kind, attempts)


def test_robots_disallowed_page_is_never_requested_and_can_be_overridden(server: FaultServer) -> None:
    failure(server.url("/private/hospital.html"))
    assert server.hits("/private/hospital.html") == 0
    page, _ = fetch(server.url("/private/hospital.html"), FetchSettings(respect_robots=False))
    assert page.status == 200
    assert server.hits("/private/hospital.html") == 1


def test_non_html_body_is_not_downloaded(server: FaultServer) -> None:
    page, _ = fetch(server.url("/report.pdf"))
    assert page.body == b""
    with pytest.raises(FetchError) as caught:
        check_page(page)
    assert caught.value.kind == "not_html"


def test_connection_refused_is_a_connect_error() -> None:
    with FaultServer() as gone:
        url = gone.url("/articles/flood.html")
    error = failure(url, FetchSettings(retries=0, respect_robots=False))
    assert (error.kind, error.attempts) == ("connect", 1)


# -- issue 13 row 8: robots.txt and host limits on every redirect hop ----------------------------------


def test_a_redirect_to_a_disallowed_path_is_never_requested(server: FaultServer) -> None:
    before = server.hits("/private/hospital.html")
    error = failure(server.url("/to-private"))
    assert error.kind == "robots"
    assert error.url == server.url("/private/hospital.html")
    assert "redirected from" in str(error)
    assert server.hits("/private/hospital.html") == before


def test_a_redirect_to_another_host_reads_that_hosts_robots() -> None:
    with FaultServer() as origin, FaultServer(host="localhost") as other:
        target = other.url("/private/flood.html")
        error = failure(origin.url(f"/redirect-to?to={target}"))
        assert (error.kind, error.url) == ("robots", target)
        assert other.hits("/robots.txt") == 1
        assert other.hits("/private/flood.html") == 0
        page, _ = fetch(origin.url(f"/redirect-to?to={other.url('/articles/flood.html')}"))
        assert (page.status, page.url) == (200, other.url("/articles/flood.html"))


def test_ignore_robots_follows_the_redirect(server: FaultServer) -> None:
    page, attempts = fetch(server.url("/to-private"), FetchSettings(respect_robots=False))
    assert (page.status, page.url, attempts) == (200, server.url("/private/hospital.html"), 1)


def test_each_hop_takes_its_own_hosts_slot() -> None:
    # per_host=1: four pages from two hosts, all redirected to a third, slow one, must reach it one at a
    # time (the input's host alone would let two of them in at once).
    with (
        FaultServer() as first,
        FaultServer(host="127.0.0.2") as second,
        FaultServer(host="localhost", latency=0.25) as slow,
    ):
        settings = dataclasses.replace(FAST, per_host=1, timeout=15.0, total_timeout=30.0)
        target = slow.url("/latency")
        urls = [origin.url(f"/redirect-to?to={target}&n={n}") for origin in (first, second) for n in range(2)]

        async def go() -> float:
            async with Fetcher(settings) as fetcher:
                started = asyncio.get_running_loop().time()
                pages = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
                assert [page.url for page, _ in pages] == [target] * 4
                return asyncio.get_running_loop().time() - started

        assert asyncio.run(go()) >= 4 * 0.25 * 0.95
        assert slow.hits("/latency") == 4
