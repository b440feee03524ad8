"""How fast `extractor diff` compares two large record files, and how much memory it takes.

Writes two files of 100,000 records each (2,000 articles of 50 claims; in NEW about 2 % of the claims
have a changed field, 1 % an edited sentence (so a new claim_id), 1 % are gone, 1 % are new, and
20 articles are replaced by 20 others), then times reading and pairing them and each rendering.
A second case puts 20,000 claims of the same value in one article, 10 % of them with edited
sentences, to show the pairing stays linear where every claim is a candidate for every other.

Usage: .venv/bin/python benchmarks/bench_diff.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractor.diff import diff_files, write_html, write_json, write_text
from extractor.normalize.records import claim_id

WORDS = (
    "officials said people were killed wounded in the attack on the city near border forces reported "
    "according to ministry local police more than at least about soldiers civilians villages region"
).split()


def record(url: str, paragraph: int, sentence: str, number: str, value: int) -> dict[str, Any]:
    offset = sentence.index(number)
    start = paragraph * 400 + offset
    return {
        "schema": "extractor.claim/1",
        "claim_id": claim_id(url, sentence, offset),
        "article": {"url": url, "title": f"Title {url}", "site": "news.example", "published": "2024-03-04"},
        "section": "body",
        "paragraph": paragraph,
        "sentence": sentence,
        "text": number,
        "span": {"start": start, "end": start + len(number)},
        "value": value,
        "qualifier": "exact",
        "lower": None,
        "upper": None,
        "unit": None,
        "counted": "people",
        "category": "killed",
        "party": None,
        "source": {
            "text": "Officials",
            "name": "officials",
            "kind": "government",
            "cue": "said",
            "inherited": False,
        },
        "time": {"text": "on Monday", "start": "2024-03-04", "end": "2024-03-04", "granularity": "day"},
        "rate_per": None,
        "extractor": {"version": "0.1.0", "model": "en_core_web_sm-3.8.0"},
    }


def sentence_with(rng: random.Random, number: str) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 30))
    words.insert(rng.randint(0, len(words)), number)
    return " ".join(words).capitalize() + "."


def edited(rng: random.Random, sentence: str) -> str:
    """The sentence with one word changed (not the number)."""
    words = sentence.rstrip(".").split(" ")
    at = rng.choice([i for i, word in enumerate(words) if not word[0].isdigit()])
    words[at] = "reportedly"
    return " ".join(words) + "."


def many_articles(claims: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    old, new = [], []
    articles = claims // 50
    replaced = set(rng.sample(range(articles), 20))
    for a in range(articles):
        url = f"https://news.example/{a}"
        for c in range(50):
            number = str(rng.randint(1, 5000))
            claim = record(url, c // 3, sentence_with(rng, number), number, int(number))
            old.append(claim)
            if a in replaced:
                continue
            roll = rng.random()
            if roll < 0.02:
                new.append({**claim, "value": claim["value"] + 1, "category": "wounded"})
            elif roll < 0.03:
                new.append(record(url, c // 3, edited(rng, claim["sentence"]), number, int(number)))
            elif roll < 0.04:
                continue  # removed
            elif roll < 0.05:
                new.append(claim)
                extra = str(rng.randint(1, 5000))
                new.append(record(url, c // 3, sentence_with(rng, extra), extra, int(extra)))
            else:
                new.append(claim)
    for a in replaced:
        url = f"https://news.example/new-{a}"
        for c in range(50):
            number = str(rng.randint(1, 5000))
            new.append(record(url, c // 3, sentence_with(rng, number), number, int(number)))
    return old, new


def one_big_article(claims: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    url = "https://news.example/live-blog"
    old = [record(url, c // 3, sentence_with(rng, "1"), "1", 1) for c in range(claims)]
    edit = {i for i in range(claims) if rng.random() < 0.1}
    new = [
        record(url, claim["paragraph"], edited(rng, claim["sentence"]), "1", 1) if i in edit else claim
        for i, claim in enumerate(old)
    ]
    return old, new


def timed(label: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    print(f"  {label:<28} {time.perf_counter() - started:6.2f} s")
    return result


def run_case(name: str, old: list[dict], new: list[dict], folder: Path) -> None:
    old_path, new_path = folder / f"{name}-old.jsonl", folder / f"{name}-new.jsonl"
    for path, records in ((old_path, old), (new_path, new)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    size = (old_path.stat().st_size + new_path.stat().st_size) / 1e6
    print(f"{name}: {len(old):,} old and {len(new):,} new records ({size:.0f} MB)")
    result = timed("read + pair + compare", lambda: diff_files(old_path, new_path))
    for label, render in (("text", write_text), ("json", write_json), ("html", write_html)):
        out = io.StringIO()
        timed(f"render {label}", lambda render=render, out=out: render(result, out))
        print(f"  {'':<28} {len(out.getvalue()) / 1e6:6.1f} MB of {label}")
    print(f"  {result.summary()}")
    # The command in a process of its own, which reports its own peak memory (VmHWM: ru_maxrss
    # would count the memory of this process, inherited through fork).
    report = (
        "import atexit, re; atexit.register(lambda: print(re.search(r'VmHWM:\\s*(\\d+)', "
        "open('/proc/self/status').read())[1])); from extractor.cli import main; main()"
    )
    command = [sys.executable, "-c", report, "diff", str(old_path), str(new_path), "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run([*command, "-o", os.devnull], check=False, capture_output=True, text=True)
    seconds, peak = time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024
    label = "extractor diff --format json"
    print(f"  {label:<28} {seconds:6.2f} s, exit {done.returncode}, peak memory {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--big-article", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        run_case("many-articles", *many_articles(args.claims, rng), Path(folder))
        run_case("one-big-article", *one_big_article(args.big_article, rng), Path(folder))


if __name__ == "__main__":
    main()
