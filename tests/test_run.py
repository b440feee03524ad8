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

from extractor.cli import cli
from extractor.run import batch
from extractor.run.errors import error_kinds
from extractor.run.extraction import TEST_FAULTS_VARIABLE
from extractor.run.fetch import FetchSettings

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
    assert all(line["error"]["kind"] in error_kinds() for line in lines if line["error"])


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
    for kind in error_kinds():
        assert f"`{kind}`" in docs, kind


# -- workers: --workers N, a worker that dies or overruns, Ctrl-C and kill -9 of the parent --

KILL_WORD, SLEEP_WORD = "test-fault-kill-this-worker", "test-fault-sleep-in-this-worker"


def marked_page(tmp_path: Path, word: str) -> Path:
    """A real article page whose bytes carry `word` (for the test-only faults of run/extraction.py)."""
    page = tmp_path / f"{word}.html"
    marked = (DATA / "hospital.html").read_bytes().replace(b"<body>", f"<body><!-- {word} -->".encode())
    page.write_bytes(marked)
    assert word.encode() in page.read_bytes()
    return page


def without_timing(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in line.items() if key != "elapsed_s"} for line in lines]


def many_local_pages(tmp_path: Path) -> Path:
    source = tmp_path / "pages.txt"
    pages = [DATA / name for name in ("flood.html", "hospital.html", "quake-cp1252.html")] * 3
    source.write_text("".join(f"{page}\n" for page in pages) + f"{tmp_path / 'gone.html'}\n")
    return source


def test_two_workers_write_the_same_files_as_one(tmp_path: Path) -> None:
    source = many_local_pages(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    batch.run(source, one, batch.RunSettings(cache_dir=None, workers=1, batch_size=2))
    batch.run(source, two, batch.RunSettings(cache_dir=None, workers=2, batch_size=2))
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 0
    assert without_timing(statuses(one)) == without_timing(statuses(two))
    assert [line["line"] for line in statuses(two)] == list(range(1, 11))  # input order


def test_a_worker_killed_by_a_signal_fails_only_its_input_and_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_FAULTS_VARIABLE, f"kill={KILL_WORD}")
    source = tmp_path / "pages.txt"
    killer = marked_page(tmp_path, KILL_WORD)
    inputs = [DATA / "flood.html", killer, DATA / "hospital.html", DATA / "flood.html"]
    source.write_text("".join(f"{page}\n" for page in inputs))
    summary = batch.run(source, tmp_path / "o.jsonl", batch.RunSettings(cache_dir=None, workers=1))
    lines = statuses(tmp_path / "o.jsonl")
    assert [line["status"] for line in lines] == ["ok", "error", "ok", "ok"]  # the replacement went on
    assert lines[1]["error"]["kind"] == "worker_died" and "SIGKILL" in lines[1]["error"]["message"]
    assert summary.errors == {"worker_died": 1} and "worker_died" in error_kinds()


def test_an_article_over_the_time_bound_gets_timeout_extract_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_FAULTS_VARIABLE, f"sleep={SLEEP_WORD}")
    source = tmp_path / "pages.txt"
    source.write_text(f"{marked_page(tmp_path, SLEEP_WORD)}\n{DATA / 'flood.html'}\n")
    started = time.monotonic()
    settings = batch.RunSettings(cache_dir=None, workers=1, extract_timeout=3.0)
    batch.run(source, tmp_path / "o.jsonl", settings)
    assert time.monotonic() - started < 120  # the page sleeps for 600 s
    first, second = statuses(tmp_path / "o.jsonl")
    assert (first["status"], first["error"]["kind"]) == ("error", "timeout_extract")
    assert second["status"] == "ok" and second["claims"] > 0


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def busy_run(tmp_path: Path, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    """A `run` subprocess whose only worker is busy (for ten minutes) on its one input."""
    source = tmp_path / f"{name}.txt"
    source.write_text(f"{marked_page(tmp_path, SLEEP_WORD)}\n")
    out = tmp_path / f"{name}.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor", "run", str(source), "-o", str(out), "--workers", "1", "--cache",
         str(tmp_path / "cache")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), TEST_FAULTS_VARIABLE: f"sleep={SLEEP_WORD}"},
    )
    wait_for_status_lines(out, 0, process)  # the model is loaded and the outputs open
    time.sleep(1.5)  # the page is on its way to the worker, which sleeps on it
    return process, out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list processes")
def test_a_second_run_on_the_same_output_is_refused_and_ctrl_c_is_prompt(tmp_path: Path) -> None:
    process, out = busy_run(tmp_path, "busy")
    try:
        second = CliRunner().invoke(cli, ["run", str(tmp_path / "busy.txt"), "-o", str(out)])
        assert second.exit_code == 1
        assert second.stderr.strip().splitlines() == [
            f"Error: another extractor run is writing {out} (it holds {batch.lock_path(out)})"
        ]
        os.kill(process.pid, signal.SIGINT)
        started = time.monotonic()
        stderr = process.communicate(timeout=60)[1].decode()
        stopped = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130 and "interrupted:" in stderr, stderr
    assert stopped < 10, f"Ctrl-C took {stopped:.1f}s with a busy worker"  # the worker sleeps 600 s
    assert statuses(out) == []  # what finished (nothing) is in place, and OUT is whole


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list processes")
def test_kill_9_of_the_run_leaves_no_worker_alive(tmp_path: Path) -> None:
    process, _ = busy_run(tmp_path, "killed")
    below = descendants(process.pid)
    assert below, "the run has no worker process"
    os.kill(process.pid, signal.SIGKILL)  # the parent only, not its process group
    process.communicate(timeout=30)
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in below if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"


# -- nothing existing is emptied on a failing start; one line, no traceback --


