"""Article stage: HTML bytes (and the URL they came from) → an `Article`.

An `Article` is what the later stages read: canonical URL, headline, site name, publication date,
and the body as paragraphs. Its `text` is the headline, a blank line, then the paragraphs joined by
blank lines; every character offset in a claim record refers to that text.

`parse_html` reads the page in this order: bytes → text (`decode_html`), text → lxml tree, then the
metadata from the tree (our own rules, below) and the body paragraphs (trafilatura, precision first).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import charset_normalizer
import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring

PARAGRAPH_SEPARATOR = "\n\n"


class ArticleError(ValueError):
    """Input that holds no article. `kind` is one of ``empty``, ``binary``, ``not_html``, ``parse``
    (the CLI adds ``missing`` and ``read`` for files it cannot read, ``too_large`` past its byte cap)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int  # offset of the paragraph in Article.text
    end: int


@dataclass(frozen=True)
class Article:
    url: str | None
    title: str | None
    site: str | None
    published: str | None  # ISO 8601 date or datetime
    body: tuple[str, ...]

    def __post_init__(self) -> None:
        # Every record copies `published` and dates its figures from it: a value that is no date
        # ("yesterday", "2022-13-45") would make records that break the contract.
        if self.published is not None:
            object.__setattr__(self, "published", iso_published(self.published))
        # Every record copies the URL too: a password in it ("https://user:pass@host/") must not travel.
        if self.url:
            object.__setattr__(self, "url", without_credentials(self.url))

    @cached_property
    def text(self) -> str:
        """Headline, blank line, paragraphs joined by blank lines (no headline: paragraphs only)."""
        blocks = ([self.title] if self.title else []) + list(self.body)
        return PARAGRAPH_SEPARATOR.join(blocks)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        offset = len(self.title) + len(PARAGRAPH_SEPARATOR) if self.title else 0
        result = []
        for text in self.body:
            result.append(Paragraph(text, offset, offset + len(text)))
            offset += len(text) + len(PARAGRAPH_SEPARATOR)
        return tuple(result)


def iso_published(value: str) -> str:
    """A publication date as given by a caller → its ISO 8601 form (a date stays a date: 2022-12-22,
    2022-12-22T10:41:00+00:00). Raises ValueError, saying what is expected, for anything else."""
    text = value.strip() if isinstance(value, str) else ""
    for parse in (date.fromisoformat, datetime.fromisoformat):  # date.fromisoformat refuses a time
        try:
            return parse(text).isoformat()
        except ValueError:
            pass
    raise ValueError(
        "published must be an ISO 8601 date or datetime (2022-12-22, 2022-12-22T10:41:00+00:00), "
        f"not {value!r}"
    )


def without_credentials(url: str) -> str:
    """The URL without a ``user:password@`` part (the rest as given)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def from_text(
    text: str, *, url: str | None = None, title: str | None = None, published: str | None = None
) -> Article:
    """An article from plain text: blocks separated by blank lines are the paragraphs."""
    blocks = [_normalize_space(block) for block in text.replace("\r\n", "\n").split("\n\n")]
    body = tuple(block for block in blocks if block)
    if not body:
        raise ArticleError("empty", "the text holds no paragraph")
    return Article(url=url, title=title, site=None, published=published, body=body)


def parse_html(html: bytes | str, *, url: str | None = None, encoding: str | None = None) -> Article:
    """Parse a news page. `encoding` is the charset the server declared, if any.

    Raises ArticleError when the input is empty, binary, not HTML, or holds no article text."""
    markup = decode_html(html, encoding=encoding) if isinstance(html, bytes) else html
    _reject_non_html(markup)
    tree = _load_tree(_CONTROL_CHARS.sub("", markup))
    if tree is None:
        raise ArticleError("parse", "the page could not be parsed as HTML")
    page = _PageMetadata(tree)
    url = page.canonical_url(url)
    site = page.site_name(url)
    title, headlines = page.headline(site, url)
    body = _body_paragraphs(tree, url=url, headlines=headlines)
    return Article(url=url, title=title, site=site, published=page.published(), body=body)


# -- bytes → text ------------------------------------------------------------------------------

_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252, and pages so labelled often hold its curly quotes.
_WINDOWS_1252_ALIASES = {"iso8859-1", "ascii", "latin-1"}


def decode_html(data: bytes, *, encoding: str | None = None) -> str:
    """Page bytes → text. Order: byte-order mark, the caller's charset, the page's <meta> charset, then
    detection. A declared charset that garbles most non-ASCII bytes is ignored; undecodable bytes
    become U+FFFD. Raises ArticleError for empty or binary input."""
    if not data.strip():
        raise ArticleError("empty", "the page is empty")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    _reject_binary_bytes(data)
    for declared in (encoding, _meta_charset(data[:8192])):
        codec = _codec_name(declared)
        if codec:
            text = data.decode(codec, errors="replace")
            if _mostly_decoded(text):
                return text
    try:
        return data.decode("utf-8")  # strict UTF-8 success is all but proof of UTF-8
    except UnicodeDecodeError:
        pass
    return data.decode(_detected_codec(data) or "utf-8", errors="replace")


def _detected_codec(data: bytes) -> str | None:
    """charset-normalizer's guess, except that windows-1252 wins a tie. A short page gives the detector
    too little text to tell Western from Central European or Baltic code pages ("Café" read as "Cafķ"),
    and windows-1252 is what browsers assume and what most mislabelled pages are really in."""
    guess = charset_normalizer.from_bytes(data).best()
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and (guess is None or western.chaos <= guess.chaos):
        return "cp1252"
    return _codec_name(guess.encoding) if guess else None


# C0 and C1 control characters other than whitespace: no text holds them, and a terminal obeys them.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = frozenset(range(0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
# Share of control bytes in the first 4 KB above which an input is binary. Text pages carry a stray
# NUL or escape now and then (a CMS bug, a pasted terminal log); images and archives are full of them.
BINARY_CONTROL_SHARE = 0.03


def looks_binary(data: bytes) -> bool:
    """True for a document or image format's signature, or a head thick with control bytes."""
    head = data[:4096]
    if head.lstrip().startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls > BINARY_CONTROL_SHARE * len(head)


