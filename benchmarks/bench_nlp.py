"""Benchmark of the NLP and normalize stages against bare spaCy on the same texts.

    .venv/bin/python benchmarks/bench_nlp.py [--articles 300] [--rounds 3]

What is compared. The real pages at hand (fixtures/pages, ../shared/article-benchmark/html (gzipped),
../shared/realworld/pages: 137 pages that hold an article) are parsed once
(extractor.article.parse_html) and their list repeated to at least `--articles` articles; both sides
get exactly these article texts, whole:

(a) bare: `nlp.pipe` over the full article texts with the base model alone (spacy.load of
    extractor.nlp.model_name(), every component of the model on every token, none of the project's);
(b) project: Extractor().extract_articles over the same articles: everything the project does to turn
    an article into records (its pipeline on top of the same model, over the same full texts, plus
    normalize; records built but not written). Should the project ever skip part of a text, the bare
    side still parses all of it: the speed-up is the project's cost against plain spaCy, not against itself.

(c) with --numpy-blas, also bare `nlp.pipe` with the matrix products the project uses (thinc's numpy
    ops without BLIS, one BLAS thread): how much of the speed-up the focused reading buys on its own.

Each round runs each side in a fresh process (so that each has its own peak RSS), bare then project,
after a short warm-up; alternating the sides spreads the load of a shared machine over both. Reports,
for both sides, the best and the median of `--rounds` rounds in articles per second, by the wall clock
and by the process's CPU time (which other work on a shared machine disturbs far less), the speed-up
bare time / project time for the bests and for the medians (issue 12's target: at least 1.3), and the
peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.article import Article, ArticleError, parse_html  # noqa: E402
from extractor.pipeline import DEFAULT_BATCH_SIZE  # noqa: E402

SHARED = ROOT.parent / "shared"
PAGES = [
    *sorted((ROOT / "fixtures" / "pages").glob("*.html")),
    *sorted((SHARED / "article-benchmark" / "html").glob("*.html*")),
    *sorted((SHARED / "realworld" / "pages").glob("*.html")),
]
TARGET_SPEEDUP = 1.3  # issue 12: the project at least 1.3x faster than bare nlp.pipe (aim 1.5x)
WARM_UP = 16
SIDES = {
    "bare": "bare nlp.pipe",
    "project": "project nlp + normalize",
    "bare-numpy": "bare nlp.pipe, numpy BLAS on one thread",
}


def real_articles() -> list[Article]:
    """Every page at hand that holds an article (a few benchmark pages hold none: left out)."""
    found = []
    for page in PAGES:
        raw = page.read_bytes()
        try:
            found.append(parse_html(gzip.decompress(raw) if page.suffix == ".gz" else raw))
        except ArticleError:
            continue
    return found


def articles(count: int) -> list[Article]:
    parsed = real_articles()
    repeats = -(-count // len(parsed))
    return (parsed * repeats)[: max(count, len(parsed))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(phase: str, count: int) -> dict[str, float]:
    """One timed round of one side, in this process: seconds for the articles, peak RSS."""
    batch = articles(count)
    texts = [article.text for article in batch]
    if phase in ("bare", "bare-numpy"):
        import spacy
        from thinc.api import use_ops

        from extractor.nlp import model_name
        from extractor.nlp.model import one_blas_thread

        if phase == "bare":
            nlp = spacy.load(model_name())
        else:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(model_name())

        def process(count: int) -> None:
            docs = nlp.pipe(texts[:count], batch_size=DEFAULT_BATCH_SIZE)
            for _ in one_blas_thread(docs) if phase == "bare-numpy" else docs:
                pass
    else:
        from extractor.pipeline import Extractor

        extractor = Extractor()

        def process(count: int) -> None:
            for _ in extractor.extract_articles(batch[:count], batch_size=DEFAULT_BATCH_SIZE):
                pass

    process(WARM_UP)
    started, cpu_started = time.perf_counter(), time.process_time()
    process(len(batch))
    return {
        "articles": len(batch),
        "characters": sum(map(len, texts)),
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_phase(phase: str, count: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", phase, "--articles", str(count)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="at least this many articles")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per side")
    parser.add_argument("--numpy-blas", action="store_true", help="also bare nlp.pipe with numpy's BLAS")
    parser.add_argument("--phase", choices=list(SIDES), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phase:
        print(json.dumps(measure(options.phase, options.articles)))
        return

    sides = {side: name for side, name in SIDES.items() if options.numpy_blas or side != "bare-numpy"}
    rounds: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(options.rounds):
        for side in sides:
            rounds[side].append(run_phase(side, options.articles))
    first = rounds["bare"][0]
    print(
        f"{first['articles']} articles ({len(real_articles())} real pages repeated), "
        f"{first['characters']:,} characters, batch size {DEFAULT_BATCH_SIZE}, {options.rounds} rounds"
    )
    summary: dict[tuple[str, str, str], float] = {}
    for side, name in sides.items():
        rss = max(figures["peak_rss_mb"] for figures in rounds[side])
        print(f"  {name} (peak RSS {rss:.0f} MB)")
        for clock, key in (("wall", "seconds"), ("cpu", "cpu_seconds")):
            seconds = [figures[key] for figures in rounds[side]]
            best, median = min(seconds), statistics.median(seconds)
            summary[side, clock, "best"], summary[side, clock, "median"] = best, median
            print(
                f"    {clock:<4} best {best:6.2f} s {first['articles'] / best:6.1f} articles/s  "
                f"median {median:6.2f} s {first['articles'] / median:6.1f} articles/s  "
                f"rounds: {' '.join(f'{s:.2f}' for s in seconds)}"
            )
    for clock in ("wall", "cpu"):
        for label in ("best", "median"):
            speedup = summary["bare", clock, label] / summary["project", clock, label]
            verdict = "meets" if speedup >= TARGET_SPEEDUP else "BELOW"
            print(
                f"  speed-up bare time / project time, {clock} {label:<6}: {speedup:.2f}x "
                f"({verdict} the {TARGET_SPEEDUP}x target; <1 means the project is slower)"
            )
    if "bare-numpy" in sides:
        for clock in ("wall", "cpu"):
            speedup = summary["bare-numpy", clock, "best"] / summary["project", clock, "best"]
            print(
                f"  speed-up bare time with numpy BLAS / project time, {clock} best: {speedup:.2f}x "
                "(what the focused reading buys on its own)"
            )


if __name__ == "__main__":
    main()
