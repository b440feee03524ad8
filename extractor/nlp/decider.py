"""The `claim_decider` spaCy component: trained choosers pick each claim's source and time among the
candidates the claim tagger found (`extractor.nlp.choices`).

A chooser is a linear model over the candidates' features: each candidate gets the score `w · x + b`
and the highest wins (ties go to the earlier candidate). The weights were fitted on annotated news
(`extractor train`, `extractor.learn`) and are applied here with numpy alone; they are a small JSON
file (`data/decisions.json`), written and read by the component's `to_disk`/`from_disk`, so a pipeline
saved with `nlp.to_disk` carries its decisions. A field without a chooser keeps the tagger's own pick.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

SHIPPED = Path(__file__).parent / "data" / "decisions.json"
FILE_NAME = "decisions.json"
FORMAT = "extractor.decisions/1"
FIELDS = ("source", "time")


@dataclass(frozen=True)
class Chooser:
    """One field's linear chooser: feature names, their weights, and a bias."""

    features: tuple[str, ...]
    weights: numpy.ndarray
    bias: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {name: k for k, name in enumerate(self.features)})

    def matrix(self, candidates: list[dict[str, Any]]) -> numpy.ndarray:
        """The candidates' feature vectors, one row each; features the chooser never saw are ignored."""
        rows = numpy.zeros((len(candidates), len(self.features)))
        index = self._index  # type: ignore[attr-defined]
        for row, found in enumerate(candidates):
            for name, value in found["features"].items():
                column = index.get(name)
                if column is not None:
                    rows[row, column] = value
        return rows

    def scores(self, candidates: list[dict[str, Any]]) -> numpy.ndarray:
        return self.matrix(candidates) @ self.weights + self.bias

    def choose(self, candidates: list[dict[str, Any]]) -> int:
        return int(numpy.argmax(self.scores(candidates)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "bias": round(float(self.bias), 6),
            "weights": {f: round(float(w), 6) for f, w in zip(self.features, self.weights, strict=True) if w},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chooser:
        names = tuple(sorted(data["weights"]))
        weights = numpy.array([data["weights"][n] for n in names], dtype=float)
        return cls(names, weights, float(data.get("bias", 0.0)))


@dataclass(frozen=True)
class Decisions:
    """The choosers of every decided field, with what they were trained on."""

    choosers: dict[str, Chooser]
    trained_on: dict[str, Any]

    def decide(self, links: dict[str, Any]) -> None:
        """Set each decided field of one claim's links to its chooser's pick among the candidates."""
        candidates = links.get("candidates") or {}
        for name, chooser in self.choosers.items():
            options = candidates.get(name)
            if options:
                links[name] = options[chooser.choose(options)]["value"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "trained_on": self.trained_on,
            "choosers": {name: self.choosers[name].to_dict() for name in sorted(self.choosers)},
        }

    def save(self, path: str | Path) -> None:
        text = json.dumps(self.to_dict(), indent=1, sort_keys=True, ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decisions:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a decisions file of format {FORMAT} (found {data.get('format')!r})")
        choosers = {name: Chooser.from_dict(c) for name, c in data["choosers"].items()}
        return cls(choosers, data.get("trained_on", {}))

    @classmethod
    def load(cls, path: str | Path) -> Decisions:
        """A decisions file, or the `decisions.json` of a directory (what `extractor train -o` writes)."""
        path = Path(path)
        if path.is_dir():
            path = path / FILE_NAME
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise DecisionsError(f"{path}: cannot load decisions: {error}") from None


class DecisionsError(ValueError):
    """A decisions file that is missing or not one; the message names the file."""


NO_DECISIONS = Decisions({}, {})


class ClaimDecider:
    """Applies the trained choosers to every claim span's links (`span._.claim`)."""

    def __init__(self, nlp: Language, name: str = "claim_decider", *, spans_key: str = "claims") -> None:
        self.name = name
        self.spans_key = spans_key
        self.decisions = Decisions.load(SHIPPED) if SHIPPED.is_file() else NO_DECISIONS

    def __call__(self, doc: Doc) -> Doc:
        for span in doc.spans.get(self.spans_key, ()):
            if span._.claim:
                self.decisions.decide(span._.claim)
        return doc

    def use(self, decisions: Decisions) -> None:
        self.decisions = decisions

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.decisions.save(path / FILE_NAME)
        (path / "cfg.json").write_text(json.dumps({"spans_key": self.spans_key}))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimDecider:
        path = ensure_path(path)
        self.spans_key = json.loads((path / "cfg.json").read_text())["spans_key"]
        self.decisions = Decisions.load(path / FILE_NAME)
        return self


@Language.factory("claim_decider", default_config={"spans_key": "claims"})
def make_claim_decider(nlp: Language, name: str, spans_key: str) -> ClaimDecider:
    return ClaimDecider(nlp, name, spans_key=spans_key)
