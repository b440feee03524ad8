"""Page bytes → text: byte-order mark, declared charsets, detection; binary and markup-free input refused."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from extractor.article.document import ArticleError

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
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
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


def reject_non_html(markup: str) -> None:
    """ArticleError for text that is empty, binary or holds no markup."""
    if not markup.strip():
        raise ArticleError("empty", "the page is empty")
    head = markup[:4096]
    controls = len(CONTROL_CHARS.findall(head))
    if controls > BINARY_CONTROL_SHARE * len(head) or head.lstrip().startswith("%PDF-"):
        raise ArticleError("binary", "the input is binary (a document or image), not HTML")
    if not _MARKUP.search(markup):
        raise ArticleError("not_html", "the input is not HTML (it holds no markup)")
