"""The body of a page: trafilatura's paragraphs less boilerplate and a repeated headline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import trafilatura
from lxml.html import HtmlElement

from extractor.article.document import ArticleError
from extractor.article.text import comparable, normalize_space

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


def body_paragraphs(tree: HtmlElement, *, url: str | None, headlines: tuple[str, ...]) -> tuple[str, ...]:
    """trafilatura's text (precision first, no comments), one paragraph a line, minus the lines that
    `_Boilerplate` recognizes and minus a leading repeat of the headline."""
    document = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False, with_metadata=False
    )
    lines = [normalize_space(line) for line in (document.text or "").split("\n")] if document else []
    body = [line for line in lines if line and not _BOILERPLATE.matches(line)]
    repeated = {comparable(headline) for headline in headlines}
    while body and comparable(body[0]) in repeated:
        body.pop(0)
    if not any(_word_count(line) >= _MIN_SENTENCE_WORDS for line in body):
        raise ArticleError("parse", "no article text found in the page")
    return tuple(body)


class _Boilerplate:
    """Lines that are captions, credits, box headings or calls to action even when the extractor kept
    them; the phrases are data (boilerplate.json). Only short lines are judged, so a real
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


_BOILERPLATE = _Boilerplate(Path(__file__).with_name("boilerplate.json"))
