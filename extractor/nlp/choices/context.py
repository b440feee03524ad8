"""What the parse tells about a figure's setting, for choosing its source: whether it is the outlet's
background (a population, a distance, an earlier event), whether an organization acts for itself in its
clause, whether the sentence turns to another place, and the content words two sentences share."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractor.nlp.attribution import Attribution
from extractor.nlp.focus import is_unread
from extractor.nlp.lexicon import Lexicon
from extractor.nlp.numbers import NumberPhrase, core_head


def acts_for_itself(doc: Doc, phrase: NumberPhrase, carry: Attribution) -> bool:
    """ "On Wednesday, the Federal Reserve raised its rate by half a point": an organization named as
    the subject of the figure's clause reports its own act, not the figures of the report before."""
    verbs = [a for a in core_head(doc, phrase).ancestors if a.pos_ in ("VERB", "AUX")]
    # "The Dow rose 81 points after jumping 500": a participle's subject is that of its clause.
    verb = next((v for v in verbs if any(c.dep_ == "nsubj" for c in v.children)), None)
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ == "nsubj" and child.ent_type_ in ("ORG", "") and child.pos_ == "PROPN":
            name = " ".join(t.text for t in child.subtree).lower()
            return carry.name_text.lower() not in name and name not in carry.text.lower()
    return False


def moves_to_another_place(doc: Doc, phrase: NumberPhrase, carry: Attribution) -> bool:
    """ "In Bolivia, a dozen more died" after a report about floods in Peru: a sentence that
    opens on a place its report never named has turned to another story."""
    sent = doc[phrase.start].sent
    first = sent[0]
    if first.lower_ != "in":
        return False
    place = next((c for c in first.children if c.dep_ == "pobj"), None)
    if place is None or place.ent_type_ not in ("GPE", "LOC"):
        return False
    if not 0 <= carry.token_index < len(doc):
        return False
    return place.text.lower() not in doc[carry.token_index].sent.text.lower()


def is_background(doc: Doc, phrase: NumberPhrase, lexicon: Lexicon) -> bool:
    """ "a city of 25 million", "a pre-war population of 9 million", "Brazil's 216 million people": the
    outlet's background, which no report in the text before it is the source of."""
    head = core_head(doc, phrase)
    if is_distance(doc, phrase, lexicon) or lives_there(head, lexicon) or in_dated_event(head):
        return True
    attr = head
    while attr.dep_ in ("conj", "appos") and attr.head.i != attr.i:
        attr = attr.head  # "was 3.4 million, or some 8 percent of the nation's"
    if attr.dep_ == "attr" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in lexicon.background_nouns for c in attr.head.children
    ):
        return True  # "The pre-war population of the two regions was 2.1 million"
    nouns = [head, *list(head.ancestors)[:3]]
    for token in nouns:
        lemma = token.lemma_.lower()
        if lemma in lexicon.background_nouns and token.i != head.i:
            return True
        if lemma in ("people", "inhabitant", "resident") and any(
            c.dep_ == "poss" and c.ent_type_ in ("GPE", "LOC") for c in token.children
        ):
            return True
    return False


def is_distance(doc: Doc, phrase: NumberPhrase, lexicon: Lexicon) -> bool:
    """ "some 8 km (5 miles) from the border", "more than 4,000 miles away": how far one place
    is from another is the outlet's geography."""
    if not any(t.lower_ in lexicon.length_units for t in doc[phrase.start : phrase.end + 1]):
        return False
    after = doc[phrase.end : min(len(doc), phrase.end + 6)]
    depth = 0
    for token in after:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and not token.like_num and token.lower_ not in lexicon.length_units:
            return token.lower_ in lexicon.distance_words
    return False


def lives_there(head, lexicon: Lexicon) -> bool:
    """ "some 9,000 families lived in the valley": a population is background."""
    for token in [head, *list(head.ancestors)[:2]]:
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in lexicon.dwelling_verbs:
            return True
    return False


def in_dated_event(head) -> bool:
    """ "following the October 7 attack, which killed 1,200 people": a figure in a relative clause on
    an event the text dates is an earlier event, told by the outlet as background."""
    for token in head.ancestors:
        if token.dep_ == "relcl":
            event = token.head
            return any(t.ent_type_ == "DATE" for left in event.lefts for t in left.subtree if t.i < event.i)
    return False


def describes_the_speaker(attribution: Attribution | None, phrase: NumberPhrase, lexicon: Lexicon) -> bool:
    """A figure inside its own source's words describes a speaker ("Linda Carver, 71,"); inside a
    report's words it is the report's ("a survey of 23 conflicts has concluded")."""
    if attribution is None or not attribution.start <= phrase.start < attribution.end:
        return False
    return attribution.head_lower not in lexicon.reporting_nouns


def topic_words(sent: Span) -> set[str]:
    """The content words of a sentence, by lemma: what two sentences on the same topic share. Found once
    per sentence (a copy each time: callers add to it)."""
    found = sent.doc.user_data.setdefault(TOPIC_WORDS_KEY, {})
    key = (sent.start, sent.end)
    if key not in found:
        found[key] = frozenset(_topic_words(sent))
    return set(found[key])


TOPIC_WORDS_KEY = "extractor.topic_words"


def _topic_words(sent: Span) -> set[str]:
    """The content words of a sentence, by lemma: what two sentences on the same topic share."""
    if is_unread(sent):  # no tags: every word that is not a stop word
        words = [t for t in sent if t.is_alpha and not t.is_stop]
        return {w.lower_ for w in words} - {"accord", "according"}
    words = [t for t in sent if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop]
    return ({w.lemma_.lower() for w in words} | {w.lower_ for w in words}) - {"accord", "according"}
