"""What a figure counts and the words that decide its category.

The counted noun phrase comes from the parse around the number ("1,200 Russian soldiers", "a crowd of
52,000", "the number of dead"); a bare number borrows it from the clause that reports its level ("the
death toll rose to 1,200") or from a parallel figure before it ("64 fighters were killed and 289
wounded"). The category words are that phrase plus what the clause says happened to it ("killed",
"suffered minor injuries"), so the normalizer can tell the killed from the wounded or the displaced."""

from __future__ import annotations

import json
from functools import cache

from spacy.tokens import Token

from extractor.nlp.lexicon import DATA, Lexicon
from extractor.nlp.links.common import NOUN_TAGS
from extractor.nlp.numbers import NumberPhrase, core_head, is_number_token
from extractor.normalize.category import category_of

MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "quantmod", "advmod"})
# Verbs whose subject is what a bare number counts ("the death toll rose to 1,200"): data/verbs.json.
VERBS = json.loads((DATA / "verbs.json").read_text("utf-8"))
LEVEL_VERBS = frozenset(VERBS["level_verbs"])
# Verbs that set their object at the number ("put the toll at 5,937", "taking its total to 61.7 million").
MEASURE_VERBS = frozenset(VERBS["measure_verbs"])
# Verbs whose object is what befell their subject ("two firefighters suffered minor injuries").
UNDERGO_VERBS = frozenset(VERBS["undergo_verbs"])
STATE_VERBS = frozenset(VERBS["state_verbs"])
# Nouns that hold what is counted rather than name it ("the number of dead", "a majority of respondents").
NOUNS = json.loads((DATA / "nouns.json").read_text("utf-8"))
CONTAINER_NOUNS = frozenset(NOUNS["container_nouns"])
# Nouns that say nothing of what is counted ("a total of 4.25 points", "an average of 400").
EMPTY_NOUNS = frozenset(NOUNS["empty_nouns"])


def counted_tokens(doc, phrase: NumberPhrase) -> list[Token]:
    """Tokens of what the number counts, without the number ("Russian soldiers", "artillery systems")."""
    tokens = _own_counted(doc, phrase)
    if len(tokens) == 1 and tokens[0].pos_ == "PRON" and not phrase.is_age:
        # "1,404 of them": the figure before it in the sentence says who "them" are
        return _parallel_counted(doc, phrase) or tokens
    return tokens


def level_subject(doc, phrase: NumberPhrase) -> list[Token]:
    """For a number without a noun of its own, what it counts as the clause says it: the subject of the
    verb that reports its level ("the toll rose to 90"), the object a measure verb sets at it ("put the
    toll at 5,937"), or the noun of a parallel figure ("64 fighters were killed and 289 wounded")."""
    return _level_or_measure(doc, phrase) or _parallel_counted(doc, phrase)


def category_words(doc, phrase: NumberPhrase, counted: list[Token]) -> list[str]:
    """Lower-cased words and lemmas that decide the claim's category: the counted phrase, the verbs that
    govern the number or its noun, participles and adjectives attached to the noun, and what the verb
    says happened to a counted subject ("suffered minor injuries", "under evacuation orders").

    A noun lent by a parallel figure ("64 fighters were killed and 289 wounded") speaks only when the
    number's own clause says nothing: 289 are wounded, not killed."""
    head = core_head(doc, phrase)
    words = [w for token in counted for w in (token.lower_, token.lemma_.lower())]
    lent = (
        bool(counted) and counted != _own_counted(doc, phrase) and counted != _level_or_measure(doc, phrase)
    )
    if not lent:
        return words + _context_words(counted[-1] if counted else head)
    own = words + _context_words(head)
    if _part_of_those_before(head):
        return own + _context_words(counted[-1])  # "at least 50 were killed, 30 of whom were children"
    if category_of(own) != "other" or not _shares_predicate(head, counted[-1]):
        return own  # a predicate of its own: "almost 6 million live in occupied regions"
    return own + _context_words(counted[-1])


