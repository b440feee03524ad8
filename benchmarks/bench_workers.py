"""Benchmark of `extractor run --workers`: 1 worker against N, side by side in one run, same pages.

    .venv/bin/python benchmarks/bench_workers.py [--workers 2] [--count 160] [--rounds 1] [--dask]

Pages: every real page at hand, read as local paths: fixtures/pages, ../shared/article-benchmark
(gzipped, unpacked to a temporary folder) and ../shared/realworld/pages; cycled to reach --count
inputs when there are fewer. Each run is `batch.run` in a fresh child process (model loads
included), so its peak RSS of the largest worker is getrusage(RUSAGE_CHILDREN). Prints articles/s,
the speed-up of N workers over one (target: 2 workers >= 1.6x), and checks that the record and
status files are identical (up to elapsed_s). With --dask, also `--dask local` with N workers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.run import batch  # noqa: E402

SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")


def real_pages(folder: Path) -> list[Path]:
    """Local copies of every real page: the fixtures, the article benchmark, the realworld pages."""
    pages = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
    for packed in sorted((SHARED / "article-benchmark" / "html").glob("*.html.gz")):
        page = folder / packed.name.removesuffix(".gz")
        page.write_bytes(gzip.decompress(packed.read_bytes()))
        pages.append(page)
    pages += sorted((SHARED / "realworld" / "pages").glob("*.html"))
    return pages


def child(source: str, out: str, workers: int, dask: bool) -> dict[str, float]:
    settings = batch.RunSettings(cache_dir=None, workers=workers, dask="local" if dask else None)
    started = time.perf_counter()
    summary = batch.run(source, out, settings)
    elapsed = time.perf_counter() - started
    return {
        "inputs": summary.ok + summary.failed,
        "ok": summary.ok,
        "claims": summary.claims,
        "seconds": elapsed,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_child(source: Path, out: Path, workers: int, *, dask: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(source), str(out), "--workers", str(workers)]
    command += ["--dask"] if dask else []
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def same_files(a: Path, b: Path) -> bool:
    def status(path: Path) -> list[dict]:
        lines = [json.loads(line) for line in batch.status_path(path).read_text().splitlines()]
        return [{k: v for k, v in line.items() if k != "elapsed_s"} for line in lines]

    return a.read_bytes() == b.read_bytes() and status(a) == status(b)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--count", type=int, default=160, help="inputs (real pages, cycled if fewer)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--dask", action="store_true", help="also run --dask local with N workers")
    parser.add_argument("--child", nargs=2, metavar=("INPUT", "OUT"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, args.workers, args.dask)))
        return

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        pages = real_pages(here)
        inputs = [pages[n % len(pages)] for n in range(max(args.count, len(pages)))]
        source = here / "pages.txt"
        source.write_text("".join(f"{page}\n" for page in inputs))
        print(f"{len(inputs)} inputs ({len(pages)} distinct real pages), {args.rounds} round(s)")
        modes = [("1 worker", 1, False), (f"{args.workers} workers", args.workers, False)]
        if args.dask:
            modes.append((f"dask local, {args.workers} workers", args.workers, True))
        seconds: dict[str, list[float]] = {name: [] for name, _, _ in modes}
        for round_number in range(args.rounds):
            for name, workers, dask in modes:
                out = here / f"{name.replace(' ', '_').replace(',', '')}.jsonl"
                figures = in_child(source, out, workers, dask=dask)
                seconds[name].append(figures["seconds"])
                print(
                    f"round {round_number + 1}, {name}: {figures['ok']}/{figures['inputs']} ok, "
                    f"{figures['claims']} claims, {figures['seconds']:.1f}s = "
                    f"{figures['inputs'] / figures['seconds']:.2f} articles/s; peak RSS main "
                    f"{figures['main_rss_mb']:.0f} MB, largest worker {figures['worker_rss_mb']:.0f} MB"
                )
            reference = here / "1_worker.jsonl"
            for name, _, _ in modes[1:]:
                out = here / f"{name.replace(' ', '_').replace(',', '')}.jsonl"
                same = same_files(reference, out)
                print(f"  {name}: records and status lines identical to 1 worker: {same}")
        best = {name: min(values) for name, values in seconds.items()}
        one = best["1 worker"]
        for name, _, _ in modes[1:]:
            print(f"speed-up, {name} over 1 (best of rounds): {one / best[name]:.2f}x (target >= 1.6x)")


if __name__ == "__main__":
    main()
