"""Finding number phrases in a parsed sentence.

A number phrase is the core (the digits or number words, ranges and vague plurals included) widened to
what belongs to it as written: a currency sign, qualifier words ("more than", "some"), a percent word or
a unit. Years, dates, times, ordinals and numbers inside names are left out (not_figures.py); the forms
of a number as one token are in number_forms.py.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.not_figures import counts_speakers, is_claim, is_table_row
from extractor.nlp.number_forms import (  # noqa: F401 (re-exported: the tagger and links import them here)
    _CURRENCY_MARKS,
    COUNT_NOUNS,
    DIGIT_RANGE,
    DIGITS,
    DIMENSION_WORDS,
    FRACTION_PARTS,
    FRACTION_WORDS,
    GLUED_CASED,
    LENGTH_ALIASES,
    MONTHS,
    MORE_THAN_VERBS,
    MOVE_WORDS,
    SPACED_SCALES,
    VAGUE_BEFORE_SCALE,
    VAGUE_PLURALS,
    NumberPhrase,
    core_head,
    core_token_head,
    is_number_token,
)
from extractor.normalize.qualifiers import qualifier_phrase


def find_number_phrases(sent: Span, lexicon: Lexicon) -> list[NumberPhrase]:
    """The claim-worthy number phrases of one sentence, in order."""
    doc = sent.doc
    phrases: list[NumberPhrase] = []
    if is_table_row(sent):
        return phrases
    i = sent.start
    while i < sent.end:
        fraction = _fraction_of_a_unit(doc, i, sent, lexicon) or _share_of_a_whole(doc, i, sent)
        if fraction is not None:
            phrases.append(fraction)
            i = fraction.end
            continue
        if not is_number_token(doc[i]):
            i += 1
            continue
        core_end = _extend_core(doc, i, sent.end)
        phrase = _widen(doc, i, core_end, sent, lexicon)
        if phrase is not None and is_claim(doc, phrase) and not counts_speakers(doc, phrase, lexicon):
            phrases.append(phrase)
        i = core_end
    return phrases


def _fraction_of_a_unit(doc, start: int, sent: Span, lexicon: Lexicon) -> NumberPhrase | None:
    """ "half a percentage point", "a quarter of a percentage point": a fraction of one unit, which has
    no digit and no number word of its own."""
    if doc[start].lower_ not in FRACTION_WORDS:
        return None
    at = start + 1
    if at < sent.end and doc[at].lower_ == "of":
        at += 1
    if at >= sent.end or doc[at].lower_ not in ("a", "an"):
        return None
    core_end = at + 1
    if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
        start -= 1  # "a quarter of a percentage point"
    for unit in (*lexicon.percent_words, *lexicon.unit_words):
        words = doc[core_end : core_end + len(unit)]
        if len(words) == len(unit) and tuple(t.lower_ for t in words) == unit:
            begin = _qualifier_start(doc, start, sent)
            return NumberPhrase(begin, core_end + len(unit), start, core_end, None, False)
    return None


def _share_of_a_whole(doc, start: int, sent: Span) -> NumberPhrase | None:
    """ "a third of voters", "a quarter of the world": a fraction word after "a", "one" or "nearly a",
    before "of", is a share (the normalize stage writes it as a percent). The model tags "third" as an
    ordinal, so the number scan alone never sees it."""
    word = doc[start].lower_
    if word not in FRACTION_PARTS or start == sent.start or start + 1 >= sent.end:
        return None
    if doc[start - 1].lower_ not in ("a", "one") or doc[start + 1].lower_ != "of":
        return None
    begin = _qualifier_start(doc, start - 1, sent)
    return NumberPhrase(begin, start + 1, start - 1, start + 1, None, False)


def _extend_core(doc, start: int, limit: int) -> int:
    """End (exclusive) of the number core that starts at `start`."""
    end = start + 1
    while end < limit:
        token = doc[end]
        previous = doc[end - 1]
        if is_number_token(token):
            # "1.2 million", "two dozen", "twenty five", "$US40 billion"; but "5 6" are two numbers.
            joins = previous.like_num or previous.lower_ in COUNT_NOUNS or bool(DIGITS.match(previous.text))
            # "120–150 thousand": a digit range before a scale word
            joins = joins or (bool(DIGIT_RANGE.match(previous.text)) and token.lower_ in COUNT_NOUNS)
            # "two 500-bed hospitals", "one 60,000-seat stadium": a number word before digits counts them
            words_then_digits = (
                previous.is_alpha and previous.lower_ not in COUNT_NOUNS and token.text[:1].isdigit()
            )
            if (
                joins
                and not words_then_digits
                and not (DIGITS.match(token.text) and DIGITS.match(previous.text))
            ):
                end += 1
                continue
            break
        following = doc[end + 1] if end + 1 < limit else None
        if token.text == "-" and following is not None and not token.whitespace_ and not previous.whitespace_:
            if following.lower_ in FRACTION_PARTS and previous.is_alpha:
                end += 2  # "two-thirds", "one-fifth"
                continue
            if "/" in following.text and previous.text.isdigit():
                end += 2  # "1-1/2": one and a half
                continue
            if following.lower_ in COUNT_NOUNS and previous.like_num:
                end += 2  # "a 2.4-million-square-foot warehouse": the scale hyphened to the digits
                continue
            if following.lower_ == "fold" and previous.like_num:
                end += 2  # "a 15-fold jump"
                continue
            hyphened = [t.lower_ for t in doc[end : min(limit, end + 6)]]
            if (
                hyphened[:5] == ["-", "and", "-", "a", "-"]
                and len(hyphened) == 6
                and hyphened[5] in FRACTION_WORDS
            ):
                end += 6  # "four-and-a-half"
                continue
            if hyphened[:3] == ["-", "to", "-"] and end + 3 < limit and is_number_token(doc[end + 3]):
                end += 4  # "two-to-five days"
                continue
        if _is_share_joiner(doc, end, limit):
            end += 3 if token.lower_ == "out" else 2  # "one out of three", "four in five"
            continue
        if (
            token.lower_ in ("-", "–", "—", "to", "and", "of", "through", "thru")
            and end + 1 < limit
            and is_number_token(doc[end + 1])
        ):
            if token.lower_ in ("through", "thru") and not _preceded_by(doc, start, "from"):
                break  # "from 9 through 60" is a range; "page 9 through" alone is not read
            if token.text == "of" and previous.lower_ not in VAGUE_PLURALS:
                break
            if token.text == "and" and not _between(doc, start):
                break
            if token.text == "to" and (_two_figures(doc, start) or _descending(doc, end - 1, end + 1)):
                break  # "rose from 4% to 7.1%", "down by 30 to 126": two figures, not a range
            end += 2
            continue
        if (
            token.lower_ in ("to", "and", "-", "–")
            and end + 2 < limit
            and doc[end + 1].is_currency
            and is_number_token(doc[end + 2])
            and (token.lower_ != "and" or _between(doc, start))
            and not (token.lower_ == "to" and _two_figures(doc, start, own_units=True, joiner=end))
            and not (token.lower_ == "to" and _descending(doc, end - 1, end + 2))
        ):
            end += 3  # "$13 million to $14 million": the second end carries its own currency sign
            continue
        if (
            token.text == "%"
            and end + 2 < limit
            and doc[end + 1].lower_ in ("and", "to", "-", "–")
            and is_number_token(doc[end + 2])
            and (doc[end + 1].lower_ != "and" or _between(doc, start))
            and not (doc[end + 1].lower_ == "to" and _two_figures(doc, start, own_units=True, joiner=end + 1))
            and not (doc[end + 1].lower_ == "to" and _descending(doc, end - 1, end + 2))
        ):
            end += 3  # "between 4.25% and 4.5%": the first end carries its own percent sign
            continue
        words = _percent_words(doc, end, limit)
        if (
            words
            and end + words + 1 < limit
            and doc[end + words].lower_ in ("and", "to", "-", "–")
            and is_number_token(doc[end + words + 1])
            and _percent_words(doc, end + words + 2, limit)
            and (doc[end + words].lower_ != "and" or _between(doc, start))
            and not (doc[end + words].lower_ == "to" and _two_figures(doc, start, own_units=True, joiner=end))
            and not (doc[end + words].lower_ == "to" and _descending(doc, end - 1, end + words + 1))
        ):
            end += words + 2  # "from 2 per cent to 2.5 per cent": both ends carry the percent words
            continue
        if token.lower_ in SPACED_SCALES and previous.text[-1:].isdigit():
            end += 1  # "$40 mil", "3.4 bn"
            continue
        if token.lower_ in ("m", "m.", "bn", "mn", "k", "tn", "b") and not previous.whitespace_:
            if token.lower_.startswith("m") and reads_metres(doc, start, end + 1):
                break  # "12m (39ft)": a length, the "m" is its unit
            end += 1
            continue
        break
    return end


def _descending(doc, first: int, second: int) -> bool:
    """ "led 61% to 35%", "won 57 to 22": a range is written low to high, so "X to Y" with Y below X
    is two figures (a tally, a score). Digits only, and not before a scale ("2 million to 500,000")."""
    a, b = doc[first].text.replace(",", ""), doc[second].text.replace(",", "")
    after = doc[second + 1].lower_ if second + 1 < len(doc) else ""
    if not (re.fullmatch(r"\d+(?:\.\d+)?", a) and re.fullmatch(r"\d+(?:\.\d+)?", b)) or after in COUNT_NOUNS:
        return False
    return float(b) < float(a)


def _percent_words(doc, at: int, limit: int) -> int:
    """How many tokens from `at` spell "percent" ("percent", "pct", "per cent"); 0 if none."""
    if at < limit and doc[at].lower_ in ("percent", "pct"):
        return 1
    return 2 if at + 1 < limit and doc[at].lower_ == "per" and doc[at + 1].lower_ == "cent" else 0


def _preceded_by(doc, start: int, word: str) -> bool:
    window = doc[max(0, start - 3) : start]
    return any(t.lower_ == word for t in window)


def _between(doc, start: int) -> bool:
    """ "between 5 and 6", "between the ages of eight and 15": the "and" joins a range."""
    if _preceded_by(doc, start, "between"):
        return True
    return [t.lower_ for t in doc[max(0, start - 4) : start]] == ["between", "the", "ages", "of"]


def _two_figures(doc, start: int, *, own_units: bool = False, joiner: int = 0) -> bool:
    """ "X to Y" is two figures when a move runs from one to the other: "rose from 4% to 7.1%", "down by
    30 to 126", "increased by $12.5 billion to $310.4 billion". Without a move verb "from 150 to 180"
    and "ranging from $300 to $2 million" are one range. When the first end carries its own unit
    (`own_units`: "$12.30 to $1,980", "2.5% to 4,120.5") the move verb alone says it: "gold rose
    $12.30 to $1,980", "the index fell 2.5% to 4,120.5" are a change and the level it reached."""
    if _preceded_by(doc, start, "by"):
        return True
    if not _preceded_by(doc, start, "from"):
        return own_units and _moved_directly(doc, start, joiner)
    verb = doc[start].head
    for _ in range(4):
        if verb.lemma_.lower() in MOVE_WORDS:
            return True
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return False


