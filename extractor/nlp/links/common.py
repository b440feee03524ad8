"""What the three kinds of links share: the noun tags and the named entities of the sentence being linked.

The claim tagger links every figure of a doc, and each link looks at the entities of the figure's sentence;
reading them from the doc once (`remember_entities`) keeps that cheap."""

from __future__ import annotations

from spacy.tokens import Doc, Span

NOUN_TAGS = frozenset({"NOUN", "PROPN"})


def remember_entities(doc: Doc) -> None:
    """Read the entities of `doc` once; the claim tagger calls this before linking a doc's figures."""
    _EntityCache.doc, _EntityCache.ents = doc, tuple(doc.ents)


def sentence_entities(sent: Span) -> list[Span]:
    """The entities inside `sent` (from the cache when its doc is the one remembered)."""
    if _EntityCache.doc is not sent.doc:
        return list(sent.ents)
    return [e for e in _EntityCache.ents if e.start >= sent.start and e.end <= sent.end]


class _EntityCache:
    """`Span.ents` rebuilds every entity of the doc on each call, which was a fifth of the tagger's time:
    the entities of the doc being tagged are read once (`remember_entities`) and sliced per sentence."""

    doc: Doc | None = None
    ents: tuple[Span, ...] = ()
