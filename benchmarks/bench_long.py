"""Benchmark of cost against article size: per-character rate and peak memory at 10k, 50k and 200k
characters, against the rate of ordinary articles.

    .venv/bin/python benchmarks/bench_long.py [--sizes 10000 50000 200000]

The long articles are the fixture pages' texts one after another as the paragraphs of one article
(the headlines become paragraphs), cut to about the size asked. Each size runs in a fresh process
(so that each has its own peak RSS) after a warm-up on one short article; the ordinary rate is the
fixture pages' own texts in one `extract_articles` call. Reports characters per CPU second (which a
shared machine disturbs less than the wall clock), the ratio to the ordinary rate (issue 12's target:
at least 0.6 at 200k characters) and the peak RSS (target: at most 600 MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.article import Article, parse_html  # noqa: E402

PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
TARGET_RATE_RATIO = 0.6
TARGET_RSS_MB = 600


def fixture_texts() -> list[str]:
    return [parse_html(page.read_bytes()).text for page in PAGES]


def long_article(characters: int) -> Article:
    texts, pieces, length = fixture_texts(), [], 0
    while length < characters:
        pieces.append(texts[len(pieces) % len(texts)])
        length += len(pieces[-1]) + 2
    body = tuple(p for p in "\n\n".join(pieces)[:characters].split("\n\n") if p.strip())
    return Article(url="https://example.org/long", title=None, site=None, published="2024-05-01", body=body)


def measure(size: int) -> dict[str, float]:
    from extractor.pipeline import Extractor

    extractor = Extractor()
    extractor.extract_text("Officials said 12 homes were damaged on Monday.")  # warm-up
    articles = (
        [long_article(size)]
        if size
        else [Article(None, None, None, None, tuple(t.split("\n\n"))) for t in fixture_texts()]
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    claims = sum(len(found) for found in extractor.extract_articles(articles))
    return {
        "characters": sum(len(a.text) for a in articles),
        "claims": claims,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(size: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", str(size)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure is not None:
        print(json.dumps(measure(options.measure)))
        return
    ordinary = run(0)
    base_rate = ordinary["characters"] / ordinary["cpu_seconds"]
    print(
        f"ordinary articles ({len(PAGES)} fixture pages, {ordinary['characters']:,} characters): "
        f"{base_rate:,.0f} characters per CPU second, peak RSS {ordinary['peak_rss_mb']:.0f} MB"
    )
    for size in options.sizes:
        figures = run(size)
        rate = figures["characters"] / figures["cpu_seconds"]
        print(
            f"  {figures['characters']:>9,} characters: {figures['cpu_seconds']:6.1f} s CPU "
            f"({figures['seconds']:.1f} s wall), {rate:,.0f} characters/s = {rate / base_rate:.2f}x the "
            f"ordinary rate (target >= {TARGET_RATE_RATIO}), peak RSS {figures['peak_rss_mb']:.0f} MB "
            f"(target <= {TARGET_RSS_MB}), {figures['claims']} claims"
        )


if __name__ == "__main__":
    main()
