"""extractor: numeric claims from news articles, as structured records."""

__version__ = "0.1.0"

from extractor.article import Article, ArticleError, from_text, parse_html  # noqa: E402
from extractor.pipeline import Extractor, extract_html, extract_text  # noqa: E402
from extractor.records import SCHEMA_ID, Claim, read_jsonl, schema, write_jsonl  # noqa: E402

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
