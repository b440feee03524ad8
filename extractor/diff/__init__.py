"""Reviewing extraction diffs: what changed between two record files, claim by claim.

`diff_records` (or `diff_files`) pairs the claims of each article and returns a `DiffResult`;
`write_text`, `write_json` and `write_html` render it. See docs/diff.md.
"""

from extractor.diff.compare import KINDS, Difference, DiffResult, diff_files, diff_records
from extractor.diff.fields import DEFAULT_IGNORED, contract_fields
from extractor.diff.html import write_html
from extractor.diff.render import write_json, write_text

__all__ = [
    "DEFAULT_IGNORED",
    "KINDS",
    "DiffResult",
    "Difference",
    "contract_fields",
    "diff_files",
    "diff_records",
    "write_html",
    "write_json",
    "write_text",
]
