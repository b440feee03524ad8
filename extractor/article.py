"""Article stage: HTML bytes (and the URL they came from) → an `Article`.

An `Article` is what the later stages read: canonical URL, headline, site name, publication date,
and the body as paragraphs. Its `text` is the headline, a blank line, then the paragraphs joined by
blank lines; every character offset in a claim record refers to that text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import trafilatura

PARAGRAPH_SEPARATOR = "\n\n"


class ArticleError(ValueError):
    """Input that holds no article: empty, binary, or not HTML. `kind` is one of
    ``empty``, ``binary``, ``not_html``, ``decode``, ``parse``."""

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


def from_text(
    text: str, *, url: str | None = None, title: str | None = None, published: str | None = None
) -> Article:
    """An article from plain text: blocks separated by blank lines are the paragraphs."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    body = tuple(block for block in blocks if block)
    if not body:
        raise ArticleError("empty", "the text holds no paragraph")
    return Article(url=url, title=title, site=None, published=published, body=body)


def parse_html(html: bytes | str, *, url: str | None = None) -> Article:
    """Parse a news page. Raises ArticleError when it holds no article."""
    if not html or not html.strip():
        raise ArticleError("empty", "the page is empty")
    head = html[:4096]
    if isinstance(head, bytes) and b"\x00" in head:
        raise ArticleError("binary", "the input is binary, not HTML")
    if "<" not in (head.decode("latin-1") if isinstance(head, bytes) else head):
        raise ArticleError("not_html", "the input is not HTML (no markup)")
    document = trafilatura.bare_extraction(html, url=url, favor_precision=True, with_metadata=True)
    if document is None or not document.text:
        raise ArticleError("parse", "no article text found in the page")
    body = tuple(" ".join(line.split()) for line in document.text.split("\n") if line.strip())
    return Article(
        url=document.url or url,
        title=document.title,
        site=document.sitename,
        published=document.date,
        body=body,
    )
