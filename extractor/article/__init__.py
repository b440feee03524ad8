"""Article stage: a page (HTML bytes, and the URL it came from) or plain text → an `Article`.

document.py holds the `Article` the later stages read; parse.py reads a page in this order: bytes →
text (decoding.py), text → lxml tree (tree.py), the metadata from the tree (metadata.py, dates.py),
the body paragraphs (body.py, with the boilerplate phrases in boilerplate.json).
"""

from extractor.article.decoding import BINARY_CONTROL_SHARE, decode_html, looks_binary
from extractor.article.document import (
    PARAGRAPH_SEPARATOR,
    Article,
    ArticleError,
    Paragraph,
    from_text,
    iso_published,
    without_credentials,
)
from extractor.article.parse import parse_html

__all__ = [
    "BINARY_CONTROL_SHARE",
    "PARAGRAPH_SEPARATOR",
    "Article",
    "ArticleError",
    "Paragraph",
    "decode_html",
    "from_text",
    "iso_published",
    "looks_binary",
    "parse_html",
    "without_credentials",
]
