"""Benchmark of `extractor run`: fetching throughput against its bound, and peak memory vs input size.

    .venv/bin/python benchmarks/bench_batch.py [--urls 2000] [--latency 0.05]

Servers: 8 real HTTP servers on 127.0.0.1 ... 127.0.0.8 (tests/fault_server.py), each answering
``/latency`` with a small article after `latency` seconds. The measured code runs in a child process
so the servers do not share its GIL.

1. Fetching alone (extractor.run.fetch.Fetcher, robots.txt honoured): URLs per second for N URLs, against
   the bound min(concurrency, per_host × hosts) / latency. Target: at least 80 % of the bound.
2. A whole run (batch.run: fetch, cache, parse, spaCy, write) over 500 and over N URLs, each in a
   fresh process: peak RSS of the main process and of the extraction worker (getrusage maxrss).
   Target: the larger run within 1.2 × the smaller's peak.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fault_server import FaultServer  # noqa: E402

from extractor.run import batch  # noqa: E402
from extractor.run.fetch import Fetcher, FetchSettings  # noqa: E402

HOSTS = [f"127.0.0.{k}" for k in range(1, 9)]
SETTINGS = FetchSettings(concurrency=16, per_host=2)


def urls(bases: list[str], count: int) -> list[str]:
    return [f"{bases[n % len(bases)]}/latency?n={n}" for n in range(count)]


async def fetch_all(addresses: list[str]) -> int:
    pages = 0
    async with Fetcher(SETTINGS) as fetcher:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for address in addresses:
            queue.put_nowait(address)

        async def worker() -> None:
            nonlocal pages
            while not queue.empty():
                page, _ = await fetcher.fetch(queue.get_nowait())
                pages += page.status == 200

        await asyncio.gather(*(worker() for _ in range(SETTINGS.concurrency)))
    return pages


def child_fetch(bases: list[str], count: int) -> dict[str, float]:
    addresses = urls(bases, count)
    started = time.perf_counter()
    pages = asyncio.run(fetch_all(addresses))
    elapsed = time.perf_counter() - started
    return {"pages": pages, "seconds": elapsed, "urls_per_s": count / elapsed}


def child_run(bases: list[str], count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "urls.txt"
        source.write_text("".join(url + "\n" for url in urls(bases, count)))
        started = time.perf_counter()
        summary = batch.run(
            source,
            Path(folder) / "claims.jsonl",
            batch.RunSettings(fetch=SETTINGS, cache_dir=Path(folder) / "cache"),
        )
        elapsed = time.perf_counter() - started
    return {
        "ok": summary.ok,
        "claims": summary.claims,
        "seconds": elapsed,
        "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def in_child(mode: str, bases: list[str], count: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", mode, "--urls", str(count), "--bases", *bases]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--child", choices=["fetch", "run"])
    parser.add_argument("--bases", nargs="*")
    parser.add_argument("--fetch-only", action="store_true", help="skip the whole-run memory figures")
    args = parser.parse_args()
    if args.child:
        work = child_fetch if args.child == "fetch" else child_run
        print(json.dumps(work(args.bases, args.urls)))
        return

    with ExitStack() as stack:
        servers = [stack.enter_context(FaultServer(host=host, latency=args.latency)) for host in HOSTS]
        bases = [server.base for server in servers]
        bound = min(SETTINGS.concurrency, SETTINGS.per_host * len(HOSTS)) / args.latency
        fetched = in_child("fetch", bases, args.urls)
        rate = fetched["urls_per_s"]
        print(
            f"fetch only: {args.urls} URLs in {fetched['seconds']:.2f}s = {rate:.0f} URLs/s; "
            f"bound {bound:.0f} URLs/s (concurrency {SETTINGS.concurrency}, per host {SETTINGS.per_host}, "
            f"{len(HOSTS)} hosts, {args.latency * 1000:.0f} ms); {rate / bound:.0%} of the bound"
        )
        if args.fetch_only:
            return
        runs = {count: in_child("run", bases, count) for count in (500, args.urls)}
        for count, figures in runs.items():
            print(
                f"whole run, {count} URLs: {figures['ok']} ok, {figures['claims']} claims, "
                f"{figures['seconds']:.1f}s ({count / figures['seconds']:.0f} URLs/s); peak RSS main "
                f"{figures['main_rss_mb']:.0f} MB, extraction worker {figures['worker_rss_mb']:.0f} MB"
            )
        small, large = runs[500], runs[args.urls]
        print(
            f"peak RSS {args.urls} vs 500: main {large['main_rss_mb'] / small['main_rss_mb']:.2f}x, "
            f"worker {large['worker_rss_mb'] / small['worker_rss_mb']:.2f}x (target <= 1.2x)"
        )


if __name__ == "__main__":
    main()
