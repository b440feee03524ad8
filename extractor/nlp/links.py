"""What a number phrase is linked to inside its sentence: the counted noun phrase, the words that decide
its category, the phrases that may name whose count it is, its time expression and its rate."""

from __future__ import annotations

import calendar
import json
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.numbers import NumberPhrase, core_head, is_number_token
from extractor.normalize.category import category_of

NOUN_TAGS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "quantmod", "advmod"})
# Verbs whose subject is what a bare number counts ("the death toll rose to 1,200"): data/verbs.json.
VERBS = json.loads((Path(__file__).parent / "data" / "verbs.json").read_text("utf-8"))
LEVEL_VERBS = frozenset(VERBS["level_verbs"])
# Verbs that set their object at the number ("put the toll at 5,937", "taking its total to 61.7 million").
MEASURE_VERBS = frozenset(VERBS["measure_verbs"])
# Verbs whose object is what befell their subject ("two firefighters suffered minor injuries").
UNDERGO_VERBS = frozenset(VERBS["undergo_verbs"])
# Nouns that hold what is counted rather than name it ("the number of dead", "a majority of respondents").
NOUNS = json.loads((Path(__file__).parent / "data" / "nouns.json").read_text("utf-8"))
CONTAINER_NOUNS = frozenset(NOUNS["container_nouns"])
# Nouns that say nothing of what is counted ("a total of 4.25 points", "an average of 400").
EMPTY_NOUNS = frozenset(NOUNS["empty_nouns"])
# Clauses hung on a noun: a side named inside one is not the noun's owner.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})
# Pronouns that may stand for a side ("Russia said its troops ...").
PRONOUNS = frozenset({"its", "their", "it", "they"})
DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})
# A time expression further than this many tokens from the figure belongs to another part of the sentence.
MAX_TIME_DISTANCE = 16
_TIME_WORDS = json.loads((Path(__file__).parent / "data" / "time_words.json").read_text(encoding="utf-8"))
TIME_PREPOSITIONS = frozenset(_TIME_WORDS["prepositions"])
CHANGE_HEADS = frozenset(_TIME_WORDS["change_heads"])
COMPARE_HEADS = frozenset(_TIME_WORDS["compare_heads"])
RANGE_WORDS = frozenset(_TIME_WORDS["range_words"])
SPEECH_TIME_VERBS = frozenset(_TIME_WORDS["speech_time_verbs"])
CLAUSE_BOUNDARIES = frozenset(_TIME_WORDS["clause_boundaries"])
CONTRAST_MARKS = frozenset(_TIME_WORDS["contrast_marks"])
ANAPHORA_NOUNS = frozenset(_TIME_WORDS["anaphora_nouns"])
MONTHS = frozenset(name.lower() for name in calendar.month_name[1:])
PERIOD_WORDS = frozenset(_TIME_WORDS["period_words"])
DAY_WORDS = frozenset(name.lower() for name in calendar.day_name) | frozenset(_TIME_WORDS["day_words"])


def counted_tokens(doc, phrase: NumberPhrase) -> list[Token]:
    """Tokens of what the number counts, without the number ("Russian soldiers", "artillery systems")."""
    tokens = _own_counted(doc, phrase)
    if len(tokens) == 1 and tokens[0].pos_ == "PRON" and not phrase.is_age:
        # "1,404 of them": the figure before it in the sentence says who "them" are
        return _parallel_counted(doc, phrase) or tokens
    return tokens


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


