"""Assemble claim records from the tagged spans of one article.

The tagger leaves the words as written on each span (`span._.claim`); here they become the contract's
values: numbers and bounds, canonical sources and parties, categories, resolved dates and rates.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Span

from extractor.article import Article, Paragraph
from extractor.nlp.measures import si_value
from extractor.normalize.category import category_of
from extractor.normalize.numbers import Quantity, dollar_currency, parse_quantity
from extractor.normalize.party import PartyTrail, sides_of
from extractor.normalize.qualifiers import bounds, qualifier_of
from extractor.normalize.rates import rate_of
from extractor.normalize.sources import canonical_source
from extractor.normalize.time import resolve_time
from extractor.records import ArticleRef, Claim, ExtractorInfo, Source, TextSpan, TimeRef

RANGE_UNIT_ON_BOTH_ENDS = re.compile(r"(\d)\s*%(\s*(?:and|to|-|–)\s*[\d.,]+\s*%)")


def claim_id(url: str | None, sentence: str, offset: int, occurrence: int = 0) -> str:
    """Stable id of a claim: the first 16 hex digits of SHA-256 over the canonical article URL, the
    sentence text and the offset of the number phrase within the sentence, joined by NUL characters.

    Pages repeat sentences (a pull quote, a summary box), so the same (sentence, offset) can come back
    in one article: its `occurrence`-th repeat (1, 2, ...) adds that count as a fourth field. The first
    occurrence keeps the three-field key, so ids of sentences that appear once are what they always were."""
    fields = (url or "", sentence, str(offset)) + ((str(occurrence),) if occurrence else ())
    return hashlib.sha256("\x00".join(fields).encode("utf-8")).hexdigest()[:16]


def claims_from_doc(
    doc: Doc, article: Article, info: ExtractorInfo, spans_key: str = "claims"
) -> Iterator[Claim]:
    """One record per claim span of the article's doc, in text order."""
    for _, claim in spans_and_claims(doc, article, info, spans_key):
        yield claim


def spans_and_claims(
    doc: Doc, article: Article, info: ExtractorInfo, spans_key: str = "claims"
) -> Iterator[tuple[Span, Claim]]:
    """Each claim record with the span it was made from (training reads the span's candidates)."""
    ref = ArticleRef(url=article.url, title=article.title, site=article.site, published=article.published)
    parties = PartyTrail(sides_of(doc.user_data.get("claim_parties", []), (t.lemma_.lower() for t in doc)))
    occurrences: Counter[tuple[str, int]] = Counter()  # (sentence, offset) → claims given so far
    dollar = dollar_currency(article.url, article.paragraphs[0].text if article.paragraphs else "")
    for span in doc.spans[spans_key]:
        claim = _claim(span, ref, article.paragraphs, info, parties, occurrences, dollar)
        if claim is not None:
            yield span, claim


def _claim(
    span: Span,
    ref: ArticleRef,
    paragraphs: tuple[Paragraph, ...],
    info: ExtractorInfo,
    parties: PartyTrail,
    occurrences: Counter[tuple[str, int]],
    dollar: str = "USD",
) -> Claim | None:
    # Imported here: extractor.nlp imports the normalize stage's qualifier table at load time.
    from extractor.nlp.links.move import figure_move
    from extractor.nlp.numbers import reads_metres

    links = span._.claim or {}
    metres = span[-1].lower_ in ("m", "m.") and reads_metres(span.doc, span.start, span.end)
    quantity = _quantity(span.text, links, currency=dollar, metres=metres)
    if quantity is None or (quantity.value is None and quantity.lower is None and quantity.upper is None):
        return None
    sent = span.sent
    sentence = sent.text.strip()
    sentence_start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    paragraph = _paragraph_index(paragraphs, span.start_char)
    category = _category(links, quantity)
    where = (sentence, span.start_char - sentence_start)
    occurrence = occurrences[where]
    occurrences[where] += 1
    return Claim(
        claim_id=claim_id(ref.url, *where, occurrence),
        article=ref,
        section="body" if paragraph is not None else "headline",
        paragraph=paragraph,
        sentence=sentence,
        text=span.text,
        span=TextSpan(span.start_char, span.end_char),
        value=quantity.value,
        qualifier=quantity.qualifier,
        lower=quantity.lower,
        upper=quantity.upper,
        unit=quantity.unit,
        counted=links.get("counted"),
        category=category,
        party=parties.party(links, category, paragraph, sent.start, quantity.unit),
        source=_source(links.get("source")),
        time=_time(links.get("time"), ref.published),
        rate_per=next((r for r in map(rate_of, links.get("rate_words") or []) if r), None),
        extractor=info,
        **dict(zip(("kind", "direction"), figure_move(span), strict=True)),
        si=si_value(quantity.value, quantity.unit),
    )


