"""The `paragraph_boundaries` component: a sentence never runs across a blank line (headline, paragraphs)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    # Runs before the parser, which keeps boundaries that are already set.
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