def level_subject(doc, phrase: NumberPhrase) -> list[Token]:
    """For a number without a noun of its own, what it counts as the clause says it: the subject of the
    verb that reports its level ("the toll rose to 90"), the object a measure verb sets at it ("put the
    toll at 5,937"), or the noun of a parallel figure ("64 fighters were killed and 289 wounded")."""
    return _level_or_measure(doc, phrase) or _parallel_counted(doc, phrase)


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
    if category_of(own) != "other" or not _shares_predicate(head, counted[-1]):
        return own  # a predicate of its own: "almost 6 million live in occupied regions"
    return own + _context_words(counted[-1])


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
            words += [governor.lower_, governor.lemma_.lower()]
            words += [t.lower_ for t in governor.children if t.dep_ in ("prt", "acomp", "oprd")]
            # "had been ordered to evacuate", "were able to leave"
            words += [t.lemma_.lower() for t in governor.children if t.dep_ == "xcomp"]
            for acomp in (t for t in governor.children if t.dep_ == "acomp"):
                words += [t.lemma_.lower() for t in acomp.children if t.dep_ == "xcomp"]
            words += _conjoined_verbs(governor)
            if anchor.dep_ in ("nsubj", "nsubjpass"):
                words += _verb_complements(governor)
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


def _conjoined_verbs(verb: Token) -> list[str]:
    """ "killed and wounded", "killed or wounded": the second verb, unless it has a subject of its own
    ("64 fighters were killed and 289 wounded")."""
    words = []
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "ADJ"):
            # "burned 48,000 acres and destroyed 134 homes": a verb with a figure of its own is another's
            if not any(c.dep_ in ("nsubj", "nsubjpass") or _is_figure(c) for c in child.children):
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
            words += [t.lower_ for t in obj.lefts if t.dep_ == "compound"]
            words += [obj.lower_, obj.lemma_.lower()]
            if child.dep_ == "prep":
                words.append(f"{verb.lemma_.lower()} {child.lower_} {obj.lemma_.lower()}")
                words.append(f"{child.lower_} {obj.lemma_.lower()}")  # "spent the night in shelters"
    return words


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


class _EntityCache:
    """`Span.ents` rebuilds every entity of the doc on each call, which was a fifth of the tagger's time:
    the entities of the doc being tagged are read once (`remember_entities`) and sliced per sentence."""

    doc: Doc | None = None
    ents: tuple[Span, ...] = ()


def remember_entities(doc: Doc) -> None:
    """Read the entities of `doc` once; the claim tagger calls this before linking a doc's figures."""
    _EntityCache.doc, _EntityCache.ents = doc, tuple(doc.ents)


def sentence_entities(sent: Span) -> list[Span]:
    """The entities inside `sent` (from the cache when its doc is the one remembered)."""
    if _EntityCache.doc is not sent.doc:
        return list(sent.ents)
    return [e for e in _EntityCache.ents if e.start >= sent.start and e.end <= sent.end]


def place_phrases(doc, phrase: NumberPhrase) -> list[dict]:
    """Places and groups named in the sentence, nearest first: a weak hint of whose count it is. Each
    with how it is attached ("Russian" in "by Russian shelling": prep "by", head "shelling"), for the
    normalizer to tell the attacker, a destination or an occupier ("Russia-occupied") from the place."""
    sent = doc[phrase.start].sent
    ents = [e for e in sentence_entities(sent) if e.label_ in ("GPE", "NORP", "LOC")]
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


def time_phrase(doc, phrase: NumberPhrase, speech_verbs: frozenset[str] = frozenset()) -> Span | None:
    """The time expression of the sentence that most likely dates the figure, with its preposition
    ("on Wednesday", "since February 24", "over the past 24 hours")."""
    found = time_phrases(doc, phrase, speech_verbs)
    return found[0] if found else None


