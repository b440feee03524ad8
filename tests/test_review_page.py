"""The HTML review of a large diff, checked as a reader meets it: the page itself (one file, summary
first, titles, structured fields) and, in headless Chromium, what is on screen after opening it,
following each summary link and using the filters. `make review-check` installs the browser."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import headless
import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.diff import diff_records
from extractor.normalize.records import claim_id
from extractor.records import ArticleRef, Claim, ExtractorInfo, Source, TextSpan, TimeRef

ARTICLES = 8  # six changed, one removed, one added
CLAIMS = 24


def make_claim(article: int, n: int, **changes: Any) -> dict[str, Any]:
    url = f"https://news{article}.example/2024/03/story-{article}"
    number = str(100 + 7 * n)
    sentence = f"Officials in district {n} said {number} homes were damaged by the storm on Monday."
    offset = sentence.index(number)
    record = Claim(
        claim_id=claim_id(url, sentence, offset),
        article=ArticleRef(
            url=url,
            title=f"Storm damage in region {article}",
            site=f"Daily {article}",
            published="2024-03-05",
        ),
        section="body",
        paragraph=n,
        sentence=sentence,
        text=number,
        span=TextSpan(50 * n + offset, 50 * n + offset + len(number)),
        value=int(number),
        qualifier="exact",
        lower=int(number),
        upper=int(number),
        unit=None,
        counted="homes",
        category="other",
        party=None,
        source=Source(text=f"Officials in district {n}", name="officials", kind="government", cue="said"),
        time=TimeRef(text="on Monday", start="2024-03-04", end="2024-03-04", granularity="day"),
        rate_per=None,
        extractor=ExtractorInfo(version="0.1.0", model="en_core_web_sm-3.8.0"),
    ).to_dict()
    record.update(changes)
    return record


def review_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Old and new records: in each of six articles claims change category, source or time, some are
    removed and some added; a seventh article is removed and an eighth added."""
    old, new = [], []
    for article in range(ARTICLES - 1):
        for n in range(CLAIMS):
            before = make_claim(article, n)
            if article == ARTICLES - 2:  # only in OLD
                old.append(before)
                continue
            old.append(before)
            if n % 6 == 5:
                continue  # removed
            changes: dict[str, Any] = {}
            if n % 3 == 0:
                changes["category"] = "displaced"
            if n % 4 == 1:
                changes["source"] = {**before["source"], "name": f"district {n} council"}
            if n % 4 == 2:
                changes["time"] = {**before["time"], "start": "2024-03-03", "text": "on Sunday"}
            if n == 7:
                changes["source"] = None
            new.append({**before, **changes})
        if article < ARTICLES - 2:
            new += [make_claim(article, CLAIMS + n) for n in range(3)]
    new += [make_claim(ARTICLES - 1, n) for n in range(5)]  # only in NEW
    return old, new


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    old, new = review_records()
    for name, records in (("old.jsonl", old), ("new.jsonl", new)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    page = folder / "review.html"
    result = CliRunner().invoke(
        cli,
        ["diff", str(folder / "old.jsonl"), str(folder / "new.jsonl"), "--format", "html", "-o", str(page)],
    )
    assert result.exit_code == 1, result.output
    return page


def expected_counts() -> dict[str, int]:
    counts = diff_records(*review_records()).counts()
    return dict(counts)


def test_the_review_is_large_enough():
    counts = expected_counts()
    assert counts["added"] + counts["removed"] + counts["changed"] >= 120
    assert counts["article_added"] == counts["article_removed"] == 1


def test_the_page_is_one_file_that_fetches_nothing(review):
    page = review.read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe|object|embed)\b|<script[^>]*\bsrc=|@import|url\(", page)
    assert not re.search(r"\bfetch\(|XMLHttpRequest|WebSocket|import\(", page)
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert all(href.startswith("#") or re.match(r"https://news\d\.example/", href) for href in hrefs)


def test_the_page_opens_with_its_summary_table_one_row_per_article(review):
    page = review.read_text(encoding="utf-8")
    overview = page.index('<table class="overview">')
    assert overview < page.index("<main>")
    rows = re.findall(
        r'<tr data-section="(article-\d+)"><td><a href="#\1">([^<]+)</a></td><td>([^<]*)</td>', page
    )
    assert len(rows) == ARTICLES
    assert {title for _, title, _ in rows} == {f"Storm damage in region {n}" for n in range(ARTICLES)}
    for anchor, title, _ in rows:
        assert re.search(rf'<details class="article" id="{anchor}">\n<summary><h2>{title}</h2>', page)
    assert (
        "article removed: 24 claims, only in OLD" in page and "article added: 5 claims, only in NEW" in page
    )
    assert '<p class="about"><a href="https://news0.example/2024/03/story-0">' in page


def test_structured_fields_are_shown_field_by_field(review):
    page = html.unescape(review.read_text(encoding="utf-8"))
    assert (
        '<tr><th>source.name</th><td class="old">"officials"</td><td class="new">"district 1 council"</td>'
        in page
    )
    assert '<tr><th>time.start</th><td class="old">"2024-03-04"</td><td class="new">"2024-03-03"</td>' in page
    # a source that vanished: each of its fields, not one JSON blob
    assert '<tr><th>source.cue</th><td class="old">"said"</td><td class="new null">null</td>' in page
    assert '{"text"' not in page


# -- in a real browser --




# Test-side probe, appended to a copy of the page: records what a reader would see, as JSON in <pre>.
PROBE = """
<script>
window.addEventListener("load", () => {
  const seen = (element) => element.checkVisibility();
  const inView = (element) => { const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight; };
  const visibleItems = () => [...document.querySelectorAll("main .item")].filter(seen).length;
  const report = {errors: window.__errors || [], scrollY: scrollY};
  const table = document.querySelector("table.overview");
  report.summaryInView = inView(table) && table.getBoundingClientRect().top < 200;
  report.firstSectionBelowSummary = document.querySelector("main details").getBoundingClientRect().top
    > table.getBoundingClientRect().bottom;
  report.openAtStart = [...document.querySelectorAll("main details")].filter((d) => d.open).length;
  report.itemsVisibleAtStart = visibleItems();
  report.clicks = [...table.querySelectorAll("a")].map((link) => {
    scrollTo(0, 0);
    link.click();
    const target = document.getElementById(link.hash.slice(1));
    const heading = target.querySelector("h2");
    const firstItem = target.querySelector(".item");
    const box = heading.getBoundingClientRect();  // not under the sticky filter bar, say
    const onTop = heading.contains(document.elementFromPoint(box.left + 4, box.top + box.height / 2));
    return {title: link.textContent, open: target.open,
            headingInView: inView(heading) && seen(heading) && onTop,
            itemVisible: seen(firstItem), scrolled: scrollY > 0};
  });
  document.getElementById("open-all").click();
  report.itemsVisibleAllOpen = visibleItems();
  report.shownAllOpen = document.getElementById("shown").textContent;
  for (const box of document.querySelectorAll('input[name="kind"]')) {
    if (box.value !== "changed") box.click();
  }
  report.itemsVisibleChanged = visibleItems();
  const field = document.querySelector('select[name="field"]');
  field.value = "source.name";
  field.dispatchEvent(new Event("change", {bubbles: true}));
  report.itemsVisibleSourceName = visibleItems();
  report.sectionsVisibleSourceName = [...document.querySelectorAll("main details")].filter(seen).length;
  report.rowsVisibleSourceName = [...table.querySelectorAll("tbody tr")].filter(seen).length;
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(report);
  document.body.append(pre);
});
</script>
"""


def render(page: Path, tmp_path: Path, query: str = "") -> dict[str, Any]:
    probed = tmp_path / "probed.html"
    text = page.read_text(encoding="utf-8").replace("<head>", "<head>\n" + headless.ERRORS, 1)
    probed.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = headless.chromium(
        tmp_path,
        "--virtual-time-budget=5000",
        "--dump-dom",
        probed.as_uri() + query,
        install_hint="make review-check installs Debian's chromium",
        timeout=120,
    )
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no probe in the page Chromium rendered (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(html.unescape(found[1]))


def test_in_chromium_the_review_opens_on_its_summary_and_each_article_is_one_click_away(review, tmp_path):
    counts = expected_counts()
    claim_differences = counts["added"] + counts["removed"] + counts["changed"]
    report = render(review, tmp_path)
    assert report["errors"] == []
    assert report["scrollY"] == 0 and report["summaryInView"] and report["firstSectionBelowSummary"]
    assert report["openAtStart"] == 0 and report["itemsVisibleAtStart"] == 0  # 120+ changes: folded
    assert len(report["clicks"]) == ARTICLES
    for click in report["clicks"]:
        assert click == {**click, "open": True, "headingInView": True, "itemVisible": True}, click
    assert any(click["scrolled"] for click in report["clicks"])
    total = claim_differences + 2
    assert report["itemsVisibleAllOpen"] == total
    assert report["shownAllOpen"] == f"{total} of {total} differences shown"
    assert report["itemsVisibleChanged"] == counts["changed"]
    source_name = sum(  # a source that vanished or appeared changes its name too
        "source.name" in d.changes or "source" in d.changes
        for d in diff_records(*review_records()).differences
        if d.kind == "changed"
    )
    assert report["itemsVisibleSourceName"] == source_name > 0
    assert report["sectionsVisibleSourceName"] == report["rowsVisibleSourceName"] == ARTICLES - 2


def test_in_chromium_filters_come_with_the_address(review, tmp_path):
    report = render(review, tmp_path, "?kind=added")
    counts = expected_counts()
    assert report["errors"] == []
    # the probe opens every section, then narrows to "changed" itself; before that only additions showed
    assert report["shownAllOpen"] == f"{counts['added'] + 1} of {sum(counts.values())} differences shown"