def _reject_binary_bytes(data: bytes) -> None:
    if looks_binary(data):
        raise ArticleError("binary", "the input is binary (a document or image), not HTML")


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def _mostly_decoded(text: str) -> bool:
    """False when replacement characters outnumber the non-ASCII characters decoded: the declared
    charset is wrong (one stray bad byte in a UTF-8 page is not enough to say so)."""
    replaced = text.count("\ufffd")
    if not replaced:
        return True
    decoded = sum(1 for char in text if char > "\x7f") - replaced
    return replaced <= decoded


_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:-]*[\s/>]|!|/[a-zA-Z])")


def _reject_non_html(markup: str) -> None:
    if not markup.strip():
        raise ArticleError("empty", "the page is empty")
    head = markup[:4096]
    controls = len(_CONTROL_CHARS.findall(head))
    if controls > BINARY_CONTROL_SHARE * len(head) or head.lstrip().startswith("%PDF-"):
        raise ArticleError("binary", "the input is binary (a document or image), not HTML")
    if not _MARKUP.search(markup):
        raise ArticleError("not_html", "the input is not HTML (it holds no markup)")


# -- text → tree -------------------------------------------------------------------------------

# libxml2 stops building the tree 256 elements deep and drops everything below and after, silently:
# a page of nested wrappers (page builders, unclosed <font> tags) would lose its text. A tree that
# reaches this depth is parsed again with libxml2's raised limit (2048), and its pure wrappers are
# unwrapped; past that too, the layout tags that nest (div, span, font...) are taken out of the markup.
_LIBXML2_DEPTH_LIMIT = 255
_LIBXML2_HUGE_DEPTH_LIMIT = 2047
_LAYOUT_TAGS = re.compile(
    r"</?(?:div|span|section|font|center|aside|header|footer|b|i|u|em|strong)\b[^>]*>", re.IGNORECASE
)
_DEEP_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
    huge_tree=True,
)
_KEPT_WRAPPERS = frozenset({"html", "head", "body", "article", "main", "p", "table", "tr", "td", "li"})


def _load_tree(markup: str) -> HtmlElement | None:
    tree = trafilatura.load_html(markup)
    if tree is None or _depth(tree) < _LIBXML2_DEPTH_LIMIT - 5:
        return tree
    deep = _parse_deep(markup)
    if deep is not None and _depth(deep) >= _LIBXML2_HUGE_DEPTH_LIMIT - 5:
        deep = _parse_deep(_LAYOUT_TAGS.sub(" ", markup))
    if deep is None:
        return tree
    _unwrap_wrappers(deep)
    return deep


def _parse_deep(markup: str) -> HtmlElement | None:
    try:
        return fromstring(markup.encode("utf-8", "surrogatepass"), parser=_DEEP_PARSER)
    except (ValueError, etree.ParserError):
        return None


