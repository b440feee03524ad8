"""Assemble claim records from the tagged spans of one article (first version)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from extractor.article import Article
from extractor.records import ArticleRef, Claim, ExtractorInfo, TextSpan


def claim_id(url: str | None, sentence: str, offset: int) -> str:
    """Stable id of a claim: the first 16 hex digits of SHA-256 over the canonical article URL, the
    sentence text and the offset of the number within the sentence, joined by NUL characters."""
    key = "\x00".join((url or "", sentence, str(offset)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def claims_from_doc(doc: Doc, article: Article, info: ExtractorInfo, spans_key: str = "claims") -> Iterator[Claim]:
    ref = ArticleRef(url=article.url, title=article.title, site=article.site, published=article.published)
    paragraphs = article.paragraphs
    for span in doc.spans[spans_key]:
        yield _claim(span, ref, paragraphs, info)


def _claim(span: Span, ref: ArticleRef, paragraphs, info: ExtractorInfo) -> Claim:
    start, end = span.start_char, span.end_char
    paragraph = next((i for i, p in enumerate(paragraphs) if p.start <= start < p.end), None)
    sentence = span.sent.text
    return Claim(
        claim_id=claim_id(ref.url, sentence, start - span.sent.start_char),
        article=ref,
        section="body" if paragraph is not None else "headline",
        paragraph=paragraph,
        sentence=sentence,
        text=span.text,
        span=TextSpan(start, end),
        value=None,
        qualifier="exact",
        lower=None,
        upper=None,
        unit=None,
        counted=None,
        category="other",
        party=None,
        source=None,
        time=None,
        rate_per=None,
        extractor=info,
    )