def keep_files(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    out = tmp_path / "keep.jsonl"
    out.write_text('{"claim": 1}\n{"claim": 2}\n')
    batch.status_path(out).write_text('{"line": 1, "input": "a", "claims": 2}\n')
    return out, {path: path.read_bytes() for path in (out, batch.status_path(out))}


def test_a_mistyped_input_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out, before = keep_files(tmp_path)
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "typo.txt"), "-o", str(out)])
    assert result.exit_code == 1 and "cannot read the input" in result.stderr
    assert "Traceback" not in result.output
    assert {path: path.read_bytes() for path in before} == before


def test_output_equal_to_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(f"{DATA / 'hospital.html'}\n")
    result = CliRunner().invoke(cli, ["run", str(source), "-o", str(source)])
    assert result.exit_code == 1 and "is the input" in result.stderr
    assert source.read_text() == f"{DATA / 'hospital.html'}\n"


def test_a_model_that_does_not_load_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out, before = keep_files(tmp_path)
    source = tmp_path / "one.txt"
    source.write_text(f"{DATA / 'hospital.html'}\n")
    result = CliRunner().invoke(cli, ["run", str(source), "-o", str(out), "--model", "no_such_model"])
    assert result.exit_code == 1 and "cannot load the extraction model" in result.stderr
    assert {path: path.read_bytes() for path in before} == before


def test_resume_without_a_status_file_refuses_and_keeps_the_output(tmp_path: Path) -> None:
    out, before = keep_files(tmp_path)
    batch.status_path(out).unlink()
    source = tmp_path / "one.txt"
    source.write_text(f"{DATA / 'hospital.html'}\n")
    result = CliRunner().invoke(cli, ["run", str(source), "-o", str(out), "--resume"])
    assert result.exit_code == 1 and "has no status file" in result.stderr
    assert out.read_bytes() == before[out]


def test_a_cache_that_is_a_file_gives_one_line_before_the_run(tmp_path: Path) -> None:
    out, before = keep_files(tmp_path)
    (tmp_path / "cache").write_text("not a folder")
    source = tmp_path / "one.txt"
    source.write_text("https://news.example.org/a\n")
    result = CliRunner().invoke(cli, ["run", str(source), "-o", str(out), "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: --cache {tmp_path / 'cache'} is not a directory"]
    assert {path: path.read_bytes() for path in before} == before


def test_output_to_stdout_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text(f"{DATA / 'hospital.html'}\n")
    result = CliRunner().invoke(cli, ["run", str(source), "-o", "-"])
    assert result.exit_code == 1 and "-o - is not supported" in result.stderr
    assert not Path("-").exists()


@pytest.mark.parametrize("meta", [b"{}", b"[1]", b'{"url": "http://a/", "stat', b""])
def test_a_corrupt_cache_entry_reads_as_not_cached(meta: bytes, tmp_path: Path) -> None:
    from extractor.run.cache import PageCache
    from extractor.run.fetch import Page

    url = "https://news.example.org/story"
    cache = PageCache(tmp_path / "cache")
    cache.put(url, Page(url=url, status=200, headers={}, body=(DATA / "hospital.html").read_bytes()))
    assert cache.get(url) is not None
    [meta_file] = (tmp_path / "cache").rglob("*.json")
    meta_file.write_bytes(meta)
    assert cache.get(url) is None
    source = tmp_path / "urls.txt"
    source.write_text(url + "\n")
    batch.run(source, tmp_path / "o.jsonl", batch.RunSettings(cache_dir=tmp_path / "cache", offline=True))
    [line] = statuses(tmp_path / "o.jsonl")
    assert line["error"]["kind"] == "not_cached"


def test_a_byte_order_mark_before_the_first_input_is_ignored(tmp_path: Path) -> None:
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbf" + f"{DATA / 'hospital.html'}\n".encode())
    batch.run(source, tmp_path / "o.jsonl", batch.RunSettings(cache_dir=None, workers=1))
    [line] = statuses(tmp_path / "o.jsonl")
    assert (line["input"], line["status"]) == (str(DATA / "hospital.html"), "ok")


# -- Dask: a real scheduler and real workers on 127.0.0.1 --


def test_dask_scheduler_with_two_workers_gives_the_same_records_as_a_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    source = many_local_pages(tmp_path)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    batch.run(source, local, batch.RunSettings(cache_dir=None, workers=1))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        settings = batch.RunSettings(cache_dir=None, dask=cluster.scheduler_address, batch_size=2)
        batch.run(source, remote, settings)
    assert local.read_bytes() == remote.read_bytes()
    ids = [json.loads(line)["claim_id"] for line in remote.read_text().splitlines()]
    assert ids and ids == [json.loads(line)["claim_id"] for line in local.read_text().splitlines()]
    assert without_timing(statuses(local)) == without_timing(statuses(remote))


def test_cli_dask_local_resumes_like_a_local_run(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    source = many_local_pages(tmp_path)
    reference = tmp_path / "reference.jsonl"
    batch.run(source, reference, batch.RunSettings(cache_dir=None, workers=1))
    out = tmp_path / "claims.jsonl"
    batch.run(source, out, batch.RunSettings(cache_dir=None, workers=1))
    kept = statuses(out)[:4]  # as if the run had stopped after four inputs
    batch.status_path(out).write_text("".join(json.dumps(line) + "\n" for line in kept))
    out.write_text("".join(out.read_text().splitlines(keepends=True)[: sum(line["claims"] for line in kept)]))
    result = CliRunner().invoke(
        cli, ["run", str(source), "-o", str(out), "--resume", "--dask", "local", "--workers", "1"]
    )
    assert result.exit_code == batch.EXIT_SOME_FAILED, result.output  # gone.html is missing
    assert "4 skipped as already done" in result.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert without_timing(statuses(out)) == without_timing(statuses(reference))
