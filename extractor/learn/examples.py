"""Training examples from gold: each gold claim's accepted answers turned into labels of its candidates.

A gold file (the format of docs/annotation.md) names its page; the page goes through the whole
pipeline, its records are paired with the gold claims as the evaluation pairs them, and for every
paired, required claim each decided field becomes one *group*: the claim's candidates for that field,
each labelled right when the record it would give passes the evaluation's check of that field (so any
accepted answer is right). A group without a right candidate teaches nothing and is left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from extractor.article import Article, parse_html
from extractor.learn.evaluate import EvalError, field_right, gold_files, load_gold, matched_claims
from extractor.nlp.decider import FIELDS
from extractor.normalize.records import source_of, time_of
from extractor.pipeline import Extractor

# How much a figure the gold leaves undated weighs in training, against one the gold dates.
UNDATED_WEIGHT = 0.2


@dataclass(frozen=True)
class GoldPage:
    """A gold file and the page it annotates."""

    name: str  # the gold file's stem: "001", "01-war-losses"
    gold: Path
    page: Path
    url: str
    published: str | None
    claims: list[dict[str, Any]]


@dataclass(frozen=True)
class Group:
    """One decision of one claim: its candidates' features and which candidates are right."""

    page: str
    field: str
    features: list[dict[str, float]]
    right: list[bool]
    weight: float = 1.0


def gold_pages(paths: Iterable[str | Path]) -> list[GoldPage]:
    """Every gold file under the paths (files or directories), with its page, in order."""
    pages = []
    for path in paths:
        for gold_path in gold_files(path):
            gold = load_gold(gold_path)
            data = json.loads(gold_path.read_text(encoding="utf-8"))
            page = _page_of(gold_path, str(data.get("article") or ""))
            found = GoldPage(gold_path.stem, gold_path, page, gold.url, data.get("published"), gold.claims)
            pages.append(found)
    return pages


def _page_of(gold_path: Path, article: str) -> Path:
    """The page a gold file names: beside it, beside its folder, or in a `pages` folder there."""
    folder = gold_path.parent
    for candidate in (folder / article, folder.parent / article, folder.parent / "pages" / article):
        if article and candidate.is_file():
            return candidate
    raise EvalError(f"{gold_path}: the page it annotates ({article!r}) is not beside it nor in ../pages")


def read_article(page: GoldPage) -> Article:
    """The page as extraction reads it, with the gold's URL (as the evaluation pairs them)."""
    article = parse_html(page.page.read_bytes(), url=page.url)
    return replace(article, url=page.url)


def groups_of(extractor: Extractor, pages: list[GoldPage]) -> Iterator[Group]:
    """The training groups of every page, page by page."""
    articles = (read_article(page) for page in pages)
    for page, (doc, article) in zip(pages, extractor.read_articles(articles), strict=True):
        pairs = extractor.spans_and_claims(doc, article)
        records = [claim.to_dict() for _, claim in pairs]
        for number, index in sorted(matched_claims(page.claims, records).items()):
            gold = page.claims[number]
            if gold.get("optional"):
                continue
            span, record = pairs[index][0], records[index]
            candidates = (span._.claim or {}).get("candidates") or {}
            for field in FIELDS:
                group = _group(page, gold, record, field, candidates.get(field) or [], article.published)
                if group is not None:
                    yield group


def _group(
    page: GoldPage, gold: dict, record: dict, field: str, candidates: list[dict], published: str | None
) -> Group | None:
    if not candidates:
        return None
    if field == "time" and "dates" not in gold:
        # The guide leaves out the dates of a figure "when the text gives no time for the figure": then
        # no time expression of the text is the figure's, and the publication day stands.
        # A gold file may also leave dates out for want of care, so these weigh less than the dated.
        right = [found["kind"] == "published" for found in candidates]
        return Group(page.name, field, [found["features"] for found in candidates], right, UNDATED_WEIGHT)
    right = []
    for found in candidates:
        label = field_right(gold, _with(record, field, found["value"], published), page.url, field)
        if label is None:
            return None  # the gold does not score this field
        right.append(label)
    if not any(right):
        return None
    return Group(page.name, field, [found["features"] for found in candidates], right)


def _with(record: dict, field: str, value: dict | None, published: str | None) -> dict:
    """The record as it would be with the candidate `value` for `field`."""
    if field == "source":
        made = source_of(value)
    else:
        made = time_of(value, published)
    return {**record, field: made.__dict__ if made is not None else None}
