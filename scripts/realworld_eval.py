#!/usr/bin/env python3
"""Score the extractor on the real-article development set in ../shared/realworld, fold by fold.

The set's own scorer (`score.py` beside its gold) is the authority: this script only runs the extraction
in one process, with the model loaded once (the set's `evaluate.sh` starts one process per article), and
hands the records to that scorer. It prints one summary line for all articles and one for each fold
(odd and even ids). The floors each fold must keep are pinned in tests/test_realworld_eval_gate.py.

    .venv/bin/python scripts/realworld_eval.py          # from the project root
    .venv/bin/python scripts/realworld_eval.py -v       # and every miss, extra and wrong field
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT.parent / "shared" / "realworld"
FOLDS = ("odd", "even")


@dataclass(frozen=True)
class Figures:
    """One summary of the scorer: claim F1, all-fields-right, each field's share, and its printed line."""

    f1: float
    strict: float
    fields: dict[str, float]
    line: str


def load_scorer(realworld: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld_score", realworld / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(realworld / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fold_of(article_id: str) -> str:
    return "odd" if int(article_id) % 2 else "even"


def extract_all(realworld: Path) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Gold and predicted records per article id. The URL comes from the gold, as in `evaluate.sh`."""
    from extractor.pipeline import Extractor

    extractor = Extractor()
    golds: dict[str, dict[str, Any]] = {}
    preds: dict[str, list[dict[str, Any]]] = {}
    for gold_path in sorted((realworld / "gold").glob("*.json")):
        article_id = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = (realworld / "pages" / f"{article_id}.html").read_bytes()
        golds[article_id] = gold
        preds[article_id] = [claim.to_dict() for claim in extractor.extract_html(page, url=gold["url"])]
    return golds, preds


def figures(
    scorer: ModuleType, golds: dict, preds: dict, ids: list[str], *, verbose: bool = False
) -> Figures:
    counts = [scorer.score(golds[i], preds[i], verbose, f"{i}: " if verbose else "") for i in sorted(ids)]
    f1, strict, line = scorer.summary(counts)
    fields = {}
    for field in scorer.FIELDS:
        ok = sum(c["fields"][field][0] for c in counts)
        total = sum(c["fields"][field][1] for c in counts)
        if total:
            fields[field] = ok / total
    return Figures(f1=f1, strict=strict, fields=fields, line=line)


def by_fold(scorer: ModuleType, golds: dict, preds: dict) -> dict[str, Figures]:
    """Figures for all articles (key "all") and for each fold."""
    result = {"all": figures(scorer, golds, preds, list(golds))}
    for fold in FOLDS:
        result[fold] = figures(scorer, golds, preds, [i for i in golds if fold_of(i) == fold])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the realworld folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong fields")
    args = parser.parse_args(argv)
    if not (args.set / "score.py").is_file():
        print(f"realworld_eval: no scorer at {args.set}: skipped", file=sys.stderr)
        return 0
    scorer = load_scorer(args.set)
    golds, preds = extract_all(args.set)
    if args.verbose:
        figures(scorer, golds, preds, list(golds), verbose=True)
    for name, result in by_fold(scorer, golds, preds).items():
        print(f"{name:>4}: {result.line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