def _quantity(text: str, links: dict, *, currency: str = "USD", metres: bool = False) -> Quantity | None:
    if links.get("is_age"):
        # "a 68-year-old", "from 10 to 20 years old": an age, a range when written as one. Its unit
        # stays null, as the project's gold writes ages.
        age = parse_quantity(links["number"])
        if age is None:
            return None
        return Quantity(age.value, age.qualifier, age.lower, age.upper, None)
    # "between 4.25% and 4.5%": the unit of a range is written on both ends; read it once.
    text = RANGE_UNIT_ON_BOTH_ENDS.sub(r"\1\2", text)
    quantity = parse_quantity(text, currency=currency, metres=metres)
    quantity = quantity or parse_quantity(links.get("number", ""))
    verb = links.get("verb_qualifier")
    if quantity is not None and verb and quantity.qualifier == "exact" and quantity.value is not None:
        qualifier = qualifier_of(verb.lower())
        if qualifier:
            lower, upper = bounds(qualifier, quantity.value)
            quantity = Quantity(quantity.value, qualifier, lower, upper, quantity.unit)
    return quantity


def _category(links: dict, quantity: Quantity) -> str:
    """An age describes a person in the story ("a 68-year-old man was killed" counts years, not the
    dead), a measurement ("flies at 13,000 km per hour", "48,000 acres") counts no loss, and neither does
    money ("insured losses of $50 billion"): all are `other`. Counts and percentages take the category
    their words say."""
    if links.get("is_age") or (quantity.unit is not None and not quantity.unit.startswith("percent")):
        return "other"
    return category_of(links.get("category_words") or [], links.get("counted"))


def _paragraph_index(paragraphs: tuple[Paragraph, ...], offset: int) -> int | None:
    for index, paragraph in enumerate(paragraphs):
        if paragraph.start <= offset < paragraph.end:
            return index
    return None


def source_of(found: dict | None) -> Source | None:
    """The record's source for a source link (None: the outlet itself)."""
    return _source(found)


def time_of(found: dict | None, published: str | None) -> TimeRef | None:
    """The record's time for a time link (None: the publication day)."""
    return _time(found, published)


def _source(found: dict | None) -> Source | None:
    if not found:
        return None
    name, kind = _canonical_source(found["name_text"], found.get("label"))
    return Source(
        text=found["text"], name=name, kind=kind, cue=found.get("cue"), inherited=found["inherited"]
    )


@lru_cache(maxsize=4096)
def _canonical_source(text: str, label: str | None) -> tuple[str, str]:
    return canonical_source(text, label=label)


def _time(found: dict | None, published: str | None) -> TimeRef | None:
    """The figure's own time expression, resolved; without one, the figure is as of the article's
    publication day (`text` null says so); without a publication date, no time at all."""
    if found:
        anchor = _time(found["anchor"], published) if found.get("anchor") else None
        resolved = resolve_time(found["text"], published, anchor)
        if resolved is not None and (resolved.start or resolved.end or not published):
            return resolved
    day = published[:10] if published else None
    return TimeRef(text=None, start=day, end=day, granularity="day") if day else None
