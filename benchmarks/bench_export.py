"""Benchmark of `extractor export` and `extractor urls` on large inputs.

    .venv/bin/python benchmarks/bench_export.py [--records 100000] [--urls 50000]

1. Export: the bundled fixtures' records repeated (each copy with its own claim_id) to N records,
   written as CSV, SQLite and Parquet: records per second, file size, peak RSS of each export (a
   fresh process each). Target: memory flat in N (rows are written in batches of 5,000).
2. Listing: a local sitemap of M URLs (the protocol's largest is 50,000) and the same gzipped, read by
   `extractor urls`: seconds and URLs per second.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "expected.jsonl"
SUFFIXES = {"csv": "csv", "sqlite": "db", "parquet": "parquet"}
CHILD = """
import resource, sys, time
from extractor.export import export_file
started = time.perf_counter()
count = export_file(sys.argv[1], sys.argv[2], sys.argv[3])
print(count, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def records_file(folder: Path, count: int) -> Path:
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    path = folder / "claims.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            record = json.loads(lines[index % len(lines)])
            record["claim_id"] = hashlib.sha256(f"{index}".encode()).hexdigest()[:16]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def bench_export(folder: Path, count: int) -> None:
    source = records_file(folder, count)
    print(f"export of {count} records ({source.stat().st_size / 1e6:.0f} MB of JSON Lines)")
    for to, suffix in SUFFIXES.items():
        out = folder / f"claims.{suffix}"
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(source), str(out), to],
            capture_output=True,
            text=True,
            check=True,
        )
        rows, seconds, peak_kb = done.stdout.split()
        print(
            f"  {to:8} {int(rows) / float(seconds):9.0f} records/s  {out.stat().st_size / 1e6:7.1f} MB  "
            f"peak RSS {int(peak_kb) / 1024:.0f} MB"
        )


def bench_urls(folder: Path, count: int) -> None:
    items = "".join(
        f"<url><loc>https://news.example/2024/{i}</loc><lastmod>2024-03-01</lastmod></url>\n"
        for i in range(count)
    )
    sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}</urlset>\n'.encode()
    plain, packed = folder / "sitemap.xml", folder / "sitemap.xml.gz"
    plain.write_bytes(sitemap)
    packed.write_bytes(gzip.compress(sitemap))
    extractor = str(Path(sys.executable).parent / "extractor")
    for path in (plain, packed):
        started = time.perf_counter()
        done = subprocess.run(
            [extractor, "urls", str(path), "--cache", "", "--max-bytes", str(len(sitemap) + 1)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - started
        found = len(done.stdout.splitlines())
        print(f"  urls {path.name:15} {found} URLs in {seconds:.2f}s ({found / seconds:.0f}/s with start-up)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--urls", type=int, default=50_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_export(Path(folder), options.records)
        bench_urls(Path(folder), options.urls)


if __name__ == "__main__":
    main()
