"""Long articles go through the model in parts: the cost and the memory of an article then grow with its
length, as they do with the number of articles.

The base model's components see a few words of context on either side, and a sentence never runs
across a blank line (`paragraph_boundaries`), so a part made of whole paragraphs is annotated as it is
within the whole text. The parts' docs are joined back into one doc over the article's exact text
(`Doc.from_docs`), and the claim tagger, which reads the article top to bottom, runs once on the
whole: records carry character offsets into the article text, which stay exact.

Articles up to `LONG_ARTICLE_CHARS` are one part, as before; longer ones are cut, at paragraph
breaks, into parts of about `PART_CHARS` (the size of an ordinary article). A single paragraph longer
than that is cut after a sentence-final stop followed by a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

Context = TypeVar("Context")

LONG_ARTICLE_CHARS = 30_000
PART_CHARS = 6_000
PARTS_PER_BATCH = 4
# The end of a run of white space that holds a blank line: the tokenizer splits the text there anyway,
# so the parts' tokens are the whole text's tokens.
PARAGRAPH_BREAK = re.compile(r"\s*\n\n\s*")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+")
TAGGER = "claim_tagger"
# The project's components that read a whole article's doc: the tagger, then the decider.
ARTICLE_PIPES = (TAGGER, "claim_decider")


def article_pipes(nlp: Language) -> Callable[[Doc], Doc]:
    """The components of `ARTICLE_PIPES` that `nlp` has, as one function over a whole article's doc."""
    pipes = [nlp.get_pipe(name) for name in ARTICLE_PIPES if name in nlp.pipe_names]

    def run(doc: Doc) -> Doc:
        for pipe in pipes:
            doc = pipe(doc)
        return doc

    return run


def split_parts(text: str, part_chars: int = PART_CHARS) -> list[str]:
    """`text` cut after paragraph breaks into parts of at most about `part_chars` characters; joined,
    the parts are `text` again."""
    pieces: list[str] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if match.end() < len(text):
            pieces.extend(_sentence_pieces(text[start : match.end()], part_chars))
            start = match.end()
    pieces.extend(_sentence_pieces(text[start:], part_chars))
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + len(piece) <= part_chars:
            parts[-1] += piece
        else:
            parts.append(piece)
    return parts or [text]


def _sentence_pieces(paragraph: str, part_chars: int) -> list[str]:
    if len(paragraph) <= part_chars:
        return [paragraph]
    pieces, start = [], 0
    for match in SENTENCE_BREAK.finditer(paragraph):
        if match.end() - start >= part_chars and match.end() < len(paragraph):
            pieces.append(paragraph[start : match.end()])
            start = match.end()
    pieces.append(paragraph[start:])
    return pieces


def tagged_docs(
    nlp: Language, items: Iterable[tuple[str, Context]], *, batch_size: int
) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True)`, in order, with long texts run through the model in parts and
    tagged whole."""
    tagger = article_pipes(nlp)
    batch: list[tuple[str, Context]] = []
    for text, context in items:
        if len(text) <= LONG_ARTICLE_CHARS:
            batch.append((text, context))
            if len(batch) >= batch_size:
                yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
                batch = []
            continue
        yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
        batch = []
        # A few parts at a time: the model's memory is that of a batch of ordinary articles.
        parts = nlp.pipe(split_parts(text), batch_size=PARTS_PER_BATCH, disable=list(ARTICLE_PIPES))
        yield tagger(Doc.from_docs(list(parts), ensure_whitespace=False)), context
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
