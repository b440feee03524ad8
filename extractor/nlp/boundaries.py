"""The `paragraph_boundaries` component: a sentence never runs across a blank line (headline, paragraphs)."""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    # Runs before the parser, which keeps boundaries that are already set. The starts are written as
    # one array: `Token.is_sent_start = True` checks the whole doc for a parse on each call, which made
    # long articles quadratic.
    after_newline = [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    if not after_newline:
        return doc
    starts = doc.to_array([SENT_START]).astype(numpy.int32)
    starts[after_newline] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64))
    return doc
