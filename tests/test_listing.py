"""extractor urls: article URLs from sitemaps, feeds and site roots served on 127.0.0.1, and from files;
hostile listings give one line each and no hang."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from listing_server import ListingServer

from extractor.cli import cli
from extractor.run.listing import Entry, ListingError, not_older, parse_date, parse_document

DATA = Path(__file__).parent / "data" / "listing"


@pytest.fixture(scope="module")
def site():
    with ListingServer() as server:
        yield server


def urls(*args: str, cache: Path | None = None) -> tuple[int, list[str], list[str]]:
    """Exit status, URLs printed, problem lines of `extractor urls ARGS`."""
    options = ["--cache", str(cache)] if cache else ["--cache", ""]
    result = CliRunner().invoke(cli, ["urls", *args, *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout.splitlines(), result.stderr.splitlines()


def test_a_sitemap_index_an_rss_feed_and_an_atom_feed_list_every_article_once(site):
    status, found, problems = urls(
        site.url("/sitemap-index.xml"), site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml")
    )
    assert (status, problems) == (0, [])
    assert len(found) == len(set(found))
    assert set(found) == site.articles()
    for document in ("/sitemap-index.xml", "/sitemaps/2024-03.xml", "/sitemaps/2024-02.xml.gz"):
        assert site.hits(document) >= 1


def test_a_site_root_follows_the_sitemap_lines_of_its_robots_txt(site):
    before = site.hits("/sitemaps/2024-02.xml.gz")
    status, found, problems = urls(site.url("/"))
    assert (status, problems) == (0, [])
    sitemap_articles = {url for url in site.articles() if "storm-warning" not in url and "bridge" not in url}
    assert set(found) == sitemap_articles and len(found) == len(sitemap_articles)
    assert site.hits("/sitemaps/2024-02.xml.gz") == before + 1  # each sitemap read once


def test_a_site_root_without_sitemap_lines_falls_back_to_sitemap_xml():
    with ListingServer(sitemap_line=False) as bare:
        status, found, problems = urls(bare.url("/"))
        assert (status, problems) == (0, [])
        assert [url.rsplit("/", 1)[1] for url in found] == ["harbour-dredging-cost", "school-roll-drops"]
        assert bare.hits("/sitemap.xml") == 1


def test_since_keeps_entries_not_older_and_skips_older_sitemaps(site):
    before = site.hits("/sitemaps/2024-02.xml.gz")
    status, found, problems = urls(
        site.url("/sitemap-index.xml"), site.url("/feeds/atom.xml"), "--since", "2024-03-10"
    )
    assert (status, problems) == (0, [])
    assert {url.rsplit("/", 1)[1] for url in found} == {
        "river-levels-fall",
        "council-budget-vote",  # lastmod 2024-03-10: the day itself is not older
        "bridge-repairs",
    }
    assert site.hits("/sitemaps/2024-02.xml.gz") == before  # its lastmod says it holds nothing newer


def test_the_cache_answers_offline(site, tmp_path):
    sources = [site.url("/sitemap-index.xml"), site.url("/feeds/rss.xml")]
    online = urls(*sources, cache=tmp_path / "cache")
    hits = site.hits("/feeds/rss.xml")
    offline = urls(*sources, "--offline", cache=tmp_path / "cache")
    assert offline == online and online[0] == 0
    assert site.hits("/feeds/rss.xml") == hits
    status, found, problems = urls(site.url("/feeds/atom.xml"), "--offline", cache=tmp_path / "cache")
    assert (status, found) == (1, [])
    assert problems == [f"extractor urls: {site.url('/feeds/atom.xml')}: no cached copy (offline)"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/bad/malformed.xml", "malformed XML (no element found: line 2"),
        ("/bad/bomb.xml", "XML that declares entities is refused"),
        ("/bad/external.xml", "XML that declares entities is refused"),
        ("/bad/huge.xml", "body over 10000000 bytes"),
        ("/bad/page.html", "an HTML page, not a sitemap or feed"),
        ("/bad/self.xml", "the sitemap index loops back to"),
        ("/private/sitemap.xml", "disallowed by robots.txt"),
        ("/missing.xml", "HTTP 404"),
    ],
)
def test_hostile_or_broken_listings_give_one_line_and_no_hang(site, path, message):
    started = time.monotonic()
    status, found, problems = urls(site.url(path))
    assert time.monotonic() - started < 30
    assert (status, found) == (1, [])
    assert len(problems) == 1 and problems[0].startswith("extractor urls: http://127.0.0.1:")
    assert message in problems[0]


def test_a_loop_between_two_indexes_is_read_once_and_reported(site):
    status, found, problems = urls(site.url("/bad/loop-a.xml"))
    assert status == 1
    loop_a, loop_b = site.url("/bad/loop-a.xml"), site.url("/bad/loop-b.xml")
    assert problems == [f"extractor urls: {loop_b}: the sitemap index loops back to {loop_a}"]
    assert len(found) == 3  # loop-b's other sitemap is still read
    assert site.hits("/bad/loop-a.xml") == 1


def test_one_bad_source_does_not_stop_the_others(site):
    status, found, problems = urls(site.url("/bad/bomb.xml"), site.url("/feeds/rss.xml"))
    assert status == 1 and len(problems) == 1
    assert len(found) == 3


# -- local files --


def test_local_files_of_each_kind(tmp_path):
    gzipped = tmp_path / "sitemap.xml.gz"
    gzipped.write_bytes(gzip.compress((DATA / "sitemap.xml").read_bytes()))
    status, found, problems = urls(str(gzipped), str(DATA / "feed.rss"), str(DATA / "feed.atom"))
    assert (status, problems) == (0, [])
    assert len(found) == len(set(found)) == 6
    assert all(url.startswith("https://harbour-gazette.example/news/") for url in found)


def test_a_file_that_is_not_there_or_too_large(tmp_path):
    big = tmp_path / "big.xml"
    big.write_bytes(b"<urlset>" + b" " * 2_000)
    status, found, problems = urls(str(tmp_path / "nope.xml"), str(big), "--max-bytes", "1000")
    assert status == 1 and found == []
    assert problems == [
        f"extractor urls: {tmp_path / 'nope.xml'}: no such file",
        f"extractor urls: {big}: file over 1000 bytes",
    ]


def test_a_gzip_bomb_is_cut_at_the_size_cap(tmp_path):
    bomb = tmp_path / "bomb.xml.gz"
    bomb.write_bytes(gzip.compress(b"<urlset>" + b" " * 20_000_000 + b"</urlset>"))
    assert bomb.stat().st_size < 100_000
    status, _, problems = urls(str(bomb))
    assert status == 1 and problems == [f"extractor urls: {bomb}: over 10000000 bytes once decompressed"]


def test_since_must_be_a_date():
    result = CliRunner().invoke(cli, ["urls", "x.xml", "--since", "last week"])
    assert result.exit_code == 2 and "not an ISO date" in result.stderr


# -- documents and dates --


def test_a_news_sitemap_and_a_text_sitemap():
    news = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/1</loc>'
        b"<news:news><news:publication_date>2024-03-01T09:00:00+01:00</news:publication_date></news:news>"
        b"</url></urlset>"
    )
    document = parse_document(news, "https://a.example/news.xml")
    assert document.entries == [
        Entry("https://a.example/1", (datetime.fromisoformat("2024-03-01T09:00+01:00"),))
    ]
    text = parse_document(b"https://a.example/1\n\nhttps://a.example/2\n", "https://a.example/s.txt")
    assert [entry.url for entry in text.entries] == ["https://a.example/1", "https://a.example/2"]
    with pytest.raises(ListingError, match="not a sitemap, feed or list of URLs"):
        parse_document(b"hello there\n", "https://a.example/s.txt")


def test_dates_of_each_form():
    assert parse_date("2024-03-04") == date(2024, 3, 4)
    assert parse_date("2024-03-04T10:00:00Z") == datetime(2024, 3, 4, 10, tzinfo=UTC)
    assert parse_date("Mon, 04 Mar 2024 10:00:00 GMT") == datetime(2024, 3, 4, 10, tzinfo=UTC)
    assert parse_date("2024-02") == date(2024, 2, 29)  # as late as the month goes
    assert parse_date("soon") is None


def test_since_compares_calendar_dates_as_written_and_moments_exactly():
    late_evening = Entry("u", (datetime.fromisoformat("2024-03-04T23:30:00-05:00"),))  # 04:30 UTC on the 5th
    assert not_older(late_evening, date(2024, 3, 4)) and not not_older(late_evening, date(2024, 3, 5))
    assert not_older(late_evening, datetime(2024, 3, 5, 4, 30))  # naive: UTC
    assert not not_older(late_evening, datetime(2024, 3, 5, 4, 31, tzinfo=UTC))
    assert not_older(Entry("u"), date(2099, 1, 1))  # undated entries are kept


def test_a_feed_that_is_not_well_formed_xml_is_still_read():
    """HTML entities that XML does not know (&nbsp;) are common in feeds; feedparser reads past them."""
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News&nbsp;desk</title>'
        b"<item><title>Tolls&nbsp;rise</title><link>https://a.example/tolls</link></item>"
        b"</channel></rss>"
    )
    assert [entry.url for entry in parse_document(feed, "https://a.example/feed").entries] == [
        "https://a.example/tolls"
    ]
