"""`extractor run` when a write fails: a disk that fills up, a read-only folder, a file-size limit.

Each case is real: a tmpfs of a few pages, or mounted read-only, in a mount namespace of the run's own
(`unshare`; skipped where the machine allows no such mount), and RLIMIT_FSIZE, which needs nothing.
The run must end with one line on stderr naming the file, exit status 1, keep what it wrote, and
`--resume` must finish it to the records a run with room writes (fixtures/expected.jsonl).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from fault_server import FaultServer

from extractor.run import batch

ROOT = Path(__file__).parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
EXPECTED = ROOT / "fixtures" / "expected.jsonl"  # the records of PAGES, in order, with room to write them
COMMAND = [sys.executable, "-m", "extractor", "run"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def fixture_input(tmp_path: Path) -> Path:
    source = tmp_path / "pages.txt"
    source.write_text("".join(f"{page}\n" for page in PAGES), encoding="utf-8")
    return source


def unshare_prefix() -> list[str]:
    """`unshare` with a private mount namespace (and, for a user other than root, a user namespace)."""
    prefix = ["unshare", "--mount", "--propagation", "private"]
    return prefix if os.geteuid() == 0 else [*prefix, "--user", "--map-root-user"]


@cache
def can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(
        [*unshare_prefix(), "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"], capture_output=True
    )
    return probe.returncode == 0


needs_tmpfs = pytest.mark.skipif(not can_mount_tmpfs(), reason="no mount namespace for a small tmpfs here")


def run_on_tmpfs(mount: Path, options: str, keep: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`extractor run ARGS` with a tmpfs mounted (with `options`) on `mount`; what the run left on it is
    copied to `keep` before the namespace, and the tmpfs with it, goes."""
    mount.mkdir(exist_ok=True)
    keep.mkdir(exist_ok=True)
    script = 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 99; shift 2; "$@"; status=$?; cp -a "$0/." "$KEEP/"; '
    script += "exit $status"
    return subprocess.run(
        [*unshare_prefix(), "sh", "-c", script, str(mount), options, str(mount), *COMMAND, *args],
        env={**ENV, "KEEP": str(keep)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line_naming(stderr: str, paths: list[Path], reason: str) -> None:
    """One line (no traceback), naming one of `paths` with `reason`, saying what is kept and how to go on."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert any(f"cannot write {path}: {reason}" in lines[0] for path in paths), lines[0]
    assert "kept" in lines[0] and "--resume" in lines[0], lines[0]


def assert_whole_records_kept(out: Path) -> int:
    """The records of every status line kept are whole, and the same as with room; their count."""
    status = batch.partial_path(batch.status_path(out))
    lines = status.read_text(encoding="utf-8").splitlines(keepends=True)
    done = [json.loads(line) for line in lines if line.endswith("\n")]
    counted = sum(line["claims"] for line in done)
    records = batch.partial_path(out).read_bytes().splitlines(keepends=True)
    assert records[:counted] == EXPECTED.read_bytes().splitlines(keepends=True)[:counted]
    return len(done)


def resume_to_the_expected_records(source: Path, out: Path, done: int) -> None:
    resumed = subprocess.run(
        [*COMMAND, str(source), "-o", str(out), "--resume", "--workers", "1"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (f"; {done} skipped as already done" in resumed.stderr) == (done > 0), resumed.stderr
    assert out.read_bytes() == EXPECTED.read_bytes()


@needs_tmpfs
def test_a_disk_that_fills_up_stops_the_run_in_one_line_and_resume_finishes_it(tmp_path: Path) -> None:
    source = fixture_input(tmp_path)
    disk, keep = tmp_path / "disk", tmp_path / "kept"
    # 128 KB: room for about a third of the fixtures' 330 KB of records.
    out = disk / "claims.jsonl"
    result = run_on_tmpfs(disk, "size=128k", keep, str(source), "-o", str(out), "--workers", "1")
    assert result.returncode == 1, result.stderr
    partials = [batch.partial_path(out), batch.partial_path(batch.status_path(out))]
    assert_one_line_naming(result.stderr, partials, "No space left on device")
    done = assert_whole_records_kept(keep / "claims.jsonl")
    assert 0 < done < len(PAGES)
    resume_to_the_expected_records(source, keep / "claims.jsonl", done)


@needs_tmpfs
def test_a_read_only_output_folder_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    source = fixture_input(tmp_path)
    folder, keep = tmp_path / "read-only", tmp_path / "kept"
    result = run_on_tmpfs(folder, "ro,size=64k", keep, str(source), "-o", str(folder / "claims.jsonl"))
    assert result.returncode == 1, result.stderr
    assert_one_line_naming(result.stderr, [folder / "claims.jsonl.lock"], "Read-only file system")
    assert list(keep.iterdir()) == []


@needs_tmpfs
def test_a_read_only_cache_stops_the_run_in_one_line_and_keeps_its_files(tmp_path: Path) -> None:
    with FaultServer() as server:
        source = tmp_path / "urls.txt"
        source.write_text(f"{tmp_path / 'gone.html'}\n{server.url('/articles/flood.html')}\n")
        cache, keep, out = tmp_path / "cache", tmp_path / "kept", tmp_path / "claims.jsonl"
        options = ["-o", str(out), "--cache", str(cache), "--concurrency", "1"]  # one input after the other
        result = run_on_tmpfs(cache, "ro,size=64k", keep, str(source), *options)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"cannot write {cache}" in lines[0] and "Read-only file system" in lines[0]
    assert "--resume" in lines[0], lines[0]
    # The missing file needed no cache and was written; the run stopped at the page it could not store.
    kept = [json.loads(line) for line in batch.partial_path(batch.status_path(out)).read_text().splitlines()]
    assert [line["error"]["kind"] for line in kept] == ["missing"]


def test_a_file_size_limit_stops_the_run_in_one_line_and_resume_finishes_it(tmp_path: Path) -> None:
    source = fixture_input(tmp_path)
    out = tmp_path / "claims.jsonl"
    limit = 100_000  # bytes: a third of the records; Python ignores SIGXFSZ, so the write fails with EFBIG

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [*COMMAND, str(source), "-o", str(out), "--workers", "1"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit_file_size,
    )
    assert result.returncode == 1, result.stderr
    assert_one_line_naming(result.stderr, [batch.partial_path(out)], "File too large")
    assert batch.partial_path(out).stat().st_size == limit  # written up to the limit, to the byte
    done = assert_whole_records_kept(out)
    assert 0 < done < len(PAGES)
    resume_to_the_expected_records(source, out, done)