def _depth(tree: HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _unwrap_wrappers(tree: HtmlElement) -> None:
    """Drop elements that only wrap one element (no text of their own): the text stays, the depth goes."""
    wrappers = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag not in _KEPT_WRAPPERS
        and len(element) == 1
        and not (element.text or "").strip()
        and not (element[0].tail or "").strip()
        and element.getparent() is not None
    ]
    for element in wrappers:
        element.drop_tag()


# -- metadata ----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _normalize_space(text: str) -> str:
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def _element_text(element: HtmlElement) -> str:
    return _normalize_space(element.text_content())


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


class _PageMetadata:
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
        h1s = [text for text in map(_element_text, self.tree.iter("h1")) if text and len(text) < 400]
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
            iso = _iso_date(value)
            if iso:
                return iso
        return _byline_date(self.tree)

    def _date_candidates(self) -> Iterator[str]:
        yield from self._linked_data_values("datePublished")
        for name in _DATE_META_NAMES:
            if name in self.meta:
                yield self.meta[name]
        for element in self.tree.xpath('//*[contains(concat(" ", @itemprop, " "), " datePublished ")]'):
            yield element.get("content") or element.get("datetime") or _element_text(element)
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
        return _element_text(element) if element is not None else None

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
                    return _normalize_space(name)
        return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty content of each <meta> name/property/itemprop, keys lowercased."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = _normalize_space(element.get("content") or "")
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
            keys.add(_comparable(".".join(labels)))
            keys.update(_comparable(label) for label in labels[:-1] if label not in _GENERIC_HOST_LABELS)
        else:
            keys.update({_comparable(name), _comparable(name.removeprefix("The "))})
    return keys - {""}


def _comparable(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _strip_site_name(title: str, site_names: set[str]) -> str:
    """"Headline | The Site" → "Headline" (also "Site - Headline"); a part is dropped only when it
    names the site or looks like a host name."""
    pieces = _TITLE_SEPARATOR.split(_normalize_space(title))  # parts at even, separators at odd indexes

    def names_site(part: str) -> bool:
        return _comparable(part) in site_names or bool(re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}", part))

    while len(pieces) > 1 and names_site(pieces[-1]):
        del pieces[-2:]
    while len(pieces) > 1 and names_site(pieces[0]):
        del pieces[:2]
    return "".join(pieces)


def _word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two strings' lowercased words."""
    words_a, words_b = set(re.findall(r"\w+", first.lower())), set(re.findall(r"\w+", second.lower()))
    return len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0


# -- dates -------------------------------------------------------------------------------------

def _iso_date(value: str) -> str | None:
    """A date string from metadata → ISO 8601 (a date stays a date), or None if it does not parse."""
    value = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):  # date.fromisoformat refuses a time
        try:
            return _plausible(parse(value))
        except ValueError:
            pass
    try:
        return _plausible(parsedate_to_datetime(value))  # RFC 2822, as in HTTP headers
    except (TypeError, ValueError, IndexError):
        pass
    written = _WRITTEN_DATE.search(value)  # "March 12, 2023", as some sites write it in meta tags
    return _parse_byline_date(written.group(0)) if written else None


def _plausible(moment: date) -> str | None:
    if not 1990 <= moment.year < 2100:
        return None
    return moment.isoformat(timespec="seconds") if isinstance(moment, datetime) else moment.isoformat()


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_AM_PM = r"(?i:[ap]\.?\s?m\.?)"
_CLOCK = rf"(?:,?\s*(?:at\s+)?\d{{1,2}}(?::\d{{2}}\s*{_AM_PM}?|\s*{_AM_PM})(?:\s+[A-Z]{{2,5}}\b)?)?"
# A written date (with its time of day, if any) inside a byline such as "By A. Writer | Published
# 12 March 2023" or "Updated: Dec. 22, 2022 5:01 p.m. ET". Only this part goes to dateparser.
_WRITTEN_DATE = re.compile(
    rf"(?i:{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    + _CLOCK
)
_BYLINE_HINT = re.compile(r"byline|dateline|date|time|publish|posted|meta|info", re.IGNORECASE)
_BYLINE_LABEL = re.compile(r"\b(published|posted|first published|updated|last updated|modified)\b", re.I)
_MAX_BYLINE_CHARS = 120
_MAX_BYLINE_CANDIDATES = 12


def _byline_date(tree: HtmlElement) -> str | None:
    """The date written in the byline. Bylines are short elements whose class or id hints at a date or
    whose text starts with "Published"/"Updated"; a "Published" date beats an "Updated" one."""
    published, plain, updated = [], [], []
    for element in _byline_elements(tree):
        text = _element_text(element)
        for segment in re.split(r"\s[|·•]\s|(?=\b(?:Published|Posted|Updated|Last updated)\b)", text):
            match = _WRITTEN_DATE.search(segment)
            if not match:
                continue
            label = _BYLINE_LABEL.search(segment[: match.start()])
            kind = label.group(1).lower() if label else ""
            bucket = updated if kind.endswith(("updated", "modified")) else published if kind else plain
            bucket.append(match.group(0))
    for written in published + plain + updated:
        iso = _parse_byline_date(written)
        if iso:
            return iso
    return None


