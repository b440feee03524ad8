"""What a number phrase is linked to inside its sentence, one module per question:

- `counted`: what the figure counts and the words that decide its category;
- `party`: the phrases that may name whose count it is;
- `time`: its time expression and its rate;
- `common`: what they share (the entities of the sentence being linked).

The names below are those the claim tagger and the tests import."""

from extractor.nlp.links.common import remember_entities, sentence_entities
from extractor.nlp.links.counted import category_words, counted_tokens, level_subject
from extractor.nlp.links.party import (
    clause_governor,
    party_phrases,
    phrase_text,
    place_phrases,
    where_phrases,
)
from extractor.nlp.links.time import (
    is_comparison_base,
    is_reporting_period,
    named_day,
    named_period,
    rate_words,
    reference_time,
    sentence_time,
    time_phrases,
    time_text,
)

__all__ = [
    "category_words",
    "clause_governor",
    "counted_tokens",
    "is_comparison_base",
    "level_subject",
    "is_reporting_period",
    "named_day",
    "named_period",
    "reference_time",
    "party_phrases",
    "phrase_text",
    "place_phrases",
    "rate_words",
    "remember_entities",
    "sentence_entities",
    "sentence_time",
    "time_phrases",
    "time_text",
    "where_phrases",
]
