"""What a number phrase is linked to inside its sentence: the counted noun phrase, the words that decide
its category, the phrases that may name whose count it is, its time expression and its rate."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractor.nlp.numbers import NumberPhrase, core_head

NOUN_TAGS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "quantmod", "advmod"})
# Verbs whose subject is what a bare number counts: "the death toll rose to 1,200".
LEVEL_VERBS = frozenset(
    {
        "rise",
        "reach",
        "climb",
        "stand",
        "total",
        "hit",
        "top",
        "surpass",
        "exceed",
        "be",
        "jump",
        "increase",
        "grow",
        "fall",
        "drop",
        "decline",
        "soar",
        "surge",
        "pass",
        "near",
        "approach",
        "remain",
        "double",
    }
)
# Clauses hung on a noun: a side named inside one is not the noun's owner.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})
# Pronouns that may stand for a side ("Russia said its troops ...").
PRONOUNS = frozenset({"its", "their", "it", "they"})
DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
# A time expression further than this many tokens from the figure belongs to another part of the sentence.
MAX_TIME_DISTANCE = 16
TIME_PREPOSITIONS = frozenset(
    {
        "on",
        "since",
        "in",
        "by",
        "as",
        "last",
        "this",
        "over",
        "during",
        "until",
        "from",
        "throughout",
        "after",
        "before",
        "at",
    }
)


def counted_tokens(doc, phrase: NumberPhrase) -> list[Token]:
    """Tokens of what the number counts, without the number ("Russian soldiers", "artillery systems")."""
    head = core_head(doc, phrase)
    if phrase.is_age:
        return _age_noun(doc, phrase)
    noun = None
    if head.dep_ in ("nummod", "quantmod", "compound", "amod", "appos") and head.head.pos_ in NOUN_TAGS:
        noun = head.head
    elif head.dep_ == "nummod" and head.head.pos_ == "ADJ" and head.head.i >= phrase.end:
        noun = head.head  # "296 dead", "14 injured"
    if noun is None:
        noun = _of_object(head)  # "6,000 of its troops", "hundreds of thousands of people"
    if noun is None and head.head.i >= phrase.end and head.head.pos_ in NOUN_TAGS:
        noun = head.head
    if noun is None or phrase.start <= noun.i < phrase.end:
        return []
    if noun.i < phrase.start:  # the noun stands before the number ("a crowd of 52,000")
        return [noun]
    tokens = [t for t in noun.lefts if t.i >= phrase.end and t.dep_ in MODIFIER_DEPS | {"poss", "case"}]
    words = [t for left in tokens for t in left.subtree if t.i >= phrase.end and not _is_determiner(t)] + [
        noun
    ]
    for right in noun.rights:  # "people killed", "armored personnel carriers" compounds on the right
        if right.dep_ == "compound":
            words.append(right)
    return sorted(set(words), key=lambda t: t.i)


def _is_determiner(token: Token) -> bool:
    return token.dep_ in ("det", "predet") or token.tag_ == "PRP$"


def _age_noun(doc, phrase: NumberPhrase) -> list[Token]:
    """ "a 68-year-old man" → man; "Tatiana, 67," has no noun."""
    if phrase.end < len(doc) and doc[phrase.end].pos_ in NOUN_TAGS:
        return [doc[phrase.end]]
    return []


def _of_object(token: Token) -> Token | None:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            for grandchild in child.rights:
                if grandchild.dep_ == "pobj":
                    if grandchild.lower_ in ("thousands", "millions", "hundreds", "billions"):
                        return _of_object(grandchild) or None
                    return grandchild
                if grandchild.dep_ == "prep":
                    return _of_object(child)
    return None


def level_subject(doc, phrase: NumberPhrase) -> list[Token]:
    """For a number without a noun, the subject of the verb that reports its level ("the toll rose to 90")."""
    head = core_head(doc, phrase)
    verb = head.head
    if head.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in LEVEL_VERBS:
        return []
    for child in verb.lefts:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in NOUN_TAGS:
            return [t for t in child.subtree if t.dep_ not in ("det", "punct") and t.i < phrase.start]
    return []


def category_words(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Lower-cased words and lemmas that decide the claim's category: the counted phrase, the verbs that
    govern the number or its noun, participles and adjectives attached to the noun."""
    head = core_head(doc, phrase)
    words: list[str] = []
    anchors = [counted[-1]] if counted else [head]
    for token in counted:
        words += [token.lower_, token.lemma_.lower()]
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ in ("acl", "amod", "relcl", "appos", "conj") and child.i > anchor.i:
                words += [child.lower_, child.lemma_.lower()]
                words += [t.lower_ for t in child.children if t.dep_ in ("prt", "acomp")]
        governor = anchor.head
        steps = 0
        while governor.i != anchor.i and steps < 3:
            if governor.pos_ in ("VERB", "AUX", "ADJ"):
                words += [governor.lower_, governor.lemma_.lower()]
                words += [t.lower_ for t in governor.children if t.dep_ in ("prt", "acomp", "oprd")]
                break
            if (
                governor.pos_ in NOUN_TAGS
                and governor.dep_ != "ROOT"
                and steps == 0
                and anchor.dep_ != "pobj"
            ):
                words += [governor.lower_, governor.lemma_.lower()]
            anchor, governor = governor, governor.head
            steps += 1
    return words


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