def _own_counted(doc, phrase: NumberPhrase) -> list[Token]:
    """The noun phrase the parse links to the number itself."""
    if phrase.is_age:
        return _age_noun(doc, phrase)
    head = core_head(doc, phrase)
    noun = None
    # "stood at 299 and helicopter losses at 287": a noun after "and" is the next figure's
    foreign = head.head.i >= phrase.end and any(
        t.dep_ == "cc" and t.head.i == head.i for t in doc[phrase.end : head.head.i]
    )
    if head.dep_ in ("nummod", "quantmod", "compound", "amod") and head.head.pos_ in NOUN_TAGS:
        noun = None if foreign else head.head
    elif head.dep_ == "nummod" and head.head.pos_ == "ADJ" and head.head.i >= phrase.end:
        noun = head.head  # "296 dead", "14 injured"
    if noun is None:
        noun = _of_object(head)  # "6,000 of its troops", "hundreds of thousands of people"
    if noun is None and head.dep_ == "appos" and head.head.pos_ in NOUN_TAGS:
        noun = head.head  # "up to 1.9 million people, about 85% of ..." took "of" first
    if noun is None and head.head.i >= phrase.end and head.head.pos_ in NOUN_TAGS and not foreign:
        noun = head.head
    if noun is None:
        noun = _noun_before(head, phrase)  # "a crowd of 52,000", "winds of 150 mph"
    if noun is None and head.dep_ == "prep" and head.head.pos_ in NOUN_TAGS and head.head.i < phrase.start:
        noun = head.head  # "to a range between 4.25% and 4.5%": the phrase is the noun's preposition
    if noun is None:
        return _money_purpose(doc, phrase) or _noun_after(doc, phrase)
    if phrase.start <= noun.i < phrase.end:
        return []
    if noun.i < phrase.start:  # the noun stands before the number ("a crowd of 52,000")
        return _container_object(noun, phrase) or _with_modifiers(noun, phrase)
    tokens = [t for t in noun.lefts if t.i >= phrase.end and t.dep_ in MODIFIER_DEPS | {"poss", "case"}]
    words = [t for left in tokens for t in left.subtree if t.i >= phrase.end and not _is_determiner(t)] + [
        noun
    ]
    for right in noun.rights:  # "people killed", "armored personnel carriers" compounds on the right
        if right.dep_ == "compound":
            words.append(right)
    return sorted(set(words), key=lambda t: t.i)


