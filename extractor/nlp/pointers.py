"""Who "he", "it", "they", "the company" and "the ministry" stand for: a source that only points back
is resolved against the sources quoted before it and the organizations named just before it. The words
as written stay in the attribution's `text`; the name it stands for goes to `name_text`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractor.nlp.attribution import Attribution, is_agent
from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links.common import entity_containing


def resolve(
    attribution: Attribution, history: list[Attribution], lexicon: Lexicon, doc: Doc
) -> Attribution:
    """ "he said" → the last person quoted; "the agency said" → the last source called an agency;
    "the update said" → the last institution whose update or report it is; "it said", "the company
    said" → the organization named just before, whether or not it was quoted yet."""
    if attribution.pointer is None:
        return attribution
    document = attribution.head_lower in lexicon.reporting_nouns
    if attribution.pointer == "group" and attribution.head_lower == "it" or (
        attribution.pointer == "generic" and attribution.head_lower in lexicon.organization_nouns
    ):
        named = _organization_before(doc, attribution.token_index, lexicon)
        if named is not None:
            return _replace_name(attribution, named)
    for earlier in reversed(history):
        if document and earlier.pointer is None and earlier.label != "PERSON":
            if _publishes(earlier, lexicon):
                return _replace_name(attribution, earlier)
            continue  # "data released Tuesday", "bank economists": the release's publisher is further back
        if attribution.head_lower == "they" and earlier.pointer == "generic":
            return _replace_name(attribution, earlier)  # "local officials said ... they said"
        if earlier.pointer is not None:
            continue
        if attribution.pointer == "person" and earlier.label == "PERSON":
            return _replace_name(attribution, earlier)
        if attribution.pointer == "group" and earlier.label != "PERSON":
            return _replace_name(attribution, earlier)
        if attribution.pointer == "generic" and attribution.head_lower in earlier.text.lower():
            return _replace_name(attribution, earlier)
    return attribution


def _publishes(source: Attribution, lexicon: Lexicon) -> bool:
    """What "the latest data" or "the report" points back to: an institution that publishes, named or
    called by what it is ("the ministry"), not people ("bank economists") or a forecast."""
    if source.person or source.forecast or source.head_lower in lexicon.reporting_nouns:
        return False
    return source.label in ("ORG", "GPE", "NORP") or source.head_lower in lexicon.organization_nouns


def _organization_before(doc: Doc, index: int, lexicon: Lexicon) -> Attribution | None:
    """What "it" or "the company" stands for: the last subject in the two sentences before `index`
    that names an organization or a country ("ArcelorMittal lost 10% of its output, it said"), else the
    last organization named there."""
    sentence = doc[index].sent
    window_start = sentence.start
    for _ in range(2):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    before = doc[window_start:index]
    subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and _names_an_organization(t, lexicon)]
    named = [t for t in before if t.ent_type_ == "ORG" and t.ent_iob_ == "B"]
    for candidate in subjects[-1:] or named[-1:]:
        words = _organization_words(candidate)
        label = words.root.ent_type_
        return Attribution(
            text=words.text,
            name_text=words.text,
            label=label if label in ("ORG", "GPE", "NORP") else "ORG",
            cue="",
            head_lower=candidate.lemma_.lower(),
        )
    return None


def _names_an_organization(token, lexicon: Lexicon) -> bool:
    if token.pos_ == "PROPN":
        if token.ent_type_ == "PERSON":
            # "Satellite image provider Maxar Technologies": a descriptor that is no person's title
            # makes the name an organization's, whatever the entity recogniser says.
            descriptors = [t for t in token.subtree if t.i < token.i and t.pos_ == "NOUN"]
            return any(t.lemma_.lower() not in lexicon.person_nouns for t in descriptors)
        return token.ent_type_ in ("ORG", "GPE", "NORP", "")
    if token.pos_ != "NOUN":
        return False
    # Names only: "the company" itself points back further, through the sources quoted before.
    # "Global steelmaker ArcelorMittal", "Ukraine's air force", "the Russian defence ministry"
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children) or (
        is_agent(token, lexicon)
        and any(t.ent_type_ in ("GPE", "ORG", "NORP") for t in token.subtree if t.i < token.i)
    )


def _organization_words(token) -> Span:
    """The name of a subject: its entity, its proper-noun apposition, or its phrase without articles."""
    doc = token.doc
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            token = child
            break
    ent = entity_containing(doc, token.i)  # not a scan of doc.ents: that made long articles quadratic
    if ent is not None and ent.label_ != "PERSON":
        return ent
    start = token.left_edge.i
    while start < token.i and doc[start].dep_ in ("det", "punct"):
        start += 1
    return doc[start : token.i + 1]


def _replace_name(attribution: Attribution, earlier: Attribution) -> Attribution:
    return Attribution(
        text=attribution.text,
        name_text=earlier.name_text,
        label=earlier.label,
        cue=attribution.cue,
        head_lower=earlier.head_lower,
        pointer=None,
        token_index=attribution.token_index,
        person=earlier.person or attribution.pointer == "person",
        forecast=attribution.forecast,
    )