def _moved_directly(doc, start: int, joiner: int) -> bool:
    """The figure at `start` is what a move verb moved by ("rose $12.30", "fell 2.5%"), not a figure
    further down the clause ("lost food worth $13 million"), and the parser did not read both ends,
    joined at `joiner`, as one quantity ("$13 million to $14 million" headed by its second end)."""
    token = doc[start]
    for _ in range(3):
        if token.i > joiner:
            return False
        if not (token.like_num or token.is_currency or token.text == "%" or token.lower_ in COUNT_NOUNS):
            break
        if token.head.i == token.i:
            return False
        token = token.head
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in MOVE_WORDS


def _is_share_joiner(doc, at: int, limit: int) -> bool:
    """ "one out of three", "four in five": a share, when both numbers are small or spelled out (digit
    counts such as "104 out of 120 missiles" are two figures)."""
    token = doc[at]
    words = 3 if token.lower_ == "out" else 2 if token.lower_ == "in" else 0
    if not words or at + words - 1 >= limit or (words == 3 and doc[at + 1].lower_ != "of"):
        return False
    first, second = doc[at - 1], doc[at + words - 1]
    return (
        first.like_num
        and second.like_num
        and _small(first)
        and _small(second)
        and not (at + words < limit and doc[at + words].lower_ in COUNT_NOUNS)
    )


