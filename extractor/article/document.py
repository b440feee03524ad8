"""What the article stage gives the later ones: an `Article` (and `ArticleError` for input that holds none).

An `Article` is canonical URL, headline, site name, publication date, and the body as paragraphs. Its
`text` is the headline, a blank line, then the paragraphs joined by blank lines; every character
offset in a claim record refers to that text. `from_text` makes one from plain text; `parse_html`
(extractor/article/parse.py) from a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from urllib.parse import urlsplit, urlunsplit

from extractor.article.text import normalize_space

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
    blocks = [normalize_space(block) for block in text.replace("\r\n", "\n").split("\n\n")]
    body = tuple(block for block in blocks if block)
    if not body:
        raise ArticleError("empty", "the text holds no paragraph")
    return Article(url=url, title=title, site=None, published=published, body=body)
