"""How long the command line takes to start: `extractor --version`, `--help` and `import extractor`.

Each command runs `--runs` times in a fresh process; the best and the median wall times are printed
(the target of issue 12: --help and --version under 0.3 s). Under load, the median says more.

Usage: .venv/bin/python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXTRACTOR = Path(sys.executable).with_name("extractor")
COMMANDS = {
    "extractor --version": [str(EXTRACTOR), "--version"],
    "extractor --help": [str(EXTRACTOR), "--help"],
    "python -c 'import extractor'": [sys.executable, "-c", "import extractor"],
}


def wall_times(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    for name, command in COMMANDS.items():
        times = wall_times(command, runs)
        print(f"{name:32} best {min(times):.3f} s   median {statistics.median(times):.3f} s   ({runs} runs)")


if __name__ == "__main__":
    main()
