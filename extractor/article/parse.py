"""Page → `Article`: bytes → text (decoding.py), text → lxml tree (tree.py), then the metadata from
the tree (metadata.py, dates.py) and the body paragraphs (body.py)."""

from __future__ import annotations

from extractor.article.body import body_paragraphs
from extractor.article.decoding import CONTROL_CHARS, decode_html, reject_non_html
from extractor.article.document import Article, ArticleError
from extractor.article.metadata import PageMetadata
from extractor.article.tree import load_tree


def parse_html(html: bytes | str, *, url: str | None = None, encoding: str | None = None) -> Article:
    """Parse a news page. `encoding` is the charset the server declared, if any.

    Raises ArticleError when the input is empty, binary, not HTML, or holds no article text."""
    markup = decode_html(html, encoding=encoding) if isinstance(html, bytes) else html
    reject_non_html(markup)
    tree = load_tree(CONTROL_CHARS.sub("", markup))
    if tree is None:
        raise ArticleError("parse", "the page could not be parsed as HTML")
    page = PageMetadata(tree)
    url = page.canonical_url(url)
    site = page.site_name(url)
    title, headlines = page.headline(site, url)
    body = body_paragraphs(tree, url=url, headlines=headlines)
    return Article(url=url, title=title, site=site, published=page.published(), body=body)