def _byline_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    found = 0
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "nav", "footer"):
            continue
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        own_text = (element.text or "").lstrip()
        if not (_BYLINE_HINT.search(hint) or _BYLINE_LABEL.match(own_text)):
            continue
        if len(element.text_content()) > _MAX_BYLINE_CHARS * 2:  # cheap check before normalizing
            continue
        if len(_element_text(element)) <= _MAX_BYLINE_CHARS:
            yield element
            found += 1
            if found == _MAX_BYLINE_CANDIDATES:
                return


@cache
def _date_parser():  # imported on first use: dateparser takes a quarter of a second to load
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PARSERS": ["absolute-time"],  # no "2 hours ago": the answer would depend on today
            "RETURN_TIME_AS_PERIOD": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )


def _parse_byline_date(text: str) -> str | None:
    """A short written date → ISO 8601: a datetime when it gives the time of day, else a date."""
    data = _date_parser().get_date_data(text)
    if data.date_obj is None:
        return None
    moment = data.date_obj if data.period == "time" else data.date_obj.date()
    return _plausible(moment)


# -- body --------------------------------------------------------------------------------------

_MIN_SENTENCE_WORDS = 5  # a body of menu words only ("Home", "Sport") is no article
# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): their words are
# counted as characters, about two a word, since splitting on spaces makes a paragraph one "word".
_SPACELESS_SCRIPT = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_CHARACTERS_PER_WORD_WITHOUT_SPACES = 2


def _word_count(line: str) -> int:
    spaceless = len(_SPACELESS_SCRIPT.findall(line))
    if not spaceless:
        return len(line.split())
    return len(_SPACELESS_SCRIPT.sub(" ", line).split()) + spaceless // _CHARACTERS_PER_WORD_WITHOUT_SPACES


def _body_paragraphs(tree: HtmlElement, *, url: str | None, headlines: tuple[str, ...]) -> tuple[str, ...]:
    """trafilatura's text (precision first, no comments), one paragraph a line, minus the lines that
    `_Boilerplate` recognizes and minus a leading repeat of the headline."""
    document = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False, with_metadata=False
    )
    lines = [_normalize_space(line) for line in (document.text or "").split("\n")] if document else []
    body = [line for line in lines if line and not _BOILERPLATE.matches(line)]
    repeated = {_comparable(headline) for headline in headlines}
    while body and _comparable(body[0]) in repeated:
        body.pop(0)
    if not any(_word_count(line) >= _MIN_SENTENCE_WORDS for line in body):
        raise ArticleError("parse", "no article text found in the page")
    return tuple(body)


class _Boilerplate:
    """Lines that are captions, credits, box headings or calls to action even when the extractor kept
    them; the phrases are data (article_boilerplate.json). Only short lines are judged, so a real
    paragraph that happens to mention a newsletter or Reuters stays."""

    MAX_WORDS = 45

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        headings = _alternatives(data["box_headings"])
        prefixes = _alternatives(data["box_heading_prefixes"])
        self.heading = re.compile(rf"(?:{headings}|(?:{prefixes})\b.{{0,60}})", re.IGNORECASE)
        self.label = re.compile(rf"(?:{_alternatives(data['line_labels'])})\s*:", re.IGNORECASE)
        credits, agencies = _alternatives(data["picture_credits"]), _alternatives(data["wire_agencies"])
        # "Crowds in Lima on Sunday. (AFP via Getty Images)", "(credit: NASA)", "(REUTERS/Kim Lee)"
        self.credit = re.compile(
            rf"\([^()]*(?:(?:{credits})|\b(?:{agencies})\s*/)[^()]*\)$", re.IGNORECASE
        )
        self.call_to_action = re.compile("|".join(data["calls_to_action"]), re.IGNORECASE)

    def matches(self, line: str) -> bool:
        if _word_count(line) > self.MAX_WORDS:
            return False
        bare = line.strip("[]()<>:.…!?-–—•|* ")
        return bool(
            self.heading.fullmatch(bare)
            or self.label.match(line.lstrip("[(* "))
            or self.credit.search(line)
            or self.call_to_action.search(line)
        )


def _alternatives(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces matching one."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered)


_BOILERPLATE = _Boilerplate(Path(__file__).with_name("article_boilerplate.json"))
