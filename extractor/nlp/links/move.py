"""Whether a figure is a level or a change, and which way the change goes.

News writes a move two ways: the change ("rose by 30", "up 30", "a 30 percent rise", "+0.2%") and the
level it reached or left ("rose to 126", "from 4%"). Tools that compare figures must not compare a change
with a level. The words are in `data/moves.json`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

DATA = Path(__file__).resolve().parents[1] / "data"


@cache
def _moves() -> dict:
    return json.loads((DATA / "moves.json").read_text("utf-8"))


def _direction_of_word(token: Token, *, nouns: bool = False) -> str | None:
    moves = _moves()
    lemma = token.lemma_.lower()
    for particle in token.children:  # "edged up", "ticked down"
        if particle.dep_ == "prt" and particle.lower_ in ("up", "down"):
            return particle.lower_
    if nouns:
        if lemma in moves["change_nouns_up"]:
            return "up"
        if lemma in moves["change_nouns_down"]:
            return "down"
        return None
    if lemma in moves["up"]:
        return "up"
    if lemma in moves["down"]:
        return "down"
    return None


def figure_move(span: Span) -> tuple[str | None, str | None]:
    """(kind, direction) of the number phrase `span`: kind is "change", "level" or None when the words
    frame no move; direction is "up", "down" or None."""
    doc = span.doc
    first = span[0].text
    if first.startswith("+"):
        return "change", "up"  # "+0.2%": a signed change
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    duration = after is not None and after.lemma_.lower() in TIME_UNITS and span[-1].like_num
    if duration or _counts_things(span):
        # "rebounding from two quarters", "lost dozens of vehicles": no move of a level ("down 9.2% year
        # over year" has its unit: a move)
        return None, None
    adverbs = _moves()["change_adverbs_after"]
    if before is not None and before.lower_ in ("up", "down") and not _is_particle(before):
        return "change", before.lower_  # "shares were up 5%", "down 30"
    if after is not None and after.lower_ in adverbs and after.lower_ not in ("up", "down", "more"):
        return "change", adverbs[after.lower_]  # "5% higher", "30 fewer"
    if before is not None and before.lower_ in ("by", "to", "from", "at"):
        # "increased by $12.5 billion to $310.4 billion": the parser often folds "X to Y" into one
        # quantity, so the preposition before the figure and the move word before it decide ("ended
        # down 1% at 3,210": the level the move reached).
        direction = _move_before(span)
        if direction is not None:
            return ("change" if before.lower_ == "by" else "level"), direction
    head = _head(span)
    governor = head.head
    if governor.i == head.i:
        return None, None
    # "a 6 percent drop", "an increase of 5%", "a rise of 30"
    if head.dep_ in ("nummod", "amod", "compound", "npadvmod") and _direction_of_word(governor, nouns=True):
        return "change", _direction_of_word(governor, nouns=True)
    if head.dep_ == "pobj" and governor.lower_ == "of":
        noun = governor.head
        if _direction_of_word(noun, nouns=True):
            return "change", _direction_of_word(noun, nouns=True)
    if head.dep_ == "pobj":
        verb = governor.head
        direction = _direction_of_word(verb)
        if direction is None and verb.lower_ in ("up", "down"):
            direction = verb.lower_
        if direction is None:
            return None, None
        if governor.lower_ == "by":
            return "change", direction  # "rose by 30"
        if governor.lower_ in ("to", "from", "at"):
            return "level", direction  # "rose to 126", "fell from 4%"
        return None, None
    moving = governor.pos_ in ("VERB", "AUX", "ADV", "ADJ")
    if head.dep_ in ("dobj", "npadvmod", "advmod", "attr") and moving and _direction_of_word(governor):
        return "change", _direction_of_word(governor)  # "rose 5%", "lost 30 points"
    counts_a_noun = head.dep_ == "nummod" and not span.start <= governor.i < span.end
    if before is not None and before.pos_ == "VERB" and _direction_of_word(before) and not counts_a_noun:
        # "rose 2.3 metres overnight", however it parses; "lost 900 soldiers" is a count, not a fall
        return "change", _direction_of_word(before)
    return None, None


TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade"})


def _is_particle(word: Token) -> bool:
    """ "shot down 12 drones": "down" belongs to the verb before it, not to the figure."""
    return word.dep_ == "prt" or (word.head.pos_ == "VERB" and word.head.i == word.i - 1)


def _counts_things(span: Span) -> bool:
    """A count of things ("dozens of vehicles", "1,404 of them", "12 of 16 drones") is how many, not
    how far a level moved."""
    head = _head(span)
    return any(child.dep_ == "prep" and child.lower_ == "of" for child in head.children)


def _move_before(span: Span, reach: int = 10) -> str | None:
    """The direction of the nearest move verb before the figure in its sentence ("rose", "cut")."""
    doc, sent_start = span.doc, span.sent.start
    for i in range(span.start - 1, max(sent_start, span.start - reach) - 1, -1):
        token = doc[i]
        if token.text in (";", ":") or (token.text == "," and token.pos_ != "NUM") or token.dep_ == "cc":
            break  # "the DAX rose 2% but the index decreased by 1": another clause, another move
        # a move word tagged as a noun counts too: headline grammar, "index decrease by 1"
        if token.pos_ in ("VERB", "AUX", "ADV", "ADP", "ADJ", "NOUN") or token.lower_ in ("up", "down"):
            direction = _direction_of_word(token)
            if direction is None and token.lower_ in ("up", "down"):
                direction = token.lower_
            if direction is not None:
                return direction
    return None


def _head(span: Span) -> Token:
    for token in span:
        if not span.start <= token.head.i < span.end or token.head.i == token.i:
            return token
    return span[-1]
