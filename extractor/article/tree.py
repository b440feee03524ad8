"""Page text → lxml tree, past libxml2's depth limit when a page nests too deep."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring

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


def load_tree(markup: str) -> HtmlElement | None:
    """trafilatura's tree of the page, or a deep parse of it when the page nests past libxml2's limit."""
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
