"""extractor: numeric claims from news articles, as structured records.

The public names are imported on first use (PEP 562), so `import extractor` and `extractor --version`
load neither spaCy nor the HTML stack until something needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → the module that defines it.
_EXPORTS = {
    "SCHEMA_ID": "extractor.records",
    "Article": "extractor.article",
    "ArticleError": "extractor.article",
    "Claim": "extractor.records",
    "Extractor": "extractor.pipeline",
    "extract_html": "extractor.pipeline",
    "extract_text": "extractor.pipeline",
    "from_text": "extractor.article",
    "parse_html": "extractor.article",
    "read_jsonl": "extractor.records",
    "schema": "extractor.records",
    "write_jsonl": "extractor.records",
}

__all__ = [
    "SCHEMA_ID",
    "Article",
    "ArticleError",
    "Claim",
    "Extractor",
    "__version__",
    "extract_html",
    "extract_text",
    "from_text",
    "parse_html",
    "read_jsonl",
    "schema",
    "write_jsonl",
]

if TYPE_CHECKING:
    from extractor.article import Article, ArticleError, from_text, parse_html
    from extractor.pipeline import Extractor, extract_html, extract_text
    from extractor.records import SCHEMA_ID, Claim, read_jsonl, schema, write_jsonl


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