def phrase_text(token: Token) -> str:
    """The words of a token's subtree, with "its"/"their"/"it"/"they" replaced by whoever they stand
    for when that can be read from the clause above ("Russia's ministry said its troops ...")."""
    return "".join(_resolved(t) for t in token.subtree).strip()


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


def place_phrases(doc, phrase: NumberPhrase) -> list[dict]:
    """Places and groups named in the sentence, nearest first: a weak hint of whose count it is. Each
    with how it is attached ("Russian" in "by Russian shelling": prep "by", head "shelling"), for the
    normalizer to tell the attacker, a destination or an occupier ("Russia-occupied") from the place."""
    sent = doc[phrase.start].sent
    ents = [e for e in sent.ents if e.label_ in ("GPE", "NORP", "LOC")]
    ents.sort(key=lambda e: abs(e.start - phrase.start))
    return [_place(e) for e in ents]


def _place(ent: Span) -> dict:
    """A place with the word it is on, the preposition that introduces it (or the noun it is on), what
    that preposition hangs on, and the verb it is the subject of."""
    root = ent.root
    noun = root
    if root.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and root.head.i != root.i:
        noun = root.head
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


def time_phrase(doc, phrase: NumberPhrase) -> Span | None:
    """The time expression of the sentence that most likely dates the figure, with its preposition
    ("on Wednesday", "since February 24", "over the past 24 hours")."""
    sent = doc[phrase.start].sent
    best = None
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or _is_duration(ent) or _is_rate(ent):
            continue
        if phrase.start <= ent.start < phrase.end:
            continue
        distance = abs(ent.start - phrase.start)
        if distance > MAX_TIME_DISTANCE:
            continue
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    ent = best[1]
    start = ent.start
    if start > sent.start and doc[start - 1].lower_ in TIME_PREPOSITIONS:
        start -= 1
        if start > sent.start and doc[start - 1].lower_ in ("as", "so", "far"):
            start -= 1
    return doc[start : ent.end]


def _is_rate(ent: Span) -> bool:
    """ "each month", "a day", "per week" say how often, not when."""
    return ent[0].lower_ in ("each", "every", "per", "a", "an") or ent.root.lower_ in (
        "daily",
        "weekly",
        "monthly",
    )


def _is_duration(ent: Span) -> bool:
    """'three weeks', 'for 24 hours', 'eight years old': spans of time rather than points in it."""
    lemmas = [t.lemma_.lower() for t in ent]
    if any(w in ("old", "ago") for w in lemmas):
        return "ago" not in lemmas
    has_number = any(t.like_num for t in ent)
    unit = any(w in DURATION_WORDS for w in lemmas)
    anchored = any(w in ("past", "last", "next", "this", "previous", "first", "coming") for w in lemmas)
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if has_number and unit and not anchored:
        return True
    return before == "for" and unit


def rate_words(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Candidate rate phrases right after the number or its noun ("a day", "each month", "daily")."""
    sent = doc[phrase.start].sent
    after = max([phrase.end] + [t.i + 1 for t in counted])
    window = doc[after : min(sent.end, after + 6)]
    candidates = [
        t.lower_ for t in window if t.lower_ in ("daily", "weekly", "monthly", "annually", "yearly")
    ]
    for i in range(len(window) - 1):
        first, second = window[i], window[i + 1]
        if first.lower_ in ("a", "an", "each", "every", "per") and second.lemma_.lower() in DURATION_WORDS:
            candidates.append(f"{first.lower_} {second.lower_}")
    before = doc[max(sent.start, phrase.start - 2) : phrase.start]
    if any(t.lower_ == "daily" for t in before):
        candidates.append("daily")
    return candidates


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
            return head, subject
        anchor = head
    return None, None


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
