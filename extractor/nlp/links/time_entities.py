"""A sentence's time expressions: its DATE and TIME entities, a day joined with its part of the day, a
range's end the model left out, and the "that day"-like phrases it seldom tags. Found once per
sentence: the tagger and the candidates of every figure of the sentence ask again."""

from __future__ import annotations

import calendar
import json

from spacy.tokens import Span

from extractor.nlp.lexicon import DATA
from extractor.nlp.links.common import sentence_entities

_TIME_WORDS = json.loads((DATA / "time_words.json").read_text(encoding="utf-8"))
RANGE_WORDS = frozenset(_TIME_WORDS["range_words"])
ANAPHORA_NOUNS = frozenset(_TIME_WORDS["anaphora_nouns"])
MONTHS = frozenset(name.lower() for name in calendar.month_name[1:])
TIME_ENTITIES_KEY = "extractor.time_entities"


def time_entities(sent: Span) -> list[Span]:
    """DATE and TIME entities, a day and its part of day joined ("Saturday" + "evening")."""
    found = sent.doc.user_data.setdefault(TIME_ENTITIES_KEY, {})
    key = (sent.start, sent.end)
    if key not in found:
        found[key] = _find_time_entities(sent)
    return found[key]


def _find_time_entities(sent: Span) -> list[Span]:
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
    if ent.end + 1 >= sent.end:
        return ent
    before = doc[ent.start - 1].lower_ if ent.start > sent.start else ""
    between = "between" in (ent[0].lower_, before)
    if doc[ent.end].lower_ == "and" and between:
        if doc[ent.end + 1].ent_type_ == "DATE":  # "between October 2021 and March 2022"
            end = ent.end + 1
            while end < sent.end and doc[end].ent_type_ == "DATE":
                end += 1
            return doc[ent.start : end]
    if doc[ent.end].lower_ not in RANGE_WORDS:
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
