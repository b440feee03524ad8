"""Pairing the claims of two versions of one article.

Claims pair first by `claim_id`. A claim whose id changed (its sentence was edited, or the number's
offset in it moved) is still the same claim when it sits in the same sentence over an overlapping
span, or has the same value (or the same words) in a sentence that is nearly the same. Whatever
stays unpaired was removed or added.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

Record = dict[str, Any]

# Two sentences are one sentence edited when difflib's ratio or their word-set Jaccard reaches this.
SIMILAR_SENTENCE = 0.6
# Same-value claims considered for each unpaired claim, nearest first: keeps big articles linear.
CANDIDATES_PER_CLAIM = 16

_WORD = re.compile(r"\w+")


@dataclass
class Alignment:
    """The claims of one article, old and new: `pairs` of the same claim, and the rest."""

    pairs: list[tuple[Record, Record]] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    added: list[Record] = field(default_factory=list)


def article_key(record: Record) -> str:
    """Which article a record belongs to: its URL, else its title, else ``""``."""
    article = record.get("article")
    if not isinstance(article, dict):
        return ""
    return article.get("url") or article.get("title") or ""


def group_by_article(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Records by `article_key`, articles and claims in the order they come."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups[article_key(record)].append(record)
    return dict(groups)


def align(old: list[Record], new: list[Record]) -> Alignment:
    """Pair the old and new claims of one article."""
    alignment = Alignment()
    removed, added = _pair_by_id(old, new, alignment.pairs)
    for candidates in (_same_sentence_overlapping_span, _same_value_similar_sentence):
        if not (removed and added):
            break
        removed, added = _pair_best_first(removed, added, candidates(removed, added), alignment.pairs)
    alignment.removed, alignment.added = removed, added
    return alignment


def _pair_by_id(
    old: list[Record], new: list[Record], pairs: list[tuple[Record, Record]]
) -> tuple[list, list]:
    # A queue per id: a sentence repeated in one article (headline and lead) repeats its ids too.
    by_id: dict[Any, deque[int]] = defaultdict(deque)
    for j, record in enumerate(new):
        by_id[record.get("claim_id")].append(j)
    removed, taken = [], set()
    for record in old:
        same = by_id.get(record.get("claim_id"))
        if same:
            j = same.popleft()
            taken.add(j)
            pairs.append((record, new[j]))
        else:
            removed.append(record)
    return removed, [record for j, record in enumerate(new) if j not in taken]


Candidate = tuple[tuple, int, int]  # (score, higher is better; old index; new index)


def _pair_best_first(
    old: list[Record], new: list[Record], candidates: Iterable[Candidate], pairs: list[tuple[Record, Record]]
) -> tuple[list[Record], list[Record]]:
    """Pair greedily, best score first; each claim joins one pair at most."""
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _, i, j in sorted(
        candidates, key=lambda candidate: (candidate[0], -candidate[2], -candidate[1]), reverse=True
    ):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((old[i], new[j]))
    return (
        [record for i, record in enumerate(old) if i not in taken_old],
        [record for j, record in enumerate(new) if j not in taken_new],
    )


def _same_sentence_overlapping_span(old: list[Record], new: list[Record]) -> Iterator[Candidate]:
    nearby = _Nearby(old, lambda record: (record.get("sentence"),))
    for j, record in enumerate(new):
        for i in nearby.around(record):
            overlap = _span_overlap(old[i], record)
            if overlap > 0:
                yield (overlap,), i, j


def _same_value_similar_sentence(old: list[Record], new: list[Record]) -> Iterator[Candidate]:
    nearby = _Nearby(old, _match_keys)
    similarity = _SentenceSimilarity()
    for j, record in enumerate(new):
        for i in nearby.around(record):
            score = similarity(old[i].get("sentence") or "", record.get("sentence") or "")
            if score >= SIMILAR_SENTENCE:
                agree = sum(old[i].get(key) == record.get(key) for key in ("value", "text"))
                yield (score, agree, -abs(position(old[i]) - position(record))), i, j


def _match_keys(record: Record) -> tuple[Hashable, ...]:
    keys: list[Hashable] = []
    if record.get("value") is not None:
        keys.append(("value", record["value"]))
    if record.get("text"):
        keys.append(("text", record["text"]))
    return tuple(keys)


class _Nearby:
    """Old claims indexed by keys; `around` gives, for a new claim, the few sharing a key that lie
    nearest to it in the article."""

    def __init__(self, records: list[Record], keys: Callable[[Record], tuple[Hashable, ...]]) -> None:
        self._keys = keys
        self._positions = [position(record) for record in records]
        buckets: dict[Hashable, list[int]] = defaultdict(list)
        for i, record in enumerate(records):
            for key in keys(record):
                buckets[key].append(i)
        self._buckets = {key: sorted(ids, key=self._positions.__getitem__) for key, ids in buckets.items()}
        self._bucket_positions = {
            key: [self._positions[i] for i in ids] for key, ids in self._buckets.items()
        }

    def around(self, record: Record) -> list[int]:
        at, found = position(record), set()
        half = CANDIDATES_PER_CLAIM // 2
        for key in self._keys(record):
            ids = self._buckets.get(key)
            if ids:
                middle = bisect_left(self._bucket_positions[key], at)
                found.update(ids[max(0, middle - half) : middle + half])
        return sorted(found)


class _SentenceSimilarity:
    """Word-set Jaccard, or difflib's ratio over the words where the set alone does not reach the
    threshold (over words, not characters: twenty words compare far faster than 150 letters)."""

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, ...]] = {}
        self._scores: dict[tuple[str, str], float] = {}

    def __call__(self, old: str, new: str) -> float:
        if old == new:
            return 1.0
        score = self._scores.get((old, new))
        if score is None:
            score = self._scores[(old, new)] = self._score(self._words_of(old), self._words_of(new))
        return score

    @staticmethod
    def _score(old: tuple[str, ...], new: tuple[str, ...]) -> float:
        old_set, new_set = set(old), set(new)
        union = len(old_set | new_set)
        jaccard = len(old_set & new_set) / union if union else 0.0
        if jaccard >= SIMILAR_SENTENCE:
            return jaccard
        matcher = SequenceMatcher(None, old, new, autojunk=False)
        if matcher.real_quick_ratio() < SIMILAR_SENTENCE or matcher.quick_ratio() < SIMILAR_SENTENCE:
            return jaccard
        return max(jaccard, matcher.ratio())

    def _words_of(self, sentence: str) -> tuple[str, ...]:
        words = self._words.get(sentence)
        if words is None:
            words = self._words[sentence] = tuple(_WORD.findall(sentence.lower()))
        return words


def position(record: Record) -> int:
    """Where the claim starts in its article's text (0 when the record does not say)."""
    span = record.get("span")
    start = span.get("start") if isinstance(span, dict) else None
    return start if isinstance(start, int) else 0


def _span_overlap(old: Record, new: Record) -> float:
    """Overlap of the two spans over their union (0 when they do not overlap)."""
    (old_start, old_end), (new_start, new_end) = _bounds(old), _bounds(new)
    shared = min(old_end, new_end) - max(old_start, new_start)
    whole = max(old_end, new_end) - min(old_start, new_start)
    return shared / whole if shared > 0 and whole > 0 else 0.0


def _bounds(record: Record) -> tuple[int, int]:
    span = record.get("span")
    end = span.get("end") if isinstance(span, dict) else None
    start = position(record)
    return start, end if isinstance(end, int) else start
