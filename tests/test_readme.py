"""README.md as a test: its Python blocks run as they are, its full record is what the command it names
writes today, and the lead example's fields are what extraction gives."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import extractor
from extractor.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
# The sentence of the lead example, in an article of our own that reports the war around it.
WAR_BEFORE = (
    "Fighting raged along the front line in eastern Ukraine as Russian forces shelled towns and Ukrainian "
    "troops pushed back an assault near the border."
)
WAR_AFTER = (
    "The war has driven millions from their homes, and both armies have lost tanks and artillery in the "
    "battles of the autumn."
)


def test_the_readme_has_python_blocks_and_a_full_record() -> None:
    assert len(PYTHON_BLOCKS) >= 2
    assert README.count("```json") == 1


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=lambda block: block.splitlines()[0])
def test_a_python_block_runs_as_written(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the blocks name fixture files from the project's root, as `make` runs
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue().strip(), "a README block shows output it does not print"


def test_the_full_record_is_what_the_command_writes() -> None:
    command = re.search(r"A full record \(from `extractor (extract [^`]+)`\)", README)
    assert command, "the README names the command of its full record"
    shown = json.loads(re.search(r"```json\n(.*?)```", README, re.DOTALL).group(1))
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(cli, command.group(1).split())
    assert result.exit_code == 0, result.output
    written = {record["claim_id"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert shown["claim_id"] in written
    real = written[shown["claim_id"]]
    # The model's name depends on which English package is installed; everything else must match.
    assert {**shown, "extractor": None} == {**real, "extractor": None}
    assert shown["extractor"]["version"] == real["extractor"]["version"] == extractor.__version__


def lead_example() -> tuple[str, str]:
    """The quoted sentence and the paragraph that says what it becomes."""
    match = re.search(r"\n> (.+?)\n\nbecomes (.+?)\n\n", README, re.DOTALL)
    assert match, "the README's lead example"
    return match.group(1), " ".join(match.group(2).split())


def shown_fields(paragraph: str) -> dict[str, Any]:
    """`name: value` pairs as written in the paragraph, values read as JSON."""
    return {name: json.loads(value) for name, value in re.findall(r"`(\w+): ([^`]+)`", paragraph)}


def test_the_lead_example_is_true() -> None:
    sentence, paragraph = lead_example()
    fields = shown_fields(paragraph)
    assert {"value", "qualifier", "lower", "counted", "category", "party"} <= set(fields)
    published = "2022-12-22"
    (alone,) = extractor.extract_text(sentence, published=published)
    in_article = extractor.extract_text("\n\n".join([WAR_BEFORE, sentence, WAR_AFTER]), published=published)
    (in_war,) = [claim for claim in in_article if claim.sentence == sentence]
    for claim in (alone, in_war):
        record = claim.to_dict()
        for name, value in fields.items():
            assert record[name] == value, name
        assert f'(`"{claim.source.text}"`, cue `"{claim.source.cue}"`)' in paragraph
        assert f"`{claim.time.start}` to the publication day" in paragraph and claim.time.end == published
