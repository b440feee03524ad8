"""What the three kinds of links share: the noun tags and the named entities of the sentence being linked.

The claim tagger links every figure of a doc, and each link looks at the entities of the figure's sentence;
reading them from the doc once (`remember_entities`) keeps that cheap."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

NOUN_TAGS = frozenset({"NOUN", "PROPN"})


def remember_entities(doc: Doc) -> None:
    """Read the entities of `doc` once; the claim tagger calls this before linking a doc's figures."""
    ents = tuple(doc.ents)
    _EntityCache.doc, _EntityCache.ents = doc, ents
    _EntityCache.starts = [e.start for e in ents]
    _EntityCache.ends = [e.end for e in ents]


def sentence_entities(sent: Span) -> list[Span]:
    """The entities inside `sent` (from the cache when its doc is the one remembered)."""
    if _EntityCache.doc is not sent.doc:
        return list(sent.ents)
    # Entities do not overlap and are in text order: those inside the sentence are one run of the
    # tuple, found by bisection (a scan of every entity per sentence made long articles quadratic).
    first = bisect_left(_EntityCache.starts, sent.start)
    last = bisect_right(_EntityCache.ends, sent.end)
    return list(_EntityCache.ents[first:last])


def entity_containing(doc: Doc, index: int) -> Span | None:
    """The entity that token `index` of `doc` stands in, if any."""
    if _EntityCache.doc is not doc:
        return next((e for e in doc.ents if e.start <= index < e.end), None)
    at = bisect_right(_EntityCache.starts, index) - 1
    if at >= 0 and _EntityCache.ends[at] > index:
        return _EntityCache.ents[at]
    return None


class _EntityCache:
    """`Span.ents` rebuilds every entity of the doc on each call, which was a fifth of the tagger's time:
    the entities of the doc being tagged are read once (`remember_entities`) and sliced per sentence."""

    doc: Doc | None = None
    ents: tuple[Span, ...] = ()
    starts: list[int] = []
    ends: list[int] = []
