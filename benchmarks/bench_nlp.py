"""Benchmark of the NLP and normalize stages against bare spaCy on the same texts.

    .venv/bin/python benchmarks/bench_nlp.py [--articles 500] [--rounds 3]

The fixture pages are parsed once (extractor.article.parse_html) and their list repeated to at least
`--articles` articles. Two measurements, each in a fresh process so that each has its own peak RSS:

(a) bare: `nlp.pipe` over the article texts with the base model alone (spacy.load of
    extractor.nlp.model_name(), none of the project's components);
(b) project: Extractor().extract_articles over the same articles (the project's nlp pipeline plus
    normalize, records built but not written).

Both use the same batch size and are timed after a short warm-up; the best of `--rounds` rounds counts.
Reports articles per second for both, the ratio (project time / bare time; target ≤ 1.3) and the peak
RSS of each process.
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
from extractor.pipeline import DEFAULT_BATCH_SIZE  # noqa: E402

PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
TARGET_RATIO = 1.3
WARM_UP = 16


def articles(count: int) -> list[Article]:
    parsed = [parse_html(page.read_bytes()) for page in PAGES]
    repeats = -(-count // len(parsed))
    return (parsed * repeats)[: max(count, len(parsed))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def best_seconds(work, rounds: int) -> float:
    """The fastest of `rounds` runs of `work()`: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def measure(phase: str, count: int, rounds: int) -> dict[str, float]:
    """One phase, in this process: seconds for the articles, articles per second, peak RSS."""
    batch = articles(count)
    texts = [article.text for article in batch]
    if phase == "bare":
        import spacy

        from extractor.nlp import model_name

        nlp = spacy.load(model_name())

        def process(count: int) -> None:
            for _ in nlp.pipe(texts[:count], batch_size=DEFAULT_BATCH_SIZE):
                pass
    else:
        from extractor.pipeline import Extractor

        extractor = Extractor()

        def process(count: int) -> None:
            for _ in extractor.extract_articles(batch[:count], batch_size=DEFAULT_BATCH_SIZE):
                pass

    process(WARM_UP)
    seconds = best_seconds(lambda: process(len(batch)), rounds)
    return {
        "articles": len(batch),
        "characters": sum(map(len, texts)),
        "seconds": seconds,
        "articles_per_second": len(batch) / seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_phase(phase: str, count: int, rounds: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", phase, "--articles", str(count), "--rounds", str(rounds)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="at least this many articles")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per phase; the best counts")
    parser.add_argument("--phase", choices=["bare", "project"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phase:
        print(json.dumps(measure(options.phase, options.articles, options.rounds)))
        return

    bare = run_phase("bare", options.articles, options.rounds)
    project = run_phase("project", options.articles, options.rounds)
    ratio = project["seconds"] / bare["seconds"]
    print(f"{bare['articles']} articles ({len(PAGES)} fixture pages repeated), "
          f"{bare['characters']:,} characters, batch size {DEFAULT_BATCH_SIZE}, best of {options.rounds}")
    for name, figures in (("bare nlp.pipe", bare), ("project nlp + normalize", project)):
        print(f"  {name:<24} {figures['seconds']:7.2f} s  {figures['articles_per_second']:7.1f} articles/s  "
              f"peak RSS {figures['peak_rss_mb']:6.0f} MB")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio project / bare: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")


if __name__ == "__main__":
    main()
