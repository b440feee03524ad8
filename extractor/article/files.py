"""Local files as articles, for `extractor extract` and `extractor text`: the bytes read with a cap
(a gzipped page inflated, up to the same cap), then HTML or plain text into an `Article`."""

from __future__ import annotations

import re
import sys
import zlib
from dataclasses import replace

from extractor.article.decoding import looks_binary
from extractor.article.document import Article, ArticleError, from_text
from extractor.article.parse import parse_html

# The largest input read, after gunzipping: the same cap as `run --max-bytes` puts on a fetched page.
# Reading stops there, so /dev/zero or a runaway pipe is refused instead of filling memory.
MAX_INPUT_BYTES = 10_000_000
_GZIP_MAGIC = b"\x1f\x8b"
# "www.example.com/a" or "example.org/story": a host name where a local path was expected.
_HOST_LIKE = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?:[/?#:]|$)", re.IGNORECASE)


def read_bytes(path: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The input's bytes (gunzipped when gzip), at most `limit` of them; ArticleError otherwise."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(limit + 1)
    except FileNotFoundError:
        raise ArticleError("missing", f"no such file{_url_hint(path)}") from None
    except IsADirectoryError:
        raise ArticleError("missing", "is a directory") from None
    except OSError as error:
        raise ArticleError("read", error.strerror or str(error)) from None
    if len(data) > limit:
        raise ArticleError("too_large", f"the input is over {limit:,} bytes")
    return _gunzip(data, limit) if data.startswith(_GZIP_MAGIC) else data


def _gunzip(data: bytes, limit: int) -> bytes:
    """A gzip file's content (a saved `.html.gz` page), refused past `limit` bytes inflated (a gzip bomb
    is refused after inflating `limit` bytes, not all of it)."""
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        content = inflate.decompress(data, limit + 1)
    except zlib.error as error:
        raise ArticleError("binary", f"a broken gzip file ({error})") from None
    if len(content) > limit:
        raise ArticleError("too_large", f"the input is over {limit:,} bytes once decompressed")
    return content


def _url_hint(path: str) -> str:
    """What to do with a web address given where a file was expected."""
    if "://" in path:
        return f"; {path} is a URL: `extractor run` fetches URLs (extract reads local files)"
    if _HOST_LIKE.match(path):
        return f"; did you mean https://{path} ? `extractor run` fetches URLs (extract reads local files)"
    return ""


def load_article(
    path: str, *, fmt: str, url: str | None, published: str | None, title: str | None
) -> Article:
    """The article a local file (or - for stdin) holds: HTML, or plain text with `fmt` "text" or a .txt
    name; what the caller gives (URL, publication date, headline) wins over what the page says."""
    data = read_bytes(path)
    if fmt == "text" or (fmt == "auto" and path.endswith(".txt")):
        if looks_binary(data):
            raise ArticleError("binary", "the input is binary, not text")
        article = from_text(data.decode("utf-8", errors="replace"), url=url, title=title, published=published)
    else:
        try:
            article = parse_html(data, url=url)
        except ArticleError as error:
            if error.kind != "not_html" or fmt == "html":
                raise
            raise ArticleError(error.kind, f"{error}; for plain text, use --format text") from None
    changes = {k: v for k, v in {"url": url, "published": published, "title": title}.items() if v}
    return replace(article, **changes) if changes else article
