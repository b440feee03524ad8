"""The differences between two sets of claim records, article by article and claim by claim."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from extractor.diff.align import Record, align, group_by_article, position
from extractor.diff.fields import Changes, FieldSelection, field_changes
from extractor.diff.load import read_claims

Kind = Literal["added", "removed", "changed", "article_added", "article_removed"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Difference:
    """One difference. For claims, `old`/`new` are the records (None on the side that lacks it) and
    `claim_id` is the new record's id (the old one's for a removal). For whole articles, `old`/`new`
    are the article objects and `changes` is ``{"claims": (old count, new count)}``."""

    kind: Kind
    article: str
    claim_id: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    changes: Changes

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the same keys in the same order for every kind."""
        return {
            "kind": self.kind,
            "article": self.article,
            "claim_id": self.claim_id,
            "old": self.old,
            "new": self.new,
            "changes": {name: [before, after] for name, (before, after) in self.changes.items()},
        }


@dataclass(frozen=True)
class DiffResult:
    differences: list[Difference]
    unchanged: int  # claims paired with no difference that counts

    @property
    def identical(self) -> bool:
        return not self.differences

    def counts(self) -> Counter[str]:
        """Differences by kind, every kind present (0 when none)."""
        counts = Counter({kind: 0 for kind in KINDS})
        counts.update(difference.kind for difference in self.differences)
        return counts

    def summary(self) -> str:
        """One line of counts, e.g. ``articles: 0 added, 1 removed (3 claims); claims: 2 added, ...``."""
        counts = self.counts()
        claims_in = Counter[str]()
        for difference in self.differences:
            if difference.kind.startswith("article_"):
                claims_in[difference.kind] += max(difference.changes["claims"])
        articles = ", ".join(
            f"{counts[kind]} {kind.removeprefix('article_')} ({claims(claims_in[kind])})"
            for kind in ("article_added", "article_removed")
        )
        claim_counts = ", ".join(f"{counts[kind]} {kind}" for kind in ("added", "removed", "changed"))
        return f"articles: {articles}; claims: {claim_counts}, {self.unchanged} unchanged"


def claims(count: int) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{count} claim" if count == 1 else f"{count} claims"


def diff_records(
    old: Iterable[Record],
    new: Iterable[Record],
    *,
    fields: Iterable[str] | None = None,
    ignore_fields: Iterable[str] = (),
) -> DiffResult:
    """Compare two sets of claim records (dicts of the record contract).

    `fields` limits which fields count as a change, `ignore_fields` excludes some; by default every
    field counts but `claim_id` (the pairing key) and `extractor` (which program wrote the record).
    Unknown field names raise ValueError.
    """
    selection = FieldSelection.of(fields, ignore_fields)
    old_articles, new_articles = group_by_article(old), group_by_article(new)
    differences: list[Difference] = []
    unchanged = 0
    for key in dict.fromkeys([*old_articles, *new_articles]):
        old_claims, new_claims = old_articles.get(key, []), new_articles.get(key, [])
        if not new_claims:
            differences.append(_whole_article("article_removed", key, old_claims[0], len(old_claims)))
        elif not old_claims:
            differences.append(_whole_article("article_added", key, new_claims[0], len(new_claims)))
        else:
            found = list(_claim_differences(key, old_claims, new_claims, selection))
            unchanged += sum(difference is None for difference in found)
            differences.extend(sorted(filter(None, found), key=_reading_order))
    return DiffResult(differences, unchanged)


def diff_files(
    old: str | Path,
    new: str | Path,
    *,
    fields: Iterable[str] | None = None,
    ignore_fields: Iterable[str] = (),
) -> DiffResult:
    """`diff_records` over two JSON Lines files. Raises OSError for a file that cannot be read and
    RecordError for a line that is not a claim record."""
    with _cyclic_gc_paused():
        return diff_records(read_claims(old), read_claims(new), fields=fields, ignore_fields=ignore_fields)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Records are trees, never cycles; but a million new dicts set off full collections that each
    walk all of them (a quarter of the time of a 200,000-record diff)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _whole_article(kind: Kind, key: str, first: Record, count: int) -> Difference:
    article = first.get("article")
    old, new = (article, None) if kind == "article_removed" else (None, article)
    claims = (count, 0) if kind == "article_removed" else (0, count)
    return Difference(kind, key, None, old, new, {"claims": claims})


def _claim_differences(
    key: str, old: list[Record], new: list[Record], selection: FieldSelection
) -> Iterator[Difference | None]:
    """The differences in one article, and None for each claim that did not change."""
    alignment = align(old, new)
    for before, after in alignment.pairs:
        changes = field_changes(before, after, selection)
        yield Difference("changed", key, after.get("claim_id"), before, after, changes) if changes else None
    for record in alignment.removed:
        yield Difference("removed", key, record.get("claim_id"), record, None, {})
    for record in alignment.added:
        yield Difference("added", key, record.get("claim_id"), None, record, {})


def _reading_order(difference: Difference) -> tuple[int, int, int]:
    record = difference.new or difference.old or {}
    paragraph = record.get("paragraph")
    headline_first = paragraph if isinstance(paragraph, int) else -1
    return headline_first, position(record), ("removed", "changed", "added").index(difference.kind)
