"""How the model runs: its matrix products through numpy's BLAS on one thread (extractor.nlp.model),
with the annotations of the model as spaCy loads it (real model, fixture pages)."""

from __future__ import annotations

from pathlib import Path

import spacy
from threadpoolctl import ThreadpoolController

from extractor.article import parse_html
from extractor.nlp import load_pipeline, model_name
from extractor.nlp.model import one_blas_thread

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in ThreadpoolController().info() if pool["user_api"] == "blas"]


def test_the_pipeline_multiplies_with_numpy_and_annotates_as_spacy_loads_the_model() -> None:
    ours = load_pipeline()
    theirs = spacy.load(model_name())
    assert ours.get_pipe("ner").model.ops.use_blis is False
    assert theirs.get_pipe("ner").model.ops.use_blis is True
    texts = [parse_html(page.read_bytes()).text for page in sorted((FIXTURES / "pages").glob("*.html"))]
    components = [name for name in theirs.pipe_names if name != "senter"]

    def annotations(nlp) -> list[tuple]:
        with nlp.select_pipes(enable=components):
            return [
                (t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_)
                for doc in nlp.pipe(texts)
                for t in doc
            ]

    found = annotations(ours)
    assert len(found) > 5_000
    assert found == annotations(theirs)


def test_items_are_made_with_one_blas_thread_and_the_callers_threads_come_back() -> None:
    def observed():
        for _ in range(3):
            yield blas_threads()

    before = blas_threads()
    seen = []
    for threads in one_blas_thread(observed()):
        seen.append(threads)
        assert blas_threads() == before  # between items, the caller's limits
    assert seen == [[1] * len(before)] * 3
    assert before and blas_threads() == before
