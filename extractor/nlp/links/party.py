"""Whose count a figure is: the phrases of its sentence that may name a side.

The tagger only collects candidates, as written and with how they hang on the figure: the owner of the
counted noun ("its fighters", with "its" read as whoever it stands for), what the counted are part of or
come from, the places and groups the sentence names, and the verb that governs the figure with its
subject. The normalizer (normalize/party.py) decides which of them names the side."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractor.nlp.links.common import sentence_entities
from extractor.nlp.numbers import NumberPhrase, core_head

# Clauses hung on a noun: a side named inside one is not the noun's owner.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})
# Pronouns that may stand for a side ("Russia said its troops ...").
PRONOUNS = frozenset({"its", "their", "it", "they"})


def party_phrases(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Phrases that name whose count it is, most telling first: the counted phrase, its owner ("its
    fighters", read as whoever "its" is), what it is a part of, the side named, and what a bare figure
    is the level of ("put Russian losses at 3,400")."""
    found: list[str] = []
    head = core_head(doc, phrase)
    if counted:
        found.append(" ".join(t.text for t in counted))
        noun = counted[-1]
        for child in noun.children:
            if child.dep_ == "poss":
                found.append(phrase_text(child))
            if child.dep_ == "prep" and child.lower_ in ("of", "among"):
                found.append(_noun_phrase_text(child))
    sent = doc[phrase.start].sent
    for token in sent:
        if token.lower_ in ("side", "sides") and token.head.dep_ == "prep":
            found.append(" ".join(t.text for t in token.subtree))
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "among"):
            found.append(_noun_phrase_text(child))
    found += _level_of(counted[-1] if counted else head)
    return found


