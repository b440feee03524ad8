"""A page's metadata: canonical URL, site name, headline and publication date (our own rules)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from extractor.article.dates import byline_date, iso_date
from extractor.article.text import comparable, element_text, normalize_space

# Meta tags naming the publication date, after JSON-LD and article:published_time, best first.
_DATE_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "datepublished",
)
_TITLE_SEPARATOR = re.compile(r"(\s+(?:[|\-–—·•»«]|::)\s+)")


class PageMetadata:
    """Canonical URL, site name, headline and publication date, read from one parsed page."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.meta = _meta_tags(tree)
        self.linked_data = list(_linked_data_objects(tree))

    def canonical_url(self, given: str | None) -> str | None:
        """link rel=canonical, then og:url, then the given URL. A canonical link to the site's home
        page for a deeper given URL is a known CMS mistake and is ignored."""
        base = given or self.meta.get("og:url")
        for candidate in (self._link("canonical"), self.meta.get("og:url")):
            if not candidate:
                continue
            absolute = urljoin(base, candidate) if base else candidate
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                continue
            if given and parts.path in ("", "/") and urlsplit(given).path not in ("", "/"):
                continue
            return absolute
        return given

    def site_name(self, url: str | None) -> str | None:
        """og:site_name, then the JSON-LD publisher's name, then the host without www."""
        name = self.meta.get("og:site_name") or self._publisher_name()
        if name and "://" not in name:
            return name
        url = name or url  # a site "name" that is a URL stands for its host
        host = urlsplit(url).hostname if url else None
        return host.removeprefix("www.") if host else None

    def headline(self, site: str | None, url: str | None) -> tuple[str | None, tuple[str, ...]]:
        """The headline, and every headline-like string of the page (to drop from the body).

        The page's declared title (og:title, twitter:title, JSON-LD headline, <title>, minus a
        " | Site" part) is matched against the <h1>s: a matching <h1> is the visible headline and wins;
        otherwise the declared title does, and an <h1> only stands in when nothing is declared."""
        names = _site_names(site, url, self._publisher_name())
        declared = [
            _strip_site_name(value, names)
            for value in (
                self.meta.get("og:title"),
                self.meta.get("twitter:title"),
                self._linked_data_value("headline"),
                self._title_element(),
            )
            if value
        ]
        declared = [value for value in declared if value]
        h1s = [text for text in map(element_text, self.tree.iter("h1")) if text and len(text) < 400]
        headlines = tuple(dict.fromkeys(declared + h1s))
        if not declared:
            return (h1s[0] if h1s else None), headlines
        best = max(h1s, key=lambda h1: _word_overlap(h1, declared[0]), default=None)
        if best and _word_overlap(best, declared[0]) >= 0.5:
            return best, headlines
        return declared[0], headlines

    def published(self) -> str | None:
        """The first date that parses, from the most to the least trustworthy place."""
        for value in self._date_candidates():
            iso = iso_date(value)
            if iso:
                return iso
        return byline_date(self.tree)

    def _date_candidates(self) -> Iterator[str]:
        yield from self._linked_data_values("datePublished")
        for name in _DATE_META_NAMES:
            if name in self.meta:
                yield self.meta[name]
        for element in self.tree.xpath('//*[contains(concat(" ", @itemprop, " "), " datePublished ")]'):
            yield element.get("content") or element.get("datetime") or element_text(element)
        header_times = self.tree.xpath(
            "//article//header//time[@datetime] | //time[@pubdate][@datetime]"
            ' | //*[contains(@class, "byline") or contains(@class, "dateline")]//time[@datetime]'
        )
        for element in header_times:
            yield element.get("datetime")

    def _link(self, rel: str) -> str | None:
        for element in self.tree.iter("link"):
            if rel in (element.get("rel") or "").lower().split() and element.get("href"):
                return element.get("href").strip()
        return None

    def _title_element(self) -> str | None:
        element = self.tree.find(".//title")
        return element_text(element) if element is not None else None

    def _linked_data_values(self, key: str) -> Iterator[str]:
        """`key` of the article objects first, then of web-page objects (a WebSite's is not the article's)."""
        for wanted in (_is_article_type, _is_page_type):
            for item in self.linked_data:
                value = item.get(key)
                if wanted(item.get("@type")) and isinstance(value, str) and value.strip():
                    yield value.strip()

    def _linked_data_value(self, key: str) -> str | None:
        return next(self._linked_data_values(key), None)

    def _publisher_name(self) -> str | None:
        for item in self.linked_data:
            publisher = item.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if _is_article_type(item.get("@type")) and isinstance(publisher, dict):
                name = publisher.get("name")
                if isinstance(name, str) and name.strip():
                    return normalize_space(name)
        return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty content of each <meta> name/property/itemprop, keys lowercased."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = normalize_space(element.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            for key in (element.get(attribute) or "").lower().split():  # itemprop="datePublished dateCreated"
                tags.setdefault(key, content)
    return tags


def _linked_data_objects(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD scripts, @graph and lists flattened."""
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags still count
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]


def _type_names(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [name for name in values if isinstance(name, str)]


def _is_article_type(value: object) -> bool:
    return any(name.endswith(("Article", "Posting", "Report")) for name in _type_names(value))


def _is_page_type(value: object) -> bool:
    return any(name.endswith("Page") for name in _type_names(value))


_GENERIC_HOST_LABELS = {"www", "m", "amp", "co", "com", "org", "net", "ac", "gov"}


def _site_names(*names: str | None) -> set[str]:
    """Comparable forms of the site's names; a URL contributes its host and the host's distinctive
    labels (www.nj.com → nj.com, nj; entermedia.co.kr → entermedia.co.kr, entermedia)."""
    keys = set()
    for name in filter(None, names):
        if "://" in name:
            labels = (urlsplit(name).hostname or "").split(".")
            keys.add(comparable(".".join(labels)))
            keys.update(comparable(label) for label in labels[:-1] if label not in _GENERIC_HOST_LABELS)
        else:
            keys.update({comparable(name), comparable(name.removeprefix("The "))})
    return keys - {""}


def _strip_site_name(title: str, site_names: set[str]) -> str:
    """"Headline | The Site" → "Headline" (also "Site - Headline"); a part is dropped only when it
    names the site or looks like a host name."""
    pieces = _TITLE_SEPARATOR.split(normalize_space(title))  # parts at even, separators at odd indexes

    def names_site(part: str) -> bool:
        return comparable(part) in site_names or bool(re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}", part))

    while len(pieces) > 1 and names_site(pieces[-1]):
        del pieces[-2:]
    while len(pieces) > 1 and names_site(pieces[0]):
        del pieces[:2]
    return "".join(pieces)


def _word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two strings' lowercased words."""
    words_a, words_b = set(re.findall(r"\w+", first.lower())), set(re.findall(r"\w+", second.lower()))
    return len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