def _noun_before(head: Token, phrase: NumberPhrase) -> Token | None:
    """ "a crowd of 52,000", "gusts of up to 45 mph", "revenue of $3.5bn": the noun the number is "of"."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "of" or prep.head.pos_ not in NOUN_TAGS:
        return None
    noun = prep.head
    if noun.i >= phrase.start or noun.lower_ in EMPTY_NOUNS:
        return None  # "an average of 400", "a total of 4.25 points": the container says nothing counted
    return noun


def _money_purpose(doc, phrase: NumberPhrase) -> list[Token]:
    """ "$113 billion in aid", "$3.5bn in home-heating aid": what a sum of money is in."""
    if phrase.end >= len(doc) or doc[phrase.end].lower_ != "in":
        return []
    if not any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in doc[phrase.start : phrase.end]):
        return []
    objects = [t for t in doc[phrase.end].children if t.dep_ == "pobj" and t.pos_ in NOUN_TAGS]
    return _with_modifiers(objects[0], phrase) if objects else []


def _noun_after(doc, phrase: NumberPhrase) -> list[Token]:
    """A plural noun right after the number that the parse failed to attach ("2.4 million paying
    subscribers"): adjectives and participles may stand between."""
    sent_end = doc[phrase.start].sent.end
    for i in range(phrase.end, min(sent_end, phrase.end + 3)):
        token = doc[i]
        if token.tag_ in ("NNS", "NNPS"):
            return list(doc[phrase.end : i + 1])
        if token.tag_ not in ("JJ", "VBG", "VBN", "NN"):
            return []
    return []


def _container_object(noun: Token, phrase: NumberPhrase) -> list[Token]:
    """ "the number of dead", "a majority of respondents", "losses of armored combat vehicles": what the
    container noun holds, with its modifiers."""
    if noun.lower_ not in CONTAINER_NOUNS:
        return []
    inner = _of_object(noun)
    if inner is None or phrase.start <= inner.i < phrase.end:
        return []
    return _with_modifiers(inner, phrase)


def _with_modifiers(noun: Token, phrase: NumberPhrase) -> list[Token]:
    """The noun with its compounds, adjectives and possessor ("Ukraine's military casualties")."""
    tokens = [
        t
        for left in noun.lefts
        if left.dep_ in MODIFIER_DEPS | {"poss"}
        for t in left.subtree
        if not _is_determiner(t) and not phrase.start <= t.i < phrase.end and t.dep_ != "punct"
    ]
    return sorted([*tokens, noun], key=lambda t: t.i)


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


def _is_determiner(token: Token) -> bool:
    return token.dep_ in ("det", "predet") or token.tag_ == "PRP$"


def _level_or_measure(doc, phrase: NumberPhrase) -> list[Token]:
    head = _outer_head(doc, phrase)
    if head.dep_ == "nummod" and head.head.pos_ in NOUN_TAGS:
        head = head.head  # its noun belongs to another figure ("at 299 and helicopter losses at 287")
    verb = head.head
    prep = None
    if head.dep_ == "pobj" and verb.dep_ == "prep":
        prep, verb = verb, verb.head
        gapped = _gapped_noun(doc, prep, phrase)
        if gapped:
            return gapped
        if prep.lower_ in ("at", "to", "by") and verb.pos_ in NOUN_TAGS and verb.i < prep.i:
            # "put Russia's tank losses at 3,433, and its losses of armored vehicles at 6,689"
            return _container_object(verb, phrase) or _with_modifiers(verb, phrase)
    if head.dep_ == "npadvmod" and verb.pos_ in ("ADJ", "VERB") and verb.dep_ in ("acomp", "xcomp"):
        verb = verb.head  # "food prices were 10.6% higher"
    if verb.pos_ not in ("VERB", "AUX", "ADJ"):
        return []
    lemma = verb.lemma_.lower()
    if prep is not None and prep.lower_ in ("at", "to", "by") and lemma in MEASURE_VERBS:
        for child in verb.children:
            if child.dep_ == "dobj" and child.pos_ in NOUN_TAGS:
                return _container_object(child, phrase) or _with_modifiers(child, phrase)
    if lemma not in LEVEL_VERBS and head.dep_ != "npadvmod":
        return []
    for child in verb.lefts:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.pos_ in NOUN_TAGS:
                return _container_object(child, phrase) or _with_modifiers(child, phrase)
            if child.tag_ == "WDT" and verb.dep_ == "relcl" and verb.head.pos_ in NOUN_TAGS:
                return _with_modifiers(verb.head, phrase)  # "temperatures that topped 110 degrees"
    if verb.dep_ == "acl" and verb.head.pos_ in NOUN_TAGS and verb.head.i < verb.i:
        return _with_modifiers(verb.head, phrase)  # "the jobless rate held at 5.1%" read as a noun phrase
    return []


def _outer_head(doc, phrase: NumberPhrase) -> Token:
    """The number's head, or the container noun it fills ("by a total of 4.25 points" → total)."""
    head = core_head(doc, phrase)
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in EMPTY_NOUNS:
        if prep.head.i < phrase.start:
            return prep.head
    return head


def _gapped_noun(doc, prep: Token, phrase: NumberPhrase) -> list[Token]:
    """ "Aircraft losses stood at 299 and helicopter losses at 287": the noun phrase right before the
    second preposition, after "and", is what the second number counts."""
    end = prep.i
    start = end
    while start - 1 >= 0 and doc[start - 1].pos_ in (*NOUN_TAGS, "ADJ") and doc[start - 1].dep_ != "nsubj":
        start -= 1
    if start == end or doc[end - 1].pos_ not in NOUN_TAGS or start == 0:
        return []
    if doc[start - 1].lower_ not in ("and", ",") or start - 1 < doc[phrase.start].sent.start:
        return []
    return list(doc[start:end])


def _parallel_counted(doc, phrase: NumberPhrase) -> list[Token]:
    """A bare number that continues a figure before it in the sentence counts the same thing: "64
    fighters were killed and 289 wounded", "12,000 troops a month, or roughly 400 a day", "up from 388",
    "fewer than the 284,000 added in October", "1,404 of them". The nearest earlier number with a noun
    of its own lends it."""
    head = core_head(doc, phrase)
    partitive = _partitive(head)
    if partitive:
        return partitive
    pronoun = _of_object(head)
    linked = (
        head.dep_ == "conj"
        or head.head.dep_ == "conj"
        or (head.dep_ == "pobj" and head.head.lower_ in ("from", "than", "with"))
        or (pronoun is not None and pronoun.pos_ == "PRON")
    )
    if not linked:
        return []
    sent = doc[phrase.start].sent
    for i in range(phrase.start - 1, sent.start - 1, -1):
        token = doc[i]
        if not is_number_token(token) or (i + 1 < phrase.start and is_number_token(doc[i + 1])):
            continue
        if token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            continue
        earlier = NumberPhrase(i, i + 1, i, i + 1, None)
        tokens = counted_tokens(doc, earlier)
        if tokens and _is_unit(tokens[-1]):
            return []  # "down from 7.7%": the earlier figure is a measure, not a count of something
        if tokens and tokens[-1].pos_ != "PRON":
            return tokens
        if tokens:
            return []
    return []


def _is_unit(token: Token) -> bool:
    lexicon = _lexicon()
    return not token.is_alpha or any(
        words[-1] == token.lower_ for words in lexicon.percent_words + lexicon.unit_words
    )


@cache
def _lexicon() -> Lexicon:
    return Lexicon.from_dir()


def _partitive(head: Token) -> list[Token]:
    """ "Of those, 1,090 were destroyed and 545 captured", "Among Republicans, 29% backed more aid": the
    group a subject number is part of, named by a preposition of its verb (or of the verb it continues)."""
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return []
    verb = head.head
    for candidate in (verb, verb.head if verb.dep_ == "conj" else None):
        if candidate is None:
            continue
        for child in candidate.lefts:
            if child.dep_ == "prep" and child.lower_ in ("of", "among"):
                objects = [t for t in child.children if t.dep_ == "pobj"]
                if objects:
                    return [objects[0]]
    return []


def _shares_predicate(head: Token, noun: Token) -> bool:
    """Whether the number's verb also governs the lending noun ("lost an average of 12,000 troops each
    month, or roughly 400 a day"): then that noun's verb speaks for the number too."""
    verb, other = _verb_above(head), _verb_above(noun)
    if head.dep_ in ("nsubj", "nsubjpass"):
        return False
    return verb is None or other is None or verb == other or verb.is_ancestor(other)


def _verb_above(token: Token) -> Token | None:
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _context_words(anchor: Token) -> list[str]:
    words: list[str] = []
    for child in anchor.children:
        if child.dep_ in ("acl", "amod", "relcl", "appos", "conj") and child.i > anchor.i:
            if child.dep_ == "conj" and _has_own_figure(child):
                continue  # "6,826 deaths and 10,769 injuries": the other noun is another figure's
            words += [child.lower_, child.lemma_.lower()]
            words += [t.lower_ for t in child.children if t.dep_ in ("prt", "acomp")]
            words += _conjoined_verbs(child)
    governor = anchor.head
    steps = 0
    while governor.i != anchor.i and steps < 3:
        if governor.lower_ in ("including", "among") and governor.head.i != governor.i:
            # "killing 24 people, including eight children": the list's verb speaks for its members
            anchor, governor = governor, governor.head
            continue
        if anchor.dep_ == "pobj" and governor.lower_ == "of" and governor.head.pos_ in NOUN_TAGS:
            words += [governor.head.lower_, governor.head.lemma_.lower()]  # "the deaths of 18,592 children"
        if governor.pos_ in ("VERB", "AUX", "ADJ"):
            if anchor.dep_ == "conj" and is_number_token(anchor) and _own_participle(anchor):
                break  # "37 were killed and 54 injured": 54 has its own participle; "killed" is 37's
            if not _puts_in_state(governor):
                words += [governor.lower_, governor.lemma_.lower()]
            words += _shared_object_verb(governor)
            words += [t.lower_ for t in governor.children if t.dep_ in ("prt", "acomp", "oprd")]
            # "had been ordered to evacuate", "were able to leave"
            words += [t.lemma_.lower() for t in governor.children if t.dep_ == "xcomp"]
            for acomp in (t for t in governor.children if t.dep_ == "acomp"):
                words += [t.lemma_.lower() for t in acomp.children if t.dep_ == "xcomp"]
            words += _conjoined_verbs(governor)
            if anchor.dep_ in ("nsubj", "nsubjpass"):
                words += _verb_complements(governor)
            words += _level_subject_words(governor, anchor)
            break
        if (
            governor.pos_ in NOUN_TAGS
            and governor.dep_ != "ROOT"
            and steps == 0
            and anchor.dep_ not in ("pobj", "conj")
        ):
            words += [governor.lower_, governor.lemma_.lower()]
        if anchor.dep_ != "conj":  # a list ("838 tanks, ..., 176 planes and 153 helicopters") is one step
            steps += 1
        anchor, governor = governor, governor.head
    return words


def _has_own_figure(token: Token) -> bool:
    """A noun or verb that carries a number of its own ("10,769 injuries", "289 wounded")."""
    return any(
        child.dep_ in ("nummod", "nsubj", "nsubjpass") and (child.like_num or child.pos_ == "NUM")
        for child in token.children
    )


def _is_figure(token: Token) -> bool:
    """A number, or a noun counted by one ("wounding three", "destroyed 134 homes")."""
    return (
        is_number_token(token)
        or token.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
        or _has_own_figure(token)
    )


def _puts_in_state(verb: Token) -> bool:
    """ "left homeless", "left traumatized": a state verb with a complement says nothing by itself
    (the complement, read beside it, says which state)."""
    return verb.lemma_.lower() in STATE_VERBS and any(c.dep_ in ("acomp", "oprd") for c in verb.children)


def _part_of_those_before(head: Token) -> bool:
    """ "30 of whom", "12 of them": the figure is a part of the group counted before, and what befell
    the group befell the part, whatever the part's own clause says of it ("were children")."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(g.dep_ == "pobj" and g.lower_ in ("whom", "them", "which") for g in child.children)
        for child in head.children
    )


def _level_subject_words(verb: Token, anchor: Token) -> list[str]:
    """ "the number of deaths stands at 4,512 people", "the toll rose to 300 people": a generic noun
    ("people") at the level a verb reports; the verb's subject says what the level counts."""
    if anchor.dep_ != "prep" or anchor.lower_ not in ("at", "to") or verb.lemma_.lower() not in LEVEL_VERBS:
        return []
    words = []
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUN_TAGS):
        words += [t.lemma_.lower() for t in subject.lefts if t.dep_ == "compound"]
        words += [subject.lower_, subject.lemma_.lower()]
        of = _of_object(subject)
        if of is not None:
            words += [of.lower_, of.lemma_.lower()]
    return words


