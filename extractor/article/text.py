"""Whitespace, invisible characters and comparable forms, as every part of the article stage reads them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f]")


def normalize_space(text: str) -> str:
    """Runs of whitespace as one space, invisible characters (soft hyphens, zero-width ones) dropped."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def element_text(element: HtmlElement) -> str:
    """An element's text, its children's included, with normalized space."""
    return normalize_space(element.text_content())


def comparable(text: str) -> str:
    """Word characters only, lowercased: "The Harbour-Gazette" and "the harbour gazette" compare equal."""
    return re.sub(r"\W+", "", text.lower())
