"""Normalize stage: claim spans of a parsed article → claim records (extractor.claim/1)."""

from extractor.normalize.records import claim_id, claims_from_doc

__all__ = ["claim_id", "claims_from_doc"]
