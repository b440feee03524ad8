"""Source candidates of a figure: its own attribution, the speaker of the quote it stands in, each report
named before it (nearest first), and "the outlet itself".

News writing gives a figure its source in a few ways, and each becomes facts of a candidate rather than a
rule that decides: a figure's own cue ("according to", "said") usually wins; an unattributed figure
continues the report before it when it stays in the same paragraph and topic, and stops doing so when
the outlet turns to background (a population, a distance, an earlier event), to its own arithmetic, to
a company's booked results, or when somebody else speaks in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.nlp.attribution import Attribution
from extractor.nlp.choices import Candidate, bins, candidate
from extractor.nlp.choices.context import acts_for_itself, moves_to_another_place
from extractor.nlp.numbers import NumberPhrase

# How many earlier reports (distinct sources, nearest first) a figure may continue.
MAX_REPORTS = 4


@dataclass(frozen=True)
class Report:
    """A source named in the text, where it was named and what its sentence was about."""

    attribution: Attribution
    paragraph: int
    sentence: int
    topic: frozenset[str]


@dataclass(frozen=True)
class Setting:
    """Facts about the figure itself that bear on every candidate."""

    paragraph: int
    sentence: int
    topic: frozenset[str]
    counted: str | None
    is_age: bool
    arithmetic: bool
    books_results: bool
    other_speaker: bool
    background: bool
    in_quote: bool
    describes_speaker: bool
    mentions_document: bool = False  # "in the same poll", "within the survey's margin"
    percent: bool = False

    def facts(self) -> dict[str, bool]:
        return {
            "age": self.is_age,
            "arithmetic": self.arithmetic,
            "books": self.books_results,
            "other_speaker": self.other_speaker,
            "background": self.background,
            "in_quote": self.in_quote,
            "headline": self.paragraph == 0,
            "lede": self.paragraph == 1,
            "mentions_document": self.mentions_document,
            "percent": self.percent,
        }


def source_candidates(
    doc: Doc,
    phrase: NumberPhrase,
    setting: Setting,
    *,
    own: Attribution | None,
    quote_speaker: Attribution | None,
    reports: list[Report],
    open_report: Attribution | None,
    documents: list[Report] = (),
) -> list[Candidate]:
    """Every source the figure could take, each with its facts."""
    claim = setting.facts()
    found: list[Candidate] = [candidate("none", None, {**claim, "has_own": own is not None})]
    if own is not None:
        facts = {**_attribution_facts(own), "describes_speaker": setting.describes_speaker}
        found.append(candidate("own", own.as_dict(), {**facts, **claim}))
    if quote_speaker is not None:
        facts = {**_attribution_facts(quote_speaker), "has_own": own is not None}
        found.append(candidate("quote", quote_speaker.as_dict(), {**facts, **claim}))
    seen: set[str] = set()
    for report in reversed(reports):
        name = report.attribution.name_text.lower()
        if name in seen:
            continue
        seen.add(name)
        found.append(_report(doc, phrase, setting, report, len(seen) - 1, open_report, own, claim))
        if len(seen) >= MAX_REPORTS:
            break
    found.extend(_documents(setting, documents, own, claim))
    return found


def _documents(
    setting: Setting, documents: list[Report], own: Attribution | None, claim: dict[str, bool]
) -> list[Candidate]:
    """The last document named before the figure, and the first the opening named, if another."""
    if not documents:
        return []
    chosen = [documents[-1]]
    opening = next((d for d in documents if d.paragraph <= 1), None)
    if opening is not None and opening is not documents[-1]:
        chosen.append(opening)
    found = []
    for rank, document in enumerate(chosen):
        facts = {
            **claim,
            f"rank{rank}": True,
            "from_lede": document.paragraph <= 1,
            **bins("paragraphs", setting.paragraph - document.paragraph, (0, 1, 3)),
            "topic_any": bool(setting.topic & document.topic),
            "has_own": own is not None,
            f"noun={document.attribution.head_lower}": True,  # a poll's figures are the poll's
        }
        found.append(candidate("document", document.attribution.inherit().as_dict(), facts))
    return found


def _report(
    doc: Doc,
    phrase: NumberPhrase,
    setting: Setting,
    report: Report,
    rank: int,
    open_report: Attribution | None,
    own: Attribution | None,
    claim: dict[str, bool],
) -> Candidate:
    source = report.attribution
    shared = setting.topic & report.topic
    facts: dict[str, bool | float] = {
        **_attribution_facts(source),
        **claim,
        f"rank{rank}": True,
        "open": open_report is not None and source.token_index == open_report.token_index,
        "from_lede": report.paragraph <= 1,
        **bins("paragraphs", setting.paragraph - report.paragraph, (0, 1, 2)),
        **bins("sentences", setting.sentence - report.sentence, (1, 2, 4)),
        "topic": len(shared) / max(1, len(setting.topic)),
        "topic_any": bool(shared),
        "counted_named": bool(setting.counted) and setting.counted.split()[-1].lower() in report.topic,
        "has_own": own is not None,
        "acts_for_itself": acts_for_itself(doc, phrase, source),
        "other_place": moves_to_another_place(doc, phrase, source),
    }
    return candidate("report", source.inherit().as_dict(), facts)


def _attribution_facts(source: Attribution) -> dict[str, bool]:
    return {
        "person": source.person,
        "forecast": source.forecast,
        f"label={source.label}": True,
        f"pointer={source.pointer}": source.pointer is not None,
        "according": source.cue.lower().startswith("according"),
        f"cue={source.cue.lower().split()[0] if source.cue else ''}": True,
    }
