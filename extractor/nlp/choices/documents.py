"""Documents that give an article its figures: a poll, a survey, a study, a data release.

News writes up such a document by naming it once with its owner ("a new Harbor Times poll", "the
ministry's monthly report", "a study published by the Coastal Institute") and then giving its figures
sentence after sentence, often with no cue at all or with only "the poll" or "the survey". A named
mention becomes a source candidate for the figures after it (`extractor.nlp.choices.source`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.source_words import Attribution, make_attribution

_DATA = json.loads((Path(__file__).parent / "documents.json").read_text(encoding="utf-8"))
DOCUMENT_NOUNS = frozenset(_DATA["document_nouns"])
FIELDWORK_VERBS = frozenset(_DATA["fieldwork_verbs"])


def mentions_a_document(sent: Span) -> bool:
    """Whether the sentence refers to a document at all ("within the poll's margin", "the survey")."""
    return any(
        t.lemma_.lower() in DOCUMENT_NOUNS or t.lower_ in DOCUMENT_NOUNS for t in sent if t.pos_ == "NOUN"
    )


def named_documents(sent: Span, lexicon: Lexicon) -> list[Attribution]:
    """The documents the sentence names with an owner or a proper noun, as attributions."""
    found = []
    for token in sent:
        if token.pos_ != "NOUN" or not (
            token.lemma_.lower() in DOCUMENT_NOUNS or token.lower_ in DOCUMENT_NOUNS
        ):
            continue
        owner = _owner(token)
        if owner is None:
            continue
        attribution = make_attribution(token, token.lower_, lexicon)
        if owner.i < attribution.start or owner.i >= attribution.end:
            text = (
                f"{owner.text} {attribution.text}"
                if owner.i < token.i
                else f"{attribution.text} by {owner.text}"
            )
            attribution = Attribution(**{**attribution.__dict__, "text": text, "name_text": text})
        found.append(attribution)
    return found


def _owner(noun: Token) -> Token | None:
    """The proper noun that names the document's owner: in front of it ("CNN's polling", "a Gallup
    poll") or after "by" or "from" ("a survey by the Coastal Institute")."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod") and (
            child.pos_ == "PROPN" or child.ent_type_ in ("ORG", "GPE", "NORP")
        ):
            return child
    for child in noun.children:
        if child.dep_ == "acl":
            for grand in child.children:
                if grand.dep_ == "agent":
                    objects = [g for g in grand.children if g.dep_ == "pobj"]
                    if objects and objects[0].pos_ == "PROPN":
                        return objects[0]
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and (objects[0].pos_ == "PROPN" or objects[0].ent_type_ == "ORG"):
                return objects[0]
    return None


def fieldwork_time(sentences: Iterable[Span]) -> Span | None:
    """The first time the article gives for a document's fieldwork ("Interviews for the survey were
    carried out from May 2 to May 6"): a date on a fieldwork verb in a sentence that names a document."""
    for sent in sentences:
        if not mentions_a_document(sent):
            continue
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            verb = ent.root.head
            while verb.pos_ == "ADP" and verb.head.i != verb.i:
                verb = verb.head
            if verb.lemma_.lower() in FIELDWORK_VERBS:
                return ent
    return None