def time_phrases(doc, phrase: NumberPhrase, speech_verbs: frozenset[str] = frozenset()) -> list[Span]:
    """The sentence's time expressions that may date the figure, most likely first.

    Nearest first, within MAX_TIME_DISTANCE tokens; a sentence-opening adverbial ("On Monday, ...")
    and a time hanging on the figure's own clause ("killed ... since fighting intensified on May 10")
    reach the figure at any distance. The time a statement was made ("..., the ministry said on
    Tuesday") dates the figure only when nothing else does. A time inside a comparison that does not
    hold the figure ("up from 48% last month", "compared with 2021") or inside a relative clause about
    something else ("the militia, which has fought since 2014, said ...") is not the figure's."""
    sent = doc[phrase.start].sent
    figure = core_head(doc, phrase)
    ranked: list[tuple[int, int, Span]] = []
    for ent in _time_entities(sent):
        if ent.start < phrase.end and ent.end > phrase.start:
            if ent.start < phrase.start or ent.end <= phrase.end or doc[phrase.end].is_punct:
                continue  # "72-hour" is a duration word, not a time
            ent = doc[phrase.end : ent.end]  # "65 last week", "388 the week before": the figure leads
        if _is_duration(ent) or _is_rate(ent) or not any(t.is_alpha or t.like_num for t in ent):
            continue
        if _belongs_elsewhere(ent, figure) or _dates_another_figure(ent, figure, phrase):
            continue
        distance = abs(ent.start - phrase.start)
        speech = _is_speech_time(ent, figure, speech_verbs)
        if not speech and distance > MAX_TIME_DISTANCE:
            if not (_opens_sentence(ent, sent) or _same_clause(ent, figure)):
                continue
            distance = MAX_TIME_DISTANCE
        ranked.append((1 if speech else 0, distance, _with_preposition(ent, sent)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [span for _, _, span in ranked]


def sentence_time(sent: Span) -> Span | None:
    """The time of a sentence without figures, when it dates its main clause ("The two sides exchanged
    prisoners on Sunday."): the figures that follow continue that report."""
    if any(t.is_quote for t in sent) or any(c.dep_ == "neg" for c in sent.root.children):
        return None  # a quote or "has not updated its toll since September" reports no event
    for ent in _time_entities(sent):
        if _is_duration(ent) or _is_rate(ent):
            continue
        day = ent.start > sent.start and ent.doc[ent.start - 1].lower_ == "on"
        if not (day or any(t.lower_ in DAY_WORDS for t in ent)):
            continue  # a day names an event; "in August" in passing is background
        head = ent.root.head
        on_root = head.i == sent.root.i or (head.dep_ == "prep" and head.head.i == sent.root.i)
        if _opens_sentence(ent, sent) or on_root:  # not "after the attack on October 7"
            return _with_preposition(ent, sent)
    return None


def named_day(sent: Span) -> Span | None:
    """The last single day the sentence names ("the January 9 attack", "on Tuesday"), if any."""
    found = None
    for ent in _time_entities(sent):
        words = {t.lower_ for t in ent}
        if words & DAY_WORDS or (words & MONTHS and any(t.like_num and len(t.text) <= 2 for t in ent)):
            if not any(t.lower_ in RANGE_WORDS for t in ent):
                found = ent
    return found


def named_period(sent: Span) -> Span | None:
    """The last reporting period the sentence names ("third-quarter revenue", "the January-March
    period"), if any."""
    found = None
    for ent in _time_entities(sent):
        if any(t.lower_ in PERIOD_WORDS or t.lower_.endswith("-quarter") for t in ent):
            found = ent
    return found


def time_text(span: Span) -> str:
    """The expression as the resolver should read it: a date inside a "since" clause starts a span
    ("since the war began on April 15" → "since April 15")."""
    words = span.text
    if span[0].lower_ == "since" or not _in_since_clause(span):
        return words
    if span[0].lower_ in TIME_PREPOSITIONS:
        words = span[1:].text
    return f"since {words}"


def _in_since_clause(span: Span) -> bool:
    token = span.root
    for _ in range(6):
        if token.lower_ == "since" and token.i < span.start:
            return True
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "advcl" or token.head.i == token.i:
            return False
        token = token.head
    return False


def _time_entities(sent: Span) -> list[Span]:
    """DATE and TIME entities, a day and its part of day joined ("Saturday" + "evening")."""
    ents = [e for e in sentence_entities(sent) if e.label_ in ("DATE", "TIME")] + _anaphoric_times(sent)
    ents.sort(key=lambda e: e.start)
    joined: list[Span] = []
    for ent in ents:
        if joined and joined[-1].end == ent.start and ent.label_ == "TIME":
            joined[-1] = sent.doc[joined[-1].start : ent.end]
        else:
            joined.append(_with_range_end(ent, sent))
    return [e for i, e in enumerate(joined) if not any(o.start < e.start < o.end for o in joined[:i])]


def _with_range_end(ent: Span, sent: Span) -> Span:
    """ "early March to April 9" when the model tagged only "early March"."""
    doc = ent.doc
    if ent.end + 1 >= sent.end or doc[ent.end].lower_ not in RANGE_WORDS:
        return ent
    end = ent.end + 1
    if doc[end].lower_ not in MONTHS and doc[end].ent_type_ != "DATE":
        return ent
    while end < sent.end and (doc[end].lower_ in MONTHS or doc[end].ent_type_ == "DATE" or doc[end].like_num):
        end += 1
    return doc[ent.start : end]


def _anaphoric_times(sent: Span) -> list[Span]:
    """ "in that period", "the same day": times that point back, which the model seldom tags."""
    found = []
    taken = {t.i for e in sentence_entities(sent) for t in e}
    for token in sent[:-1]:
        noun = token.doc[token.i + 1]
        if token.lower_ not in ("that", "same") or noun.lower_ not in ANAPHORA_NOUNS or noun.i in taken:
            continue
        after = noun.doc[noun.i + 1] if noun.i + 1 < sent.end else None
        if after is not None and (after.pos_ in ("NOUN", "PROPN") or after.tag_ == "POS"):
            continue  # "that day's attack" is not a time of its own
        start = token.i - 1 if token.lower_ == "same" and token.i > sent.start else token.i
        found.append(token.doc[start : noun.i + 1])
    return found


def _with_preposition(ent: Span, sent: Span) -> Span:
    doc = ent.doc
    start = ent.start
    if start > sent.start + 1 and doc[start - 1].lower_ == "the":
        if doc[start - 2].lower_ in TIME_PREPOSITIONS:
            start -= 1  # "in the January-March quarter" when the model left out "the"
    if start > sent.start + 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "as":
        return doc[start - 2 : ent.end]  # "as of December 18"
    if start > sent.start and doc[start - 1].lower_ in TIME_PREPOSITIONS:
        start -= 1
        if start > sent.start and doc[start - 1].lower_ in ("as", "so", "far"):
            start -= 1
    return doc[start : ent.end]


def _same_clause(ent: Span, figure: Token) -> bool:
    """Whether the time hangs, through phrases and participles, on the clause that holds the figure
    ("58 civilians have been killed ... since fighting intensified on May 10"), without crossing into
    another statement or a contrast."""
    token = ent.root
    for _ in range(10):
        if _under(figure, token):
            return _figure_reaches(figure, token)
        if token.head.i == token.i or _contrast(token):
            return False
        if token.dep_ in CLAUSE_BOUNDARIES and not (token.dep_ == "conj" and token.pos_ in NOUN_TAGS):
            return False  # coordinated nouns share their modifiers: "90 deaths and 142 injuries caused by"
        token = token.head
    return False


def _contrast(token: Token) -> bool:
    marks = (c.lower_ for c in token.children if c.dep_ == "mark")
    return token.dep_ == "advcl" and any(mark in CONTRAST_MARKS for mark in marks)


def _figure_reaches(figure: Token, meeting: Token) -> bool:
    """The figure's own path up to where the time hangs stays in one clause ("Sudan, a country of 46
    million people, has been in turmoil since 2019": the apposition is background)."""
    token = figure
    while token.i != meeting.i:
        if token.dep_ in CLAUSE_BOUNDARIES or token.dep_ == "appos" or _contrast(token):
            return False
        token = token.head
    return True


def _opens_sentence(ent: Span, sent: Span) -> bool:
    """ "On February 7, a drone attack ... killing 24": an opening adverbial dates the whole sentence."""
    lead = ent.start - sent.start
    if lead > 1 or (lead == 1 and ent.doc[ent.start - 1].lower_ not in TIME_PREPOSITIONS):
        return False
    return ent.end < sent.end and ent.doc[ent.end].text == ","


def _is_speech_time(ent: Span, figure: Token, speech_verbs: frozenset[str]) -> bool:
    """The time of a statement about the figure: "the ministry said on Tuesday", "a poll released on
    Wednesday" when the figure is not inside that phrase."""
    verb = ent.root.head
    steps = 0
    # Only through prepositions and their nouns ("said at a briefing on Wednesday"): "down from 7.7%
    # in October, the bureau said" dates the 7.7%, not the statement.
    while verb.pos_ in ("ADP", "NOUN", "PROPN") and verb.head.i != verb.i and steps < 4:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech_verbs | SPEECH_TIME_VERBS:
        return False
    if _under(figure, ent.root):
        return False
    # "the ministry said on Tuesday that ... 550": the statement holds the figure; "$607 million
    # reported in the fourth quarter" is the figure's own date.
    return _under(figure, verb) or any(a.lower_ == "according" for a in verb.ancestors)


def _under(token: Token, ancestor: Token) -> bool:
    return token.i == ancestor.i or any(a.i == ancestor.i for a in token.ancestors)


def _belongs_elsewhere(ent: Span, figure: Token) -> bool:
    """A time inside a comparison or a relative clause that does not hold the figure."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in ("from", "between"):
        if any(t.lower_ in RANGE_WORDS for t in ent[1:]) or (
            ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in RANGE_WORDS
        ):
            return False  # "from October 12 to October 16" is a span, not a comparison base
        inside = before.i < figure.i < ent.start or before.i < figure.i <= before.right_edge.i
        if before.lower_ == "from" and not inside:
            return True  # "a 6 percent drop from last year's first quarter": the base of the comparison
    for scope in [ent.root, *ent.root.ancestors]:
        if scope.dep_ == "relcl" and scope.head.dep_ in ("nsubj", "nsubjpass"):
            # "The council, whose members have served since 2016, said ...": about the speaker
            owner = scope.head
            return not _under(figure, scope) and not _under(figure, owner)
        if _is_comparison(scope):
            return not _under(figure, scope)
    return False


def _dates_another_figure(ent: Span, figure: Token, phrase: NumberPhrase) -> bool:
    """ "after a 0.4% increase the month before": a time inside the noun phrase of another figure."""
    noun = ent.root.head
    if noun.pos_ != "NOUN" or _under(figure, noun):
        return False
    if noun.dep_ == "conj" and _under(figure, noun.head):
        return False  # "242 drones and 36 missiles that night": a list shares its time
    return any(
        t.like_num and not (phrase.start <= t.i < phrase.end) and t.i < ent.start for t in noun.subtree
    )


def _is_comparison(token: Token) -> bool:
    """ "from" after a change ("up from", "rose 0.1% from October"), "than", "compared with", "an
    increase on 2023"."""
    head = token.head
    lemma = head.lemma_.lower()
    word = token.lower_
    if word == "than":
        return True
    if word == "from":
        return lemma in CHANGE_HEADS or head.lower_ in CHANGE_HEADS or lemma in COMPARE_HEADS
    if word in ("with", "to"):
        return lemma in COMPARE_HEADS or head.lower_ in COMPARE_HEADS
    if word in ("on", "over"):
        return head.pos_ == "NOUN" and lemma in CHANGE_HEADS
    return False


def is_comparison_base(doc, phrase: NumberPhrase) -> bool:
    """ "down from 7.7% in October", "more than the 284,000 added in October": the figure is what
    another figure is compared with, so it does not set the time later figures continue."""
    token = core_head(doc, phrase)
    for scope in list(token.ancestors)[:4]:
        if _is_comparison(scope):
            return True
    return False


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
    return before == "for" and unit and not anchored  # "for 24 hours", but "forecast for last year"


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
