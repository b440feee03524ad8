"""`extractor run` end to end: a real HTTP server with faults, the real spaCy model, real files."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fault_server import FaultServer

from extractor import batch
from extractor.cli import cli
from extractor.fetch import FetchSettings

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "run"
# Timeouts leave room for a busy test machine; /slow and /drip still outlast them.
FAST = FetchSettings(timeout=1.0, total_timeout=2.0, retries=1, backoff=0.01, max_wait=5, max_bytes=1_000_000)

# path → (status, error kind, http_status, attempts) with FAST settings.
EXPECTED = {
    "/articles/flood.html": ("ok", None, None, 1),
    "/redirect": ("ok", None, None, 1),
    "/flaky": ("ok", None, None, 2),
    "/busy": ("ok", None, None, 2),
    "/busy-date": ("ok", None, None, 2),
    "/cp1252-as-utf8": ("ok", None, None, 1),
    "/cp1252": ("ok", None, None, 1),
    "/missing": ("error", "http_status", 404, 1),
    "/down": ("error", "http_status", 503, 2),
    "/slow": ("error", "timeout", None, 2),
    "/drip": ("error", "timeout", None, 2),
    "/reset": ("error", "connect", None, 2),
    "/loop": ("error", "too_many_redirects", None, 1),
    "/huge": ("error", "too_large", None, 1),
    "/huge-chunked": ("error", "too_large", None, 1),
    "/bomb": ("error", "too_large", None, 1),
    "/report.pdf": ("error", "not_html", 200, 1),
    "/empty": ("error", "empty", None, 1),
    "/binary": ("error", "binary", None, 1),
    "/private/flood.html": ("error", "robots", None, 0),
}


def statuses(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in batch.status_path(out).read_text(encoding="utf-8").splitlines()]


def sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture(scope="module")
def fault_run(server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """One run over every fault (and a comment and a blank line): (input, OUT, cache)."""
    folder = tmp_path_factory.mktemp("faults")
    source = folder / "urls.txt"
    source.write_text("# every fault\n\n" + "".join(server.url(path) + "\n" for path in EXPECTED))
    settings = batch.RunSettings(fetch=FAST, cache_dir=folder / "cache")
    summary = batch.run(source, folder / "claims.jsonl", settings)
    assert summary.ok + sum(summary.errors.values()) == len(EXPECTED)
    return source, folder / "claims.jsonl", folder / "cache"


def test_each_fault_gets_its_exact_status_line(
    fault_run: tuple[Path, Path, Path], server: FaultServer
) -> None:
    _, out, _ = fault_run
    lines = statuses(out)
    assert len(lines) == len(EXPECTED)
    got = {line["input"].removeprefix(server.base): line for line in lines}
    for path, (status, kind, http_status, attempts) in EXPECTED.items():
        line = got[path]
        error = line["error"] or {}
        assert (line["status"], error.get("kind"), error.get("http_status"), line["attempts"]) == (
            status,
            kind,
            http_status,
            attempts,
        ), path
        assert (line["claims"] > 0) == (status == "ok"), path
        assert set(line) == {"line", "input", "url", "status", "claims", "error", "attempts", "elapsed_s"}
    assert got["/redirect"]["url"] == server.url("/articles/hospital.html")
    assert {line["line"] for line in lines} == set(range(3, 3 + len(EXPECTED)))
    assert all(line["error"]["kind"] in batch.error_kinds() for line in lines if line["error"])


def test_good_pages_yield_their_claims(fault_run: tuple[Path, Path, Path]) -> None:
    _, out, _ = fault_run
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == sum(line["claims"] for line in statuses(out))
    texts = {record["text"] for record in records}
    assert any("23" in text for text in texts) and any("640" in text for text in texts)
    # windows-1252 bytes, declared utf-8 or not declared, are decoded right
    quake = [record["sentence"] for record in records if "2,300" in record["text"]]
    assert len(quake) == 2
    assert all("damaged \u2014 many" in sentence for sentence in quake)


def test_offline_reproduces_the_records_byte_for_byte(
    fault_run: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    source, out, cache = fault_run
    offline = tmp_path / "offline.jsonl"
    batch.run(source, offline, batch.RunSettings(fetch=FAST, cache_dir=cache, offline=True))
    assert sorted_lines(offline) == sorted_lines(out)
    online = {line["input"]: line for line in statuses(out)}
    for line in statuses(offline):
        assert line["status"] == online[line["input"]]["status"] or line["error"]["kind"] == "not_cached"
        assert line["attempts"] == 0


def test_offline_without_a_cached_page_is_not_cached(tmp_path: Path) -> None:
    source = tmp_path / "urls.txt"
    source.write_text("https://news.example.org/never-fetched\n")
    out = tmp_path / "claims.jsonl"
    batch.run(source, out, batch.RunSettings(cache_dir=tmp_path / "cache", offline=True))
    [line] = statuses(out)
    assert (line["status"], line["error"]["kind"], line["attempts"]) == ("error", "not_cached", 0)
    assert out.read_text() == ""


def local_input(tmp_path: Path) -> Path:
    source = tmp_path / "pages.txt"
    source.write_text(
        f"{DATA / 'flood.html'}\n# a comment\n{DATA / 'hospital.html'}\n{DATA / 'quake-cp1252.html'}\n"
        f"{tmp_path / 'gone.html'}\n"
    )
    return source


def test_resume_drops_orphan_records_and_finishes_the_rest(tmp_path: Path) -> None:
    source = local_input(tmp_path)
    whole = tmp_path / "whole.jsonl"
    batch.run(source, whole, batch.RunSettings(cache_dir=None))
    done = statuses(whole)
    assert [line["status"] for line in done].count("ok") == 3
    # Make the state a crash leaves: one article's records and status line, then the records of
    # a second article that got no status line, a half-written record, and a half-written status line.
    first = done[0]
    records = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    crashed = tmp_path / "crashed.jsonl"
    crashed.write_text("".join(records[: first["claims"] + 2]) + records[first["claims"] + 2][:30])
    batch.status_path(crashed).write_text(json.dumps(first) + "\n" + json.dumps(done[1])[:25])
    summary = batch.run(source, crashed, batch.RunSettings(cache_dir=None, resume=True))
    assert summary.skipped == 1 and summary.ok + sum(summary.errors.values()) == 3
    assert sorted_lines(crashed) == sorted_lines(whole)
    assert sorted(line["input"] for line in statuses(crashed)) == sorted(line["input"] for line in done)


def test_run_without_resume_replaces_earlier_output(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text(str(DATA / "hospital.html") + "\n")
    out = tmp_path / "claims.jsonl"
    out.write_text("stale\n")
    batch.status_path(out).write_text("stale\n")
    batch.run(source, out, batch.RunSettings(cache_dir=None))
    assert "stale" not in out.read_text() and len(statuses(out)) == 1


def start_run(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "extractor", "run", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes the extraction worker too
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def wait_for_status_lines(out: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until a fresh run has written `count` status lines (in its .partial file, until it ends)."""
    status = batch.partial_path(batch.status_path(out))
    for _ in range(600):
        if status.exists() and status.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    raise AssertionError("the run wrote no status lines")


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT])
def test_killed_run_resumes_to_the_same_records(kill: signal.Signals, tmp_path: Path) -> None:
    with FaultServer(latency=0.1) as slow:
        source = tmp_path / "urls.txt"
        source.write_text("".join(f"{slow.url('/latency')}?n={n}\n" for n in range(60)))
        options = ["--per-host", "1", "--cache", str(tmp_path / "cache")]
        reference = tmp_path / "reference.jsonl"
        batch.run(source, reference, batch.RunSettings(fetch=FetchSettings(per_host=4), cache_dir=None))

        out = tmp_path / "claims.jsonl"
        process = start_run(str(source), "-o", str(out), *options, cwd=tmp_path)
        wait_for_status_lines(out, 3, process)
        os.killpg(process.pid, kill)
        stderr = process.communicate(timeout=60)[1].decode()
        code = process.returncode
        if kill == signal.SIGINT:
            assert code == 130 and "interrupted:" in stderr, stderr
        interrupted = statuses(out) if kill == signal.SIGINT else None
        assert interrupted is None or 3 <= len(interrupted) < 60

        resumed = start_run(str(source), "-o", str(out), "--resume", *options, cwd=tmp_path)
        stderr = resumed.communicate(timeout=120)[1].decode()
        assert resumed.returncode == 0, stderr
        assert re.search(r"; [1-9]\d* skipped as already done", stderr)
    assert sorted_lines(out) == sorted_lines(reference)
    inputs = sorted(line["input"] for line in statuses(out))
    assert inputs == sorted(line["input"] for line in statuses(reference))


