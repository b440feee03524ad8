"""The README's "Exporting and listing" section is a test: its shell commands run in order (in a scratch
folder that sees the project's fixtures/ and tests/), the printed output it shows is what they print, its
Python block runs, and the Datasette address it gives answers with its facets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from listing_server import ListingServer

from extractor.run import batch

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
SITE_ROOT = "https://news.example/"  # the README's site root; here a local server stands in for it

pytest.importorskip("sqlite_utils", reason="the export extra is not installed: pip install -e '.[export]'")


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Exporting and listing\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def indented_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("    ") and line.strip():
            if not previous.startswith("    "):
                blocks.append([])
            blocks[-1].append(line[4:])
        previous = line
    return blocks


def commands() -> list[str]:
    found = [
        line
        for block in indented_blocks(section())
        for line in block
        if line.startswith(("extractor ", "mkdir "))
    ]
    piped = [code for code in re.findall(r"`([^`]+)`", section()) if "| extractor export" in code]
    return found + piped


def shown_output() -> list[str]:
    after = section().split("The first prints:", 1)[1]
    return indented_blocks(after)[0]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    for name in ("fixtures", "tests"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        timeout=600,
    )


def test_the_section_shows_each_command():
    shown = " ".join(commands())
    for needed in (
        "extract fixtures/pages",
        "run fixtures/pages",
        "export ",
        "--to sqlite",
        "--to parquet",
        "urls ",
        "--format html",
    ):
        assert needed in shown, needed


def test_the_shell_examples_run_and_print_what_the_readme_says(workspace):
    with ListingServer() as site:
        for command in commands():
            local = command.replace(SITE_ROOT, site.base + "/")
            done = run(local, workspace)
            expected = (0, 1) if " diff " in command else (0,)  # diff exits 1 when there are differences
            assert done.returncode in expected, f"{command}\n{done.stderr[-3000:]}"
            if command.startswith("extractor urls tests/"):
                assert done.stdout.splitlines() == shown_output()
        listed = [entry["input"] for entry in _statuses(workspace / "out" / "latest.jsonl")]
        march = {
            url
            for url in site.articles()
            if "/2024/03/" in url and "storm" not in url and "bridge" not in url
        }
        assert set(listed) == march and len(listed) == len(march)
    out = workspace / "out"
    records = (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == len(
        (ROOT / "fixtures" / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert sorted((out / "run.jsonl").read_text(encoding="utf-8").splitlines()) == sorted(records)
    assert (out / "claims.csv").read_text(encoding="utf-8").count("\n") == len(records) + 1
    review = (out / "review.html").read_text(encoding="utf-8")  # a summary table, or "No differences."
    assert "<h1>Claim differences</h1>" in review and ('<table class="overview">' in review) != (
        "<p>No differences.</p>" in review
    )


def test_the_datasette_address_answers_with_its_facets(workspace):
    datasette = shutil.which("datasette", path=str(BIN))
    if datasette is None:
        pytest.skip("datasette is not installed (it comes with the dev extra)")
    database = workspace / "out" / "claims.db"
    if not database.exists():
        assert (
            run("extractor export fixtures/expected.jsonl --to sqlite -o out/claims.db", workspace).returncode
            == 0
        )
    address = re.search(
        r"`(?:datasette out/claims\.db)`, then\s+`http://127\.0\.0\.1:8001(/[^`]+)`", section()
    )
    assert address, "the README names the Datasette address"
    path = address[1].replace("/claims/claims?", "/claims/claims.json?", 1) + "&_size=0"
    done = subprocess.run(
        [datasette, str(database), "--get", path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    facets = json.loads(done.stdout)["facet_results"]
    facets = facets.get("results", facets)
    assert set(re.findall(r"_facet=([\w.]+)", path)) == set(facets) == {"category", "party", "source.name"}


def test_the_python_example_runs(workspace, monkeypatch, capsys):
    code = re.search(r"```python\n(.*?)```", section(), re.S)[1]
    monkeypatch.chdir(workspace)
    exec(compile(code, "README.md", "exec"), {})
    assert "category" in capsys.readouterr().out


def _statuses(out: Path) -> list[dict]:
    return [json.loads(line) for line in batch.status_path(out).read_text(encoding="utf-8").splitlines()]
