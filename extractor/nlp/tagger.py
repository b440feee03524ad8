"""The claim tagger component (first version: every cardinal, money or percent entity)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "claims"

if not Span.has_extension("claim"):
    Span.set_extension("claim", default=None)


class ClaimTagger:
    def __init__(self, nlp: Language, name: str = "claim_tagger", *, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = [ent for ent in doc.ents if ent.label_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")]
        for span in spans:
            span._.claim = {}
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("claim_tagger", default_config={"spans_key": SPANS_KEY})
def make_claim_tagger(nlp: Language, name: str, spans_key: str) -> ClaimTagger:
    return ClaimTagger(nlp, name, spans_key=spans_key)
