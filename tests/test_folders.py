"""Folders as inputs: `extract DIR` and `run DIR` read every article page under DIR in a stable order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from extractor.cli import cli
from extractor.run import batch
from extractor.run.folders import article_files, expand

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"


def make_folder(root: Path) -> Path:
    """A folder of pages in nested folders, among files that are not pages."""
    folder = root / "site"
    for relative, source in {
        "b/09-monthly-average.htm": "09-monthly-average.html",
        "a/z/03-quake-toll.HTML": "03-quake-toll.html",
        "a/05-poll.html": "05-poll.html",
        "a-b.html": "11-sport.html",
    }.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PAGES / source, folder / relative)
    (folder / "b" / "notes.txt").write_text("not a page", encoding="utf-8")
    (folder / "b" / "page.html.bak").write_text("<p>old</p>", encoding="utf-8")
    (folder / "a" / "old.html.gz").write_bytes(b"\x1f\x8b")  # listed; reading it is the reader's business
    (folder / ".git").mkdir()
    (folder / ".git" / "index.html").write_text("<p>hidden</p>", encoding="utf-8")
    return folder


def test_article_files_are_the_pages_sorted_folder_by_folder(tmp_path):
    folder = make_folder(tmp_path)
    assert [path.relative_to(folder).as_posix() for path in article_files(folder)] == [
        "a/05-poll.html",
        "a/old.html.gz",
        "a/z/03-quake-toll.HTML",
        "a-b.html",
        "b/09-monthly-average.htm",
    ]
    assert article_files(folder) == article_files(str(folder))


def test_expand_replaces_folders_and_keeps_other_paths(tmp_path):
    folder = make_folder(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    expanded = expand(["-", "x.html", str(folder / "b"), str(empty)])
    assert expanded == ["-", "x.html", str(folder / "b" / "09-monthly-average.htm"), str(empty)]


def test_extract_a_folder_gives_the_records_of_its_pages_in_order(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "a" / "old.html.gz").unlink()
    runner = CliRunner()
    whole = runner.invoke(cli, ["extract", str(folder)])
    assert whole.exit_code == 0, whole.stderr
    assert "4 of 4 inputs" in whole.stderr
    one_by_one = runner.invoke(cli, ["extract", *map(str, article_files(folder))])
    assert whole.stdout == one_by_one.stdout
    titles = [json.loads(line)["article"]["title"] for line in whole.stdout.splitlines()]
    assert len(dict.fromkeys(titles)) == 4


def test_run_a_folder_has_one_input_line_per_page(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "a" / "old.html.gz").unlink()
    out = tmp_path / "out" / "claims.jsonl"
    result = CliRunner().invoke(cli, ["run", str(folder), "-o", str(out), "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    statuses = [json.loads(line) for line in batch.status_path(out).read_text(encoding="utf-8").splitlines()]
    assert [status["input"] for status in sorted(statuses, key=lambda s: s["line"])] == [
        str(path) for path in article_files(folder)
    ]
    assert all(status["status"] == "ok" for status in statuses)
    assert sum(status["claims"] for status in statuses) == len(out.read_text(encoding="utf-8").splitlines())
