"""The README's figures section is a test: its shell commands run in order (in a scratch folder that
sees the project's fixtures/), what it says of their output is true, its Python block prints what its
comment says, and the screenshot it shows is in docs/."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.figures import quantity_key

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytest.importorskip("duckdb", reason="the figures extra is not installed: pip install -e '.[figures]'")


def section() -> str:
    start = README.index("## Who said what, when")
    return README[start : README.index("\n## ", start + 1)]


def commands() -> list[str]:
    return [line[4:] for line in section().splitlines() if line.startswith(("    extractor ", "    mkdir "))]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme-figures")
    (folder / "fixtures").symlink_to(ROOT / "fixtures")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands():
        done = subprocess.run(shlex.split(command), cwd=folder, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stderr[-3000:]}"
    return folder / "out"


def test_the_section_makes_the_page_from_the_fixtures_in_one_command() -> None:
    shown = commands()
    assert "extractor extract fixtures/stories -o out/stories.jsonl" in shown
    assert "extractor figures out/stories.jsonl -o out/figures.html" in shown


def test_the_commands_write_what_the_section_says(workspace: Path) -> None:
    records = [json.loads(line) for line in (workspace / "stories.jsonl").read_text("utf-8").splitlines()]
    page = (workspace / "figures.html").read_text(encoding="utf-8")
    assert page.count('<section class="quantity"') == len({quantity_key(r) for r in records})
    killed = json.loads((workspace / "killed.json").read_text(encoding="utf-8"))
    figures = [f for g in killed["groups"] for f in g["figures"]]
    assert figures and {g["category"] for g in killed["groups"]} == {"killed"}
    assert all(f["as_of"] >= "2023-01-01" for f in figures)
    with (workspace / "russia.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows and all(row["quantity"].split("|")[1] == "Russia" for row in rows)
    assert all("general staff" in row["who"].lower() for row in rows)


def test_the_seed_flag_it_quotes_is_on_the_page(workspace: Path) -> None:
    quoted = re.search(
        r"Kyiv's \"([^\"]+)\" Russian dead against Moscow's \"(fewer\s+than\s+[\d,]+)\":\s+(\d+)% apart",
        section(),
    )
    assert quoted, "the section quotes the seed's flag"
    kyiv, moscow, percent = quoted.groups()
    moscow = " ".join(moscow.split())  # the README wraps its lines
    result = subprocess.run(
        [str(BIN / "extractor"), "figures", str(workspace / "stories.jsonl"), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    flags = [flag for group in json.loads(result.stdout)["groups"] for flag in group["flags"]]
    assert any(
        set(flag["texts"]) == {kyiv, moscow} and round(flag["apart"] * 100) == int(percent) for flag in flags
    )


def test_the_python_block_prints_what_its_comment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", section(), re.DOTALL)
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    lines = printed.getvalue().splitlines()
    comment = re.search(r"\)\s+# (.+)", block)
    assert comment and lines[0] == comment[1]
    assert re.match(r"killed\|\S+ \d+ claims from \d+ sources", lines[1])


def test_the_screenshot_is_in_docs() -> None:
    (image,) = re.findall(r"!\[[^]]+\]\(([^)]+)\)", section())
    data = (ROOT / image).read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) < 400_000