def _small(token: Token) -> bool:
    return token.is_alpha or (token.text.isdigit() and int(token.text) <= 10)


def reads_metres(doc, core_start: int, m_end: int) -> bool:
    """A glued "m" ("12m") is a million in money and counts ("$12m", "12m people") and a metre when the
    words after it measure ("12m (39ft)", "12m tall", "a 12m-long hull")."""
    if any(t.text in _CURRENCY_MARKS or t.text[0] in "$£€¥" for t in doc[max(0, core_start - 1) : m_end]):
        return False
    at = m_end
    if at < len(doc) and doc[at].text == "-":
        at += 1
    if at >= len(doc):
        return False
    following = doc[at]
    if following.lower_ in DIMENSION_WORDS:
        return True
    if following.text == "(" and at + 1 < len(doc):
        inside = doc[at + 1 : min(len(doc), at + 4)]
        # "(39ft)", "(39 ft)", "(39ft)-long" (one token to the tokenizer): the letters after the digits
        return any(re.match(r"[\d.,]*([^\W\d_]*)", t.lower_)[1] in LENGTH_ALIASES for t in inside)
    return False


def _widen(doc, core_start: int, core_end: int, sent: Span, lexicon: Lexicon) -> NumberPhrase | None:
    start, end = core_start, core_end
    # "a half-dozen": half of a dozen, one word
    if start - 2 >= sent.start and doc[start].lower_ == "dozen" and doc[start - 1].text == "-":
        if doc[start - 2].lower_ == "half":
            start -= 2
            if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
                start -= 1
    # "several thousand", "a few hundred": a vague quantity, not one thousand
    if doc[start].lower_ in COUNT_NOUNS:
        for words in VAGUE_BEFORE_SCALE:
            begin = start - len(words)
            if begin >= sent.start and tuple(t.lower_ for t in doc[begin:start]) == words:
                start = begin
                break
    # "a dozen", "a hundred", "half a million"
    if start > sent.start and doc[start].lower_ in COUNT_NOUNS and doc[start - 1].lower_ in ("a", "an"):
        start -= 1
        # "half a million", "a quarter of a million"
        if start > sent.start and doc[start - 1].lower_ == "of":
            start -= 1
        if start > sent.start and doc[start - 1].lower_ in FRACTION_WORDS:
            start -= 1
            if start > sent.start and doc[start - 1].lower_ in ("a", "an"):
                start -= 1
        elif doc[start].lower_ == "of":
            start += 1
    if start > sent.start and doc[start - 1].text in lexicon.currency_symbols:
        start -= 1
    plus_or = [t.lower_ for t in doc[max(sent.start, start - 3) : start - 1]] == ["plus", "or"]
    if start > sent.start and doc[start - 1].lower_ in ("minus", "negative") and not plus_or:
        start -= 1  # "minus 387 degrees", "negative 0.3 percent" ("plus or minus 3" is a margin)
    if any(t.lower_ == "and" for t in doc[core_start:core_end]):
        if start > sent.start and doc[start - 1].lower_ == "between":
            start -= 1
        elif start - 4 >= sent.start and _between(doc, start) and doc[start - 4].lower_ == "between":
            start -= 4  # "between the ages of eight and 15"
    start = _qualifier_start(doc, start, sent)
    end = _unit_end(doc, end, sent, lexicon)
    is_age = _is_age(doc, core_end, sent) or _after_aged(doc, core_start, sent)
    if is_age and doc[core_end].text == "-":
        end = min(sent.end, core_end + 4)
    elif is_age and doc[core_end].lower_ == "years":
        end = min(sent.end, core_end + 2)
    return NumberPhrase(start, end, core_start, core_end, _verb_qualifier(doc, core_start, core_end), is_age)