def _shared_object_verb(verb: Token) -> list[str]:
    """ "killed and wounded 30 people": the parse hangs the object on the second verb; the first verb,
    with no object or subject of its own, governs it too."""
    first = verb.head
    if verb.dep_ != "conj" or first.pos_ != "VERB":
        return []
    if any(c.dep_ in ("dobj", "nsubjpass") or _is_figure(c) for c in first.children):
        return []
    return [first.lower_, first.lemma_.lower()]


def _own_participle(token: Token) -> bool:
    """A figure that carries its own outcome word after it ("... and 54 injured")."""
    return any(c.dep_ in ("acl", "amod") and c.i > token.i for c in token.children)


def _conjoined_verbs(verb: Token) -> list[str]:
    """ "killed and wounded", "killed or wounded": the second verb, unless it has a subject of its own
    ("64 fighters were killed and 289 wounded")."""
    words = []
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "ADJ"):
            # "burned 48,000 acres and destroyed 134 homes": a verb with a figure of its own is another's
            # "killed 19 people and injured many others": a verb with an object of its own counts that
            if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") or _is_figure(c) for c in child.children):
                words += [child.lower_, child.lemma_.lower()]
    return words


def _verb_complements(verb: Token) -> list[str]:
    """What a verb says of its subject through its prepositions and, for verbs of undergoing, its object:
    "remained under evacuation orders", "freed from captivity", "listed as missing", "forced from their
    homes" (also as the lemma phrase "force from home"), "suffered minor injuries"."""
    words = []
    for child in verb.children:
        objects = [child] if child.dep_ == "dobj" and verb.lemma_.lower() in UNDERGO_VERBS else []
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        for obj in objects:
            if child.dep_ == "dobj" and _has_own_figure(obj):
                continue  # "suffered 40 injuries" is another figure; "in its four shelters" still a place
            if _puts_in_state(obj):  # "with most of the recruits left shaken": the state, not a departure
                words += [t.lower_ for t in obj.children if t.dep_ in ("acomp", "oprd")]
                continue
            words += [t.lower_ for t in obj.lefts if t.dep_ == "compound"]
            words += [obj.lower_, obj.lemma_.lower()]
            if child.dep_ == "dobj":
                words.append(f"{verb.lemma_.lower()} {obj.lemma_.lower()}")  # "lose home"
            if child.dep_ == "prep":
                words.append(f"{verb.lemma_.lower()} {child.lower_} {obj.lemma_.lower()}")
                words.append(f"{child.lower_} {obj.lemma_.lower()}")  # "spent the night in shelters"
    return words
