"""Headless Chromium for the tests of the pages the project writes (the diff review, the figures page):
which browser, how it is started on this closed network, and the script that collects page errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Collects the page's script errors from the first moment: the probe reads window.__errors.
ERRORS = '<script>window.__errors = []; addEventListener("error", (e) => __errors.push(e.message));</script>'


def browser(install_hint: str) -> str:
    """The Chromium to run ($EXTRACTOR_BROWSER first); the test skips, saying how to get one, without."""
    for name in (os.environ.get("EXTRACTOR_BROWSER"), *BROWSERS):
        if name and (found := shutil.which(name)):
            return found
    pytest.skip(f"no Chromium installed ({install_hint})")


def chromium(
    tmp_path: Path, *arguments: str, install_hint: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Chromium headless with a fresh profile and nothing of its own fetched (the machine's network is
    closed: background requests would be refused, many at a time)."""
    command = [
        browser(install_hint),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,900",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)
