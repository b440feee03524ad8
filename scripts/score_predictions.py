#!/usr/bin/env python3
"""Score a folder of records, one NAME.jsonl a gold page (what `extractor train --cv --predictions`
writes), with the real-article set's own scorer, as `make cv` does: all articles, then each fold of the
set's odd and even ids.

    .venv/bin/python scripts/score_predictions.py ../shared/realworld out/cv
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(realworld: Path, predictions: Path) -> int:
    golds = sorted((realworld / "gold").glob("*.json"))
    for name, keep in (
        ("all", lambda n: True),
        ("odd", lambda n: n % 2 == 1),
        ("even", lambda n: n % 2 == 0),
    ):
        pairs = [str(x) for g in golds if keep(int(g.stem)) for x in (g, predictions / f"{g.stem}.jsonl")]
        result = subprocess.run(
            [sys.executable, str(realworld / "score.py"), *pairs], capture_output=True, text=True
        )
        print(f"{name:>4}: {result.stdout.strip()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
