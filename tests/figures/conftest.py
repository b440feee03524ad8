"""The story fixtures' records, extracted once per session with the real model, as a reader would:
`extractor extract fixtures/stories` plus the seed page of the project's own fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.cli import cli

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "fixtures" / "stories"
SEED_PAGE = ROOT / "fixtures" / "pages" / "01-war-losses.html"


@pytest.fixture(scope="session")
def story_claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """claims.jsonl of every story and the seed page."""
    out = tmp_path_factory.mktemp("stories") / "claims.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(STORIES), str(SEED_PAGE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def story_records(story_claims: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in story_claims.read_text(encoding="utf-8").splitlines() if line]