def test_cli_run_over_local_paths_prints_a_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(DATA, pages)
    (tmp_path / "inputs.txt").write_text("pages/flood.html\npages/hospital.html\npages/none.html\n")
    monkeypatch.chdir(tmp_path)  # local paths are relative to the current directory
    result = CliRunner().invoke(cli, ["run", "inputs.txt", "-o", "out/claims.jsonl", "--cache", "out/cache"])
    assert result.exit_code == batch.EXIT_SOME_FAILED == 3, result.output  # one input failed
    assert re.search(r"extractor run: 3 inputs: 2 ok, 1 errors \(missing 1\); [1-9]\d* claims", result.stderr)
    assert "records in out/claims.jsonl, status lines in out/claims.jsonl.status.jsonl" in result.stderr
    lines = statuses(tmp_path / "out" / "claims.jsonl")
    assert sorted((line["input"], line["status"], line["url"]) for line in lines) == [
        ("pages/flood.html", "ok", None),
        ("pages/hospital.html", "ok", None),
        ("pages/none.html", "error", None),
    ]


def test_cli_run_reads_stdin(tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    result = CliRunner().invoke(cli, ["run", "-", "-o", str(out)], input=f"{DATA / 'hospital.html'}\n")
    assert result.exit_code == 0, result.output
    assert [line["status"] for line in statuses(out)] == ["ok"]


def test_cli_run_with_a_model_that_does_not_load_fails_cleanly(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text(str(DATA / "hospital.html") + "\n")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(cli, ["run", str(source), "-o", str(out), "--model", "no_such_model"])
    assert result.exit_code == 1
    assert "cannot load the extraction model" in result.stderr


def test_every_error_kind_is_documented() -> None:
    docs = (ROOT / "docs" / "run.md").read_text(encoding="utf-8")
    for kind in batch.error_kinds():
        assert f"`{kind}`" in docs, kind
