"""The base model's attribute ruler and lemmatizer, with the same output for less work.

spaCy's `AttributeRuler` runs a `Matcher` of all its rules (179 in en_core_web_sm, nearly all one
token long) over every token: a seventh of the project's time. The rules test only a token's tag,
word, dependency label and whether it is space, so which rules a token starts is worked out once per
such kind of token, read from the doc's arrays; the matches are applied in rule order, as spaCy does,
so later rules still win.

spaCy's rule `Lemmatizer` caches its answers but pays for building the cache key from Python token
objects; here the key is read from the doc's arrays, and only words not seen before are lemmatized.

`Extractor` gives the model's components these classes (`use_indexed_components`); the rules, the
tables and their serialization stay the model's (a saved pipeline loads back with spaCy's own classes,
which annotate the same). tests/test_speed_rewrites.py compares both on every fixture token.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc, Token

Check = Callable[[Token], bool]
# The token attributes the model's rules test, as Token properties.
ATTRIBUTES = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


class IndexedAttributeRuler(AttributeRuler):
    """An `AttributeRuler` that works out once per kind of token which rules it starts."""

    _index: _RuleIndex | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self._index is None or self._index.size != len(self.attrs):
            self._index = _RuleIndex(self)
        matches = sorted(self._index.matches(doc))
        for rule, position in matches:
            set_token_attrs(doc[position], self.attrs[rule])
        return doc


class _RuleIndex:
    """The rules whose first token a token matches, worked out once per kind of token: the rules test
    only the tag, the word, the dependency label and whether it is space, read from the doc's arrays."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.size = len(ruler.attrs)
        self.rules = [
            (rule, entry.get("index", 0), [_token_check(spec) for spec in pattern])
            for rule, entry in enumerate(ruler.patterns)
            for pattern in entry["patterns"]
        ]
        self.by_kind: dict[tuple[int, ...], list] = {}
        # Most rules start with a token of one word or of a few tags: a new kind of token is checked
        # only against the rules that its word or its tag can start (and those that name neither), in
        # rule order, instead of against all of them.
        self.by_word: dict[str, list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.open: list[int] = []
        first_tokens = (pattern[0] for entry in ruler.patterns for pattern in entry["patterns"])
        for position, first in enumerate(first_tokens):
            words, tags = _members(first.get("LOWER")), _members(first.get("TAG"))
            if words is not None:
                for word in words:
                    self.by_word.setdefault(word, []).append(position)
            elif tags is not None:
                for tag in tags:
                    self.by_tag.setdefault(tag, []).append(position)
            else:
                self.open.append(position)

    def _starting(self, token: Token) -> list:
        positions = sorted(
            self.by_word.get(token.lower_, []) + self.by_tag.get(token.tag_, []) + self.open
        )
        return [
            (rule, index, checks[1:])
            for rule, index, checks in map(self.rules.__getitem__, positions)
            if checks[0](token)
        ]

    def matches(self, doc: Doc) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        length = len(doc)
        for i, kind in enumerate(map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist())):
            candidates = self.by_kind.get(kind)
            if candidates is None:
                candidates = self.by_kind[kind] = self._starting(doc[i])
            for rule, index, rest in candidates:
                end = i + 1 + len(rest)
                if end <= length and all(check(doc[i + 1 + k]) for k, check in enumerate(rest)):
                    found.add((rule, (end if index < 0 else i) + index))
        return found


def _members(value) -> frozenset[str] | None:
    """The values a token's attribute must take for the test `value` to pass; None when any may."""
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def _token_check(spec: dict) -> Check:
    tests = [_attribute_test(ATTRIBUTES[name], value) for name, value in spec.items()]
    return lambda token: all(test(token) for test in tests)


def _attribute_test(attribute: str, value) -> Check:
    if not isinstance(value, dict):
        return lambda token: getattr(token, attribute) == value
    ((operator, operand),) = value.items()
    if operator == "IN":
        members = frozenset(operand)
        return lambda token: getattr(token, attribute) in members
    if operator == "NOT_IN":
        members = frozenset(operand)
        return lambda token: getattr(token, attribute) not in members
    if operator == "REGEX":
        pattern = re.compile(operand)
        return lambda token: pattern.search(getattr(token, attribute)) is not None
    raise ValueError(f"attribute rule operator {operator!r} is not supported")


class CachedLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, its answers kept by (word, tag, morphology) read from the doc's arrays
    (its own cache skips proper nouns and base forms, and its key is built from Python token objects)."""

    _lemmas: dict | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if self._lemmas is None:
            self._lemmas = {}
        known = self._lemmas
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = keys[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma != 0 and not self.overwrite:
                continue
            answer = known.get((orth, pos, morph))
            if answer is None:
                # rule_lemmatize answers from the word, its tag and its morphology alone.
                answer = known[orth, pos, morph] = strings.add(self.rule_lemmatize(doc[i])[0])
            lemmas[i] = answer
        doc.from_array([LEMMA], lemmas)
        return doc


def use_indexed_components(nlp: Language) -> None:
    """Give the model's attribute ruler and lemmatizer the indexed classes (same rules, same tables)."""
    if "lemmatizer" in nlp.pipe_names and type(nlp.get_pipe("lemmatizer")) is EnglishLemmatizer:
        nlp.get_pipe("lemmatizer").__class__ = CachedLemmatizer
    if "attribute_ruler" in nlp.pipe_names and type(nlp.get_pipe("attribute_ruler")) is AttributeRuler:
        ruler = nlp.get_pipe("attribute_ruler")
        try:
            _RuleIndex(ruler)
        except (KeyError, ValueError):
            return  # a model whose rules test other attributes keeps spaCy's Matcher
        ruler.__class__ = IndexedAttributeRuler
