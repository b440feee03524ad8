"""Fitting a chooser: a linear ranker trained on pairs of candidates of one decision.

Within each group, every right candidate is paired with every wrong one; a logistic regression
without intercept learns from the difference of their feature vectors which of the two is right. Its
weights score single candidates, and the best score is the choice (`extractor.nlp.decider.Chooser`).
Pairs rather than single candidates, because a chooser only ever compares the candidates of one claim:
a feature every candidate of a claim shares says nothing about which is right.

scikit-learn is needed here only (`pip install 'extractor[train]'`); the fit is deterministic (lbfgs,
data in file order), so the same gold gives the same weights.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy

from extractor.learn.examples import Group
from extractor.nlp.decider import Chooser, Decisions

# Regularization of the logistic regression (scikit-learn's C): chosen by cross-validation by article.
C = 100
# The fields the shipped model decides. The source chooser is trained and cross-validated too, but on
# the 109 real articles it scores 0.79 held out against the tagger's own reading's 0.83 (docs/training.md),
# so the tagger keeps deciding sources until a chooser does better.
DECIDED = ("time",)
# A decision with many candidates would weigh more than others: at most this many pairs per group.
MAX_PAIRS = 12


def fit_decisions(groups: Iterable[Group], trained_on: dict, fields: tuple[str, ...] = DECIDED) -> Decisions:
    """One chooser per field of `fields` that the groups hold."""
    by_field: dict[str, list[Group]] = {}
    for group in groups:
        if group.field in fields:
            by_field.setdefault(group.field, []).append(group)
    choosers = {name: fit_chooser(found) for name, found in sorted(by_field.items())}
    return Decisions({n: c for n, c in choosers.items() if c is not None}, trained_on)


def fit_chooser(groups: list[Group]) -> Chooser | None:
    """A chooser of one field from its groups; None when no group has a wrong candidate to learn from."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:  # pragma: no cover - the message is what matters
        raise SystemExit("training needs scikit-learn: pip install 'extractor[train]'") from None
    names = sorted({name for group in groups for features in group.features for name in features})
    index = {name: k for k, name in enumerate(names)}
    differences, weights_of_pairs = [], []
    per_page: dict[str, int] = {}
    for group in groups:
        per_page[group.page] = per_page.get(group.page, 0) + 1
    for group in groups:
        rows = numpy.zeros((len(group.features), len(names)))
        for row, features in enumerate(group.features):
            for name, value in features.items():
                rows[row, index[name]] = value
        right = [k for k, ok in enumerate(group.right) if ok]
        wrong = [k for k, ok in enumerate(group.right) if not ok]
        pairs = [(r, w) for r in right for w in wrong][:MAX_PAIRS]
        if not pairs:
            continue  # every candidate right: nothing to rank
        differences.extend(rows[r] - rows[w] for r, w in pairs)
        # A long article (a poll write-up with 80 figures) must not teach its own habits to every other:
        # each article weighs as the square root of its decisions, each decision as its pairs.
        weight = group.weight / (len(pairs) * per_page[group.page] ** 0.5)
        weights_of_pairs.extend([weight] * len(pairs))
    if not differences:
        return None
    x = numpy.array(differences)
    # Each pair both ways round: the ranker is symmetric, and the two classes are balanced.
    x = numpy.vstack([x, -x])
    y = numpy.array([1] * len(differences) + [0] * len(differences))
    sample_weight = numpy.array(weights_of_pairs * 2)
    sample_weight *= len(sample_weight) / sample_weight.sum()
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000)
    model.fit(x, y, sample_weight=sample_weight)
    weights = numpy.round(model.coef_[0], 6)
    return Chooser(tuple(names), weights, 0.0)
