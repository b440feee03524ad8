"""The words of a source: an `Attribution` made from the token the parse gives as the source, with the
whole name as written, the first name alone for its canonical form, and whether one person speaks."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links.common import entity_containing

SOURCE_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
DROP_DEPS = frozenset({"relcl", "punct", "acl"})


@dataclass(frozen=True)
class Attribution:
    text: str  # the source as written, titles and co-sources included
    name_text: str  # the first source alone, for its canonical name
    label: str | None  # entity label of the source's head, if any
    cue: str  # the attribution words: "according to", "said", "hinted at"
    head_lower: str  # the head word, lower-cased: lets "the agency" find "the U.N. refugee agency"
    pointer: str | None = None  # "person" for he/she, "group" for it/they, "generic" for "the ministry"
    inherited: bool = False
    token_index: int = -1
    start: int = -1  # the source's words as token offsets: a figure inside them describes the source
    end: int = -1
    person: bool = False  # one person ("she", "the spokesman", "Chancellor X"): quote ends with paragraph
    forecast: bool = False  # an expectation ("economists expected", "consensus estimates"), not a release

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "name_text": self.name_text,
            "label": self.label,
            "cue": self.cue,
            "inherited": self.inherited,
        }

    def inherit(self) -> Attribution:
        return replace(self, inherited=True)


def is_reporting_noun(token: Token, lexicon: Lexicon) -> bool:
    """ "the ministry's update" is a reporting noun; "the US Geological Survey" is a name."""
    if token.pos_ == "PROPN" or token.ent_type_ in SOURCE_ENTITY_LABELS:
        return False
    return token.lemma_.lower() in lexicon.reporting_nouns or token.lower_ in lexicon.reporting_nouns


def make_attribution(source: Token, cue: str, lexicon: Lexicon, *, forecast: bool = False) -> Attribution:
    """The attribution whose source is `source` (its words, its name, whether one person speaks)."""
    doc = source.doc
    words = _contiguous([t for t in source.subtree if not _dropped(t, source)], source)
    words = _trim(words)
    first = [t for t in words if not _in_coordination(t, source)]
    first = _trim(first)
    words, first = _whole_name(words, source), _whole_name(first, source)
    if source.dep_ in ("compound", "nmod") and source.head.i > source.i:
        # The owner named in front of a reporting noun ("a Harbor Times/Keystone Research poll") is
        # every name in front of it, not the first word only.
        words = first = _trim([t for t in doc[source.left_edge.i : source.head.i] if t.dep_ != "det"])
    label = source.ent_type_ or None
    pointer = None
    lower = source.lower_
    if source.pos_ == "PRON":
        pointer = "person" if lower in lexicon.person_pronouns else "group"
    elif source.pos_ == "NOUN" and not any(t.pos_ == "PROPN" or t.ent_type_ for t in words):
        # "the ministry", "the agency" point back; "a network of monitors" and "local officials" are new.
        # "the latest data", "the figures": a plural report with "the" points back to the release named
        singular = source.tag_ == "NN" or is_reporting_noun(source, lexicon)
        definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in source.children)
        if singular and definite:
            pointer = "generic"
    text = doc[words[0].i : words[-1].i + 1].text if words else source.text
    name_text = doc[first[0].i : first[-1].i + 1].text if first else source.text
    forecast = forecast or _is_forecast(cue, words, lexicon)
    return Attribution(
        text=text,
        name_text=name_text,
        label=label,
        cue=cue,
        head_lower=source.lemma_.lower(),
        pointer=pointer,
        token_index=source.i,
        start=words[0].i if words else source.i,
        end=words[-1].i + 1 if words else source.i + 1,
        person=pointer == "person" or is_person(source, first or [source], lexicon),
        forecast=forecast,
    )


def is_person(source: Token, words: list[Token], lexicon: Lexicon) -> bool:
    """One person speaks: a PERSON entity; a singular title as the head ("the Civil Defense spokesman");
    a title before a name ("Chancellor Olaf Scholz"); or a name the article gives a person elsewhere
    ("Kateryna Holub ... Holub said", however the entity recogniser labelled the second mention)."""
    if source.ent_type_ == "PERSON":
        return True
    if source.pos_ == "NOUN":
        before = source.doc[source.i - 1].lower_ if source.i > 0 else ""
        titles = {source.lemma_.lower(), f"{before} {source.lower_}"}
        return source.tag_ == "NN" and bool(titles & lexicon.person_nouns)
    if source.pos_ != "PROPN":
        return False
    if source.lower_ in lexicon.agent_nouns:
        return False  # "the General Staff", "the Armed Forces": an institution, titled or not
    if any(t.i < source.i and t.lower_ in lexicon.person_nouns for t in words):
        return True
    if len(words) > 1 and source.ent_type_ not in ("", "PERSON", "GPE"):
        return False  # "the Gaza Health Ministry": an organization's name
    return source.text in person_names(source.doc, lexicon)


def person_names(doc, lexicon: Lexicon) -> frozenset[str]:
    """The surnames of the people the article names: PERSON entities, and proper names after a title
    ("Attorney-General Mark Dreyfus"), which the entity recogniser often takes for an organization."""
    cached = doc.user_data.get("person_names")  # a list: user_data must stay serializable
    if cached is None:
        names = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
        for token in doc[:-1]:
            if token.lower_ in lexicon.person_nouns and doc[token.i + 1].pos_ == "PROPN":
                end = token.i + 1
                while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and end - token.i < 3:
                    end += 1
                names.add(doc[end].text)
        cached = doc.user_data["person_names"] = sorted(names)
    return frozenset(cached)


def _is_forecast(cue: str, words: list[Token], lexicon: Lexicon) -> bool:
    """ "economists expected", "had forecast", "according to consensus estimates": an expectation."""
    verb = cue.split()[0].lower() if cue else ""
    if any(verb.startswith(lemma.removesuffix("e")) for lemma in lexicon.forecast_verbs):
        return True
    return any(t.lower_ in lexicon.forecast_nouns for t in words)


def _whole_name(words: list[Token], source: Token) -> list[Token]:
    """A source inside an organization's name is the whole name: "the Committee to Protect Journalists"
    is not "the Committee"."""
    entity = entity_containing(source.doc, source.i)  # not a scan of doc.ents: quadratic on long articles
    if entity is None or entity.label_ not in ("ORG", "FAC") or not words:
        return words
    if entity.start >= words[0].i and entity.end <= words[-1].i + 1:
        return words
    if entity.start < words[0].i - 1 or entity.end > words[-1].i + 1 + 8:
        return words
    start, end = min(words[0].i, entity.start), max(words[-1].i + 1, entity.end)
    return list(source.doc[start:end])


def _dropped(token: Token, source: Token) -> bool:
    """Relative clauses and punctuation at the edges are not part of the source's name."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == source.i:
            return False
        if ancestor.dep_ in DROP_DEPS and ancestor.head.i == source.i and ancestor.dep_ != "punct":
            return True
    return False


def _in_coordination(token: Token, source: Token) -> bool:
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == source.i:
            return False
        if ancestor.head.i == source.i and ancestor.dep_ in ("conj", "cc"):
            return True
    return False


def _contiguous(words: list[Token], source: Token) -> list[Token]:
    """The unbroken run of `words` around the source: what a dropped clause cut off stays off."""
    indices = {t.i for t in words}
    start = end = source.i
    while start - 1 in indices:
        start -= 1
    while end + 1 in indices:
        end += 1
    return [t for t in words if start <= t.i <= end]


def _trim(words: list[Token]) -> list[Token]:
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].dep_ == "cc"):
        words = words[:-1]
    while words and (words[0].is_punct or words[0].is_space or words[0].dep_ == "cc"):
        words = words[1:]
    return words
