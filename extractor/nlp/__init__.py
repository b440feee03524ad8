"""NLP stage: a spaCy pipeline (base English model + the project's components) that marks numeric
claims in `doc.spans["claims"]`, each span carrying its links on `span._.claim`."""

from extractor.nlp.model import DEFAULT_MODELS, load_pipeline, model_name
from extractor.nlp.tagger import ClaimTagger, make_claim_tagger

__all__ = ["DEFAULT_MODELS", "ClaimTagger", "load_pipeline", "make_claim_tagger", "model_name"]
