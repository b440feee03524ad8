"""Candidates for the decisions a trained chooser makes (`extractor.nlp.decider`): for each claim, the
sources and times it could take, each with the facts the parse and the lexicons tell about it.

Finding candidates is rule work (the parse, cue verbs, the lexicons); choosing between them is not. A
candidate is a plain dict, so it travels on `span._.claim["candidates"]` and into training rows:

    {"kind": "report", "value": {...the link the records read...}, "features": {"report:open": 1.0}}

Feature names carry the candidate's kind as a prefix ("report:", "none:"), so that a fact about the
claim ("the figure is an age") weighs differently for each kind of answer in a linear chooser.
"""

from __future__ import annotations

from typing import Any

Candidate = dict[str, Any]


def candidate(kind: str, value: dict | None, facts: dict[str, bool | float]) -> Candidate:
    """A candidate of `kind` whose features are its facts, prefixed by the kind, plus a bias."""
    features = {kind: 1.0}
    for name, fact in facts.items():
        if fact:
            features[f"{kind}:{name}"] = float(fact)
    return {"kind": kind, "value": value, "features": features}


def bins(name: str, value: int, edges: tuple[int, ...]) -> dict[str, bool]:
    """One-hot bins of a distance: `name<=edge` for the first edge it does not pass, else `name>last`."""
    for edge in edges:
        if value <= edge:
            return {f"{name}<={edge}": True}
    return {f"{name}>{edges[-1]}": True}