def _qualifier_start(doc, start: int, sent: Span) -> int:
    """Move the start left over qualifier words ("more than", "just under", "an estimated"), also
    across an article ("roughly a 6 percent drop")."""
    if start - 1 > sent.start and doc[start - 1].lower_ in ("a", "an"):
        widened = _qualifier_start(doc, start - 1, sent)
        if widened < start - 1:
            return widened
    for width in (3, 2, 1):
        begin = start - width
        if begin < sent.start:
            continue
        words = doc[begin:start]
        if any(t.lemma_.lower() in MORE_THAN_VERBS or t.pos_ == "VERB" for t in words):
            continue  # "topped 1,000": the verb is a qualifier, not part of the number phrase
        if qualifier_phrase(" ".join(t.lower_ for t in words)):
            return begin
    return start


def _unit_end(doc, end: int, sent: Span, lexicon: Lexicon) -> int:
    position = end + 1 if end < sent.end and doc[end].text == "-" else end  # "480-kilometer"
    if (
        "/" in doc[end - 1].text
        and position + 2 < sent.end
        and doc[position].lower_ == "of"
        and doc[position + 1].lower_ in ("a", "an")
    ):
        position += 2  # "1/8 of an inch": a fraction of one unit
    if (
        position < sent.end
        and not doc[position - 1].whitespace_
        and (doc[position].lower_ in lexicon.glued_units or doc[position].text in GLUED_CASED)
        and doc[position - 1].like_num
    ):
        return position + 1  # "39ft", "-5 C" split by the tokenizer: a unit written against the digits
    # The words after the number, lower-cased once, compared only with the unit phrases that begin with
    # the first of them (a scan of every phrase per number was a hot spot); percent words first, then
    # units, then currency words, each longest first.
    index = lexicon.unit_phrases_by_first_word
    window = doc[position : min(sent.end, position + 6)]
    # A sentence's full stop may stick to the unit ("310 km/h."): compare without it.
    following = tuple(t.lower_.rstrip(".") if len(t) > 1 else t.lower_ for t in window)
    for words in index.get(following[0], ()) if following else ():
        if following[: len(words)] == words:
            return position + len(words)
    if position > end and following:  # "a 2.4-million-square-foot site": a unit's words hyphened
        hyphened = _hyphened_words(doc, position, sent.end, 12)
        for words in index.get(following[0], ()):
            if len(words) > 1 and tuple(w for w, _ in hyphened[: len(words)]) == words:
                return hyphened[len(words) - 1][1] + 1
    if end + 1 < sent.end and doc[end].lower_ == "or" and doc[end + 1].lower_ in ("so", "more"):
        return end + 2
    return end