def where_phrases(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Where the counted come from or are ("refugees from Ukraine", "people in Mariupol"): the side
    when nothing owns the count, but weaker than an owner ("troops from Syria" thrown in by the Kremlin)."""
    found: list[str] = []
    anchors = [counted[-1]] if counted else []
    anchors.append(core_head(doc, phrase))
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "in", "on", "inside"):
                found.append(_noun_phrase_text(child))
    return found


def place_phrases(doc, phrase: NumberPhrase) -> list[dict]:
    """Places and groups named in the sentence, nearest first: a weak hint of whose count it is. Each
    with how it is attached ("Russian" in "by Russian shelling": prep "by", head "shelling"), for the
    normalizer to tell the attacker, a destination or an occupier ("Russia-occupied") from the place."""
    sent = doc[phrase.start].sent
    # armed groups are organisations to the parser ("Hamas", "the RSF"); the normalizer keeps those
    # that name a party
    ents = [e for e in sentence_entities(sent) if e.label_ in ("GPE", "NORP", "LOC", "ORG")]
    ents.sort(key=lambda e: abs(e.start - phrase.start))
    return [_place(e) for e in ents]


def clause_governor(doc, phrase: NumberPhrase, counted: list[Token]) -> tuple[Token | None, Token | None]:
    """The verb that governs the figure (or its noun), and that verb's subject when the subject is not
    the figure itself: in "Russian strikes killed seven people" → (killed, strikes)."""
    anchor = counted[-1] if counted else core_head(doc, phrase)
    for _ in range(3):
        if anchor.dep_ == "ROOT" and anchor.pos_ not in ("VERB", "AUX"):
            return None, None
        head = anchor.head
        if head.pos_ in ("VERB", "AUX"):
            subject = _subject(head)
            if subject is not None and (subject.i == anchor.i or phrase.start <= subject.i < phrase.end):
                subject = None
            return head, _antecedent_noun(subject)
        anchor = head
    return None, None


def _antecedent_noun(subject: Token | None) -> Token | None:
    """A relative pronoun stands for the noun its clause hangs on: in "the group's raids, which killed
    40 people", the raids did the killing."""
    if subject is None or subject.tag_ not in ("WDT", "WP"):
        return subject
    clause = subject.head
    if clause.dep_ != "relcl" or clause.head.i == clause.i:
        return subject
    noun = clause.head
    # "the group's assault on Israel, which killed 300": the clause tells of the attack, not its target
    if noun.dep_ == "pobj" and noun.head.lower_ in ("on", "against") and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def phrase_text(token: Token) -> str:
    """The words of a token's phrase without the clauses hung on it ("the raids" of "the raids, which
    killed 40 people in Gaza": who acted is not the place in its clause), with "its"/"their"/"it"/"they"
    replaced by whoever they stand for when that can be read from the clause above ("Russia's ministry
    said its troops ...")."""
    owner = _bare_apostrophe_owner(token)
    text = _noun_phrase_text(token)
    return f"{owner} {text}" if owner else text


def _bare_apostrophe_owner(token: Token) -> str | None:
    """A name ending in s takes a bare apostrophe for its possessive ("Hamas’ raids", "Texas’ fires"),
    which the parser reads as punctuation, leaving the name outside the phrase it owns."""
    doc, start = token.doc, token.left_edge.i
    if start < 2 or doc[start - 1].text not in ("’", "'") or doc[start - 1].whitespace_ == "":
        return None
    name = doc[start - 2]
    if name.pos_ != "PROPN" or not name.lower_.endswith("s") or name.whitespace_:
        return None
    return name.text + doc[start - 1].text


def _level_of(anchor: Token) -> list[str]:
    """ "puts Russian losses at 3,350 tanks", "losses stood at 299": the thing the figure is the level
    of is the object of the verb (its subject when it has no object)."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ not in ("at", "to"):
        return []
    verb = anchor.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    for deps in (("dobj",), ("nsubj", "nsubjpass")):
        for child in verb.children:
            if child.dep_ in deps and child.pos_ != "PRON" and anchor not in child.subtree:
                return [_noun_phrase_text(child)]
    return []


def _noun_phrase_text(token: Token) -> str:
    """A phrase without the clauses hung on it: "of the combat power" rather than "... it sent into
    Ukraine" (a place named in a clause on the noun is not whose the noun is)."""
    skip = {t.i for c in token.subtree if c.dep_ in CLAUSE_DEPS for t in c.subtree}
    return "".join(_resolved(t) for t in token.subtree if t.i not in skip).strip()


def _resolved(token: Token) -> str:
    """The token as written with its trailing space ("People's" stays one word), or its antecedent."""
    if token.lower_ in PRONOUNS and token.pos_ == "PRON":
        antecedent = _antecedent(token)
        if antecedent is not None:
            return antecedent + token.whitespace_
    return token.text_with_ws


def _antecedent(pronoun: Token) -> str | None:
    """The subject of the nearest clause above the pronoun's own: the speaker in "X said its troops",
    "X claimed it had shot down". Object pronouns ("them") are left alone: they mostly stand for a
    thing, not for a side."""
    node = pronoun
    plural = pronoun.lower_ in ("they", "their")
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass") and pronoun not in child.subtree:
                    if child.lower_ in PRONOUNS or child.pos_ == "PRON":
                        break
                    # "officials said it fired": "it" is not the officials; a country or a
                    # ministry may be "they" as well as "it"
                    if child.tag_ in ("NNS", "NNPS") and not plural:
                        continue
                    skip = {t.i for c in child.children if c.dep_ in CLAUSE_DEPS for t in c.subtree}
                    return "".join(t.text_with_ws for t in child.subtree if t.i not in skip).strip()
        node = head
    return None


def _place(ent: Span) -> dict:
    """A place with the word it is on, the preposition that introduces it (or the noun it is on), what
    that preposition hangs on, and the verb it is the subject of."""
    root = ent.root
    noun = root
    if root.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and root.head.i != root.i:
        noun = root.head
    # "the Hamas-led attacks": a side that leads a thing is named on the thing
    if noun.lemma_.lower() == "lead" and noun.dep_ == "amod" and noun.head.i != noun.i:
        root, noun = noun, noun.head
    prep = noun.head.lower_ if noun.dep_ in ("pobj", "pcomp") else None
    if noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        prep = "by"
    if prep == "to" and noun.head.head.lower_ == "according":  # a source, not a destination
        prep = "according to"
    return {
        "text": ent.text,
        "dep": root.dep_,
        "head": root.head.lemma_.lower() if root.head.i != root.i else None,
        "prep": prep,
        # what the preposition hangs on: "launched" in "drones launched by Russia"
        "governor": noun.head.head.lemma_.lower() if prep else None,
        # the verb the place (or the noun it is on) is the subject of: "said" in "Kyiv's air force said"
        "subject_of": noun.head.lemma_.lower() if noun.dep_ in ("nsubj", "nsubjpass") else None,
    }


def _subject(verb: Token) -> Token | None:
    """Who does what the verb says: its subject or agent; a verb without one shares the subject of the
    verb it is joined to ("its forces shot down a jet and destroyed three helicopters", "Russia is
    assaulting cities after losing 25% of its combat power", "Hamas is believed to hold 130 hostages")."""
    raised = False  # reached from the infinitive it governs
    for _ in range(3):
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and raised:  # "Hamas is believed to hold": Hamas holds
            return passive
        if passive is not None:
            subject = next((c for c in verb.children if c.dep_ == "agent"), None)
            return next((c for c in subject.children if c.dep_ == "pobj"), None) if subject else None
        # the subject nearest the verb: a dateline ("KYIV, Nov 17 (Reuters) -") may parse as one too
        subject = next((c for c in reversed(list(verb.lefts)) if c.dep_ == "nsubj"), None)
        subject = subject or next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
        if subject is not None and subject.dep_ == "agent":
            return next((c for c in subject.children if c.dep_ == "pobj"), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        raised = verb.dep_ == "xcomp"
        verb = verb.head
    return None
