"""Benchmark of `extractor figures` at scale, and of the page it draws.

    .venv/bin/python benchmarks/bench_figures.py [--records 1000000] [--page-claims 10000]

1. Grouping: N synthetic claim records (made here, full records of about 1 KB each: 5,000 quantities
   with a long tail, 600 sources, 30 a quantity, three years of days; totals that grow, one source in
   six far below the others, so that flags are many but not every pair), grouped by `extractor figures`
   in a fresh process, as JSON and as CSV: seconds, records per second, peak RSS of the process (DuckDB's
   memory included). Target at 1,000,000 records: under a minute and under 1 GB.
2. The page: M claims of the same kind drawn as the HTML page: seconds to make it, its weight, and,
   when Chromium is installed, the time to its load event in headless Chromium (median of three).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUANTITIES = 5_000
SOURCES = 600
CATEGORIES = ("killed", "wounded", "casualties", "displaced", "missing", "captured", "equipment", "other")
PARTIES = (None, "Russia", "Ukraine", "Sudan", "Israel", "Gaza", "Hamas", "Syria", "Yemen", "Myanmar")
THINGS = tuple(
    f"{adjective} {noun}"
    for adjective in ("", "local", "foreign", "young", "elderly")
    for noun in ("soldiers", "troops", "civilians", "homes", "tanks", "children", "drones", "workers",
                 "cases", "refugees", "vehicles", "fighters", "patients", "schools", "jobs", "farms", "boats")
)  # fmt: skip
UNITS = (None, None, None, "percent", "USD")
CHILD = """
import resource, sys, time
from extractor.cli import cli
started = time.perf_counter()
cli.main(sys.argv[1:], standalone_mode=False)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def synthetic_claims(path: Path, count: int, quantities: int = QUANTITIES) -> Path:
    """`count` claim records as `extractor extract` writes them; quantity q is picked with a long tail
    (a few quantities with tens of thousands of claims, most with a handful)."""
    chooser = random.Random(22)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            quantity = int(quantities * chooser.random() ** 3)
            day = 1 + (n * 13 + quantity) % 1_000
            year, rest = divmod(day, 365)
            published = f"{2021 + year}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}"
            speaker = (quantity * 17 + n % 30) % SOURCES
            who = f"Source {speaker}"
            # a running total that grows over the days; one source in six gives a quarter of it
            value = int((500 + quantity * 37 % 50_000) * (1 + day / 500) * (0.25 if speaker % 6 == 0 else 1))
            sentence = f"{who} said on Monday that {value:,} people had been affected in district {n % 977}."
            url = f"https://outlet{n % 200}.example/{published}/story-{n // 7}"
            record = {
                "schema": "extractor.claim/1",
                "claim_id": f"{n:016x}",
                "article": {"url": url, "title": f"Story {n // 7}", "site": f"Outlet {n % 200}",
                            "published": f"{published}T08:00:00+00:00"},
                "section": "body",
                "paragraph": n % 12,
                "sentence": sentence,
                "text": f"{value:,}",
                "span": {"start": 100, "end": 106},
                "value": value,
                "qualifier": "exact",
                "lower": value,
                "upper": value,
                "unit": UNITS[quantity % len(UNITS)],
                "counted": THINGS[quantity % len(THINGS)].strip(),
                "category": CATEGORIES[quantity // len(THINGS) % len(CATEGORIES)],
                "party": PARTIES[quantity // 7 % len(PARTIES)],
                "source": {"text": who, "name": who, "kind": "government", "cue": "said", "inherited": False},
                "time": {"text": "on Monday", "start": published, "end": published, "granularity": "day"},
                "rate_per": None,
                "extractor": {"version": "0.1.0", "model": "synthetic"},
                "kind": None,
                "direction": None,
            }  # fmt: skip
            out.write(json.dumps(record) + "\n")
    return path


def run_child(*arguments: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `extractor ARGUMENTS` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *arguments], capture_output=True, text=True, check=True
    )
    seconds, peak_kb = done.stdout.split()[-2:]
    return float(seconds), int(peak_kb) / 1024


def bench_grouping(folder: Path, count: int) -> None:
    started = time.perf_counter()
    claims = synthetic_claims(folder / "claims.jsonl", count)
    made = time.perf_counter() - started
    size = claims.stat().st_size / 1e6
    print(f"grouping {count:,} records ({size:,.0f} MB of JSON Lines, made in {made:.0f} s)")
    for fmt in ("json", "csv"):
        out = folder / f"figures.{fmt}"
        seconds, peak = run_child("figures", str(claims), "--format", fmt, "-o", str(out))
        print(
            f"  --format {fmt:4}  {seconds:6.1f} s  {count / seconds:9,.0f} records/s  "
            f"peak RSS {peak:5.0f} MB  output {out.stat().st_size / 1e6:,.0f} MB"
        )
        out.unlink()
    claims.unlink()


PROBE = (
    '<script>addEventListener("load", () => { const pre = document.createElement("pre"); pre.id = "probe";'
    ' pre.textContent = performance.getEntriesByType("navigation")[0].loadEventStart;'
    " document.body.append(pre); });</script>"
)


def chromium_load_ms(page: Path, folder: Path) -> float | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        return None
    probed = folder / "probed.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    times = []
    for attempt in range(3):
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={folder / f'profile-{attempt}'}", "--dump-dom", probed.as_uri()],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        found = re.search(r'<pre id="probe">([\d.]+)</pre>', done.stdout)
        if found:
            times.append(float(found[1]))
    return statistics.median(times) if times else None


def bench_page(folder: Path, count: int) -> None:
    claims = synthetic_claims(folder / "page.jsonl", count, quantities=400)
    page = folder / "figures.html"
    seconds, peak = run_child("figures", str(claims), "-o", str(page))
    text = page.read_text(encoding="utf-8")
    charts = text.count('<div class="chart"><svg')
    svg = sum(len(chart) for chart in re.findall(r'<div class="chart">.*?</svg>', text, re.S))
    print(
        f"page of {count:,} claims: made in {seconds:.1f} s (peak RSS {peak:.0f} MB), "
        f"{page.stat().st_size / 1e6:.1f} MB ({page.stat().st_size / count:.0f} bytes a claim), "
        f"{charts} charts ({svg / max(charts, 1) / 1e3:.0f} kB each)"
    )
    load = chromium_load_ms(page, folder)
    print(
        f"  Chromium load event: {load:.0f} ms (median of 3)"
        if load
        else "  (no Chromium: load not measured)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--page-claims", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as name:
        folder = Path(name)
        bench_page(folder, options.page_claims)
        bench_grouping(folder, options.records)


if __name__ == "__main__":
    main()