def _hyphened_words(doc, start: int, limit: int, reach: int) -> list[tuple[str, int]]:
    """The words from `start` joined by glued hyphens ("square-foot"), each with its token index."""
    words: list[tuple[str, int]] = []
    at = start
    while at < min(limit, start + reach):
        token = doc[at]
        if token.text == "-" and words and not token.whitespace_ and not doc[at - 1].whitespace_:
            at += 1
            continue
        if words and doc[at - 1].text != "-":
            break
        words.append((token.lower_, at))
        at += 1
    return words


def _after_aged(doc, core_start: int, sent: Span) -> bool:
    """ "aged 9", "aged from 9 through 60", "aged between 18 and 25": ages, in years."""
    before = [t.lower_ for t in doc[max(sent.start, core_start - 2) : core_start]]
    return before[-1:] == ["aged"] or before in (["aged", "from"], ["aged", "between"])


def _is_age(doc, core_end: int, sent: Span) -> bool:
    words = [t.lower_ for t in doc[core_end : min(sent.end, core_end + 4)]]
    return (
        words[:4] in (["-", "year", "-", "old"], ["-", "year", "-", "olds"])
        or words[:2] == ["years", "old"]
        or words[:3] == ["-", "years", "-"]
    )


def _verb_qualifier(doc, core_start: int, core_end: int) -> str | None:
    head = core_token_head(doc, core_start, core_end)
    verb = head.head
    if head.dep_ in ("dobj", "attr", "npadvmod") and verb.lemma_.lower() in MORE_THAN_VERBS:
        return verb.text
    before = doc[core_start - 1] if core_start > 0 else None
    if before is not None and before.lemma_.lower() in MORE_THAN_VERBS | {"tops", "topped"}:
        return before.text  # headlines: "Losses top 100,000" (often parsed as a noun)
    return None
