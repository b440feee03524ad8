"""Quality gate on real prose: the development set of real news articles in ../shared/realworld, scored by
that set's own scorer, fold by fold (odd and even ids). Every fold must stay at or above the floors pinned
here: the figures measured when they were last raised, less a small margin. Raise a floor when a change
improves a figure; never lower one to let a change through.

The set is evaluation material beside the project, not part of it: without it the gate skips, saying why."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "realworld_eval.py"
REALWORLD = ROOT.parent / "shared" / "realworld"

# Per fold: claim F1, all-fields-right, and each scored field's share of matched claims.
# Pinned on all 109 articles (the set grew from 38): the lower fold's figure less about 0.02; all-fields-
# right and dates raised when the trained time chooser shipped (its figures in sample: it saw these).
MIN_F1 = 0.89
MIN_STRICT = 0.62
FIELD_FLOORS = {
    "qualifier": 0.97,
    "party": 0.85,
    "category": 0.96,
    "source": 0.81,
    "dates": 0.78,
}


def _load_script():
    spec = importlib.util.spec_from_file_location("realworld_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def folds():
    if not (REALWORLD / "score.py").is_file():
        pytest.skip(f"no real-article set at {REALWORLD} (it lives in ../shared beside the project)")
    script = _load_script()
    scorer = script.load_scorer(REALWORLD)
    golds, preds = script.extract_all(REALWORLD)
    return script.by_fold(scorer, golds, preds)


@pytest.mark.parametrize("fold", ["odd", "even"])
def test_claim_detection_f1(folds, fold):
    assert folds[fold].f1 >= MIN_F1, folds[fold].line


@pytest.mark.parametrize("fold", ["odd", "even"])
def test_all_fields_right(folds, fold):
    assert folds[fold].strict >= MIN_STRICT, folds[fold].line


@pytest.mark.parametrize("fold", ["odd", "even"])
@pytest.mark.parametrize("field", sorted(FIELD_FLOORS))
def test_field_floor(folds, fold, field):
    assert folds[fold].fields[field] >= FIELD_FLOORS[field], folds[fold].line
