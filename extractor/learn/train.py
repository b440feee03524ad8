"""Training the decisions from gold, and cross-validating them by article.

    decisions = train(["../shared/realworld/gold"])            # fit on every gold page
    result = cross_validate(["../shared/realworld/gold"], 5)   # folds by article

Cross-validation is honest: each fold's choosers are fitted on the other folds' articles only, and the
fold's articles are then read again by the whole pipeline with those choosers and scored. The
in-sample figure (choosers fitted on every article, scored on the same) stands beside it: the gap
between the two is what the choosers memorise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor import __version__
from extractor.learn.evaluate import Report, evaluate
from extractor.learn.examples import GoldPage, Group, gold_pages, groups_of, read_article
from extractor.learn.fit import DECIDED, C, fit_decisions
from extractor.nlp.decider import NO_DECISIONS, Decisions
from extractor.pipeline import Extractor


@dataclass(frozen=True)
class CrossValidation:
    """The figures of a cross-validation: held-out (the one that counts), in-sample, and the rules'."""

    folds: int
    held_out: Report
    in_sample: Report
    rules: Report
    decisions: Decisions  # fitted on every article


def train(
    gold: Iterable[str | Path], *, model: str | None = None, fields: tuple[str, ...] = DECIDED
) -> Decisions:
    """Choosers of `fields` fitted on every gold page under `gold`."""
    pages = sorted(gold_pages(gold), key=lambda page: page.name)
    extractor = Extractor(model, decisions=NO_DECISIONS)
    return fit_decisions(_groups(extractor, pages), _trained_on(pages, fields), fields)


def cross_validate(
    gold: Iterable[str | Path],
    folds: int = 5,
    *,
    model: str | None = None,
    predictions: str | Path | None = None,
    fields: tuple[str, ...] = DECIDED,
) -> CrossValidation:
    """K-fold cross-validation by article (page k of the sorted names is in fold k mod `folds`).

    With `predictions`, each page's held-out records are written there as NAME.jsonl, for other
    scorers."""
    pages = sorted(gold_pages(gold), key=lambda page: page.name)
    if folds < 2 or folds > len(pages):
        raise ValueError(f"--cv needs 2 to {len(pages)} folds for {len(pages)} gold pages, not {folds}")
    extractor = Extractor(model, decisions=NO_DECISIONS)
    groups = _groups(extractor, pages)
    rules = _records(extractor, pages)
    fold_of = {page.name: k % folds for k, page in enumerate(pages)}
    held_out: dict[str, list[dict]] = {}
    for fold in range(folds):
        fitted = fit_decisions((g for g in groups if fold_of[g.page] != fold), {}, fields)
        extractor.use_decisions(fitted)
        held_out.update(_records(extractor, [p for p in pages if fold_of[p.name] == fold]))
    decisions = fit_decisions(groups, _trained_on(pages, fields), fields)
    extractor.use_decisions(decisions)
    in_sample = _records(extractor, pages)
    if predictions is not None:
        _write(Path(predictions), held_out)
    golds = [page.gold for page in pages]
    return CrossValidation(
        folds=folds,
        held_out=_score(golds, held_out),
        in_sample=_score(golds, in_sample),
        rules=_score(golds, rules),
        decisions=decisions,
    )


def _groups(extractor: Extractor, pages: list[GoldPage]) -> list[Group]:
    return list(groups_of(extractor, pages))


def _records(extractor: Extractor, pages: list[GoldPage]) -> dict[str, list[dict]]:
    articles = [read_article(page) for page in pages]
    claims = extractor.extract_articles(articles)
    return {page.name: [c.to_dict() for c in found] for page, found in zip(pages, claims, strict=True)}


def _score(golds: list[Path], records: dict[str, list[dict]]) -> Report:
    return evaluate(golds, (record for found in records.values() for record in found))


def _write(folder: Path, records: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, found in records.items():
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in found)
        (folder / f"{name}.jsonl").write_text(lines, encoding="utf-8")


def _trained_on(pages: list[GoldPage], fields: tuple[str, ...]) -> dict:
    """What the model was fitted on, in the file: the same gold gives the same bytes."""
    return {
        "fields": list(fields),
        "pages": len(pages),
        "gold_claims": sum(len(page.claims) for page in pages),
        "extractor": __version__,
        "C": C,
    }


def figures_line(name: str, report: Report) -> str:
    """One line of figures: detection F1, all-fields-right and each decided field's share."""
    fields = " ".join(
        f"{field} {report.fields[field].share:.3f}"
        for field in ("source", "time", "party", "category")
        if report.fields[field].share is not None
    )
    return (
        f"{name}: F1 {report.f1:.3f} all-fields-right {report.all_right}/{report.required}"
        f"={report.all_right_share:.3f} | {fields}"
    )
