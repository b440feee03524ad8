"""`extractor eval`: detection and field figures on small gold and record files built in tmp_path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.learn.evaluate import EvalError, Report, evaluate, evaluate_files, render, url_key

URL = "https://www.meridianpost.example/world/2024/05/02/quake"
SHARED_SCORER = Path("/work/shared/realworld/score.py")


def gold_claim(id: str, sentence: str, value: float | None, **fields: Any) -> dict[str, Any]:
    return {"id": id, "sentence": sentence, "value": value, **fields}


def write_gold(path: Path, claims: list[dict[str, Any]], url: str = URL) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    gold = {"article": f"pages/{path.stem}.html", "url": url, "published": "2024-05-02",
            "claims": claims, "not_claims": ["2024"]}
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def record(sentence: str, text: str, value: float | None, url: str = URL, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "extractor.claim/1", "article": {"url": url}, "sentence": sentence, "text": text,
        "value": value, "qualifier": "exact", "lower": None, "upper": None, "unit": None, "counted": None,
        "category": "other", "party": None, "source": None, "time": None, "rate_per": None,
    }
    return {**base, **fields}


def write_records(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def source(name: str, text: str | None = None, cue: str | None = "said") -> dict[str, Any]:
    return {"text": text or name, "name": name, "kind": "government", "cue": cue, "inherited": False}


QUAKE_SENTENCE = "The quake killed 1,200 people in the province, the ministry said."
QUAKE_CLAIM = gold_claim("killed-1200", "killed 1,200 people", 1200, qualifier=["exact"], category=["killed"],
                         source=["ministry"], dates=["2024-05-01"])
WEDNESDAY = {"text": "Wednesday", "start": "2024-05-01", "end": "2024-05-01", "granularity": "day"}
QUAKE_RECORD = record(QUAKE_SENTENCE, "1,200", 1200, category="killed", source=source("Health Ministry"),
                      time=WEDNESDAY)


def figures(report: Report) -> dict[str, Any]:
    return {"tp": report.tp, "fp": report.fp, "found": report.found, "required": report.required}


def test_a_hit_with_every_field_right(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    report = evaluate([gold], [QUAKE_RECORD])
    assert figures(report) == {"tp": 1, "fp": 0, "found": 1, "required": 1}
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    scored = {name: (t.right, t.scored) for name, t in report.fields.items() if t.scored}
    assert scored == {"value": (1, 1), "qualifier": (1, 1), "category": (1, 1), "source": (1, 1),
                      "source_name": (1, 1), "time": (1, 1)}
    assert report.all_right == 1 and report.findings == []


def test_a_miss_and_an_extra(tmp_path: Path) -> None:
    missed = gold_claim("injured-300", "injured about 300 others", 300, qualifier=["approximately"])
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM, missed])
    extra = record("Rescuers worked for 48 hours.", "48", 48)
    report = evaluate([gold], [QUAKE_RECORD, extra])
    assert figures(report) == {"tp": 1, "fp": 1, "found": 1, "required": 2}
    assert (report.precision, report.recall) == (0.5, 0.5)
    assert report.f1 == pytest.approx(0.5)
    assert [(f.kind, f.gold_id) for f in report.findings] == [("missed", "injured-300"), ("extra", None)]
    assert report.all_right_share == 0.5


def test_whitespace_and_case_of_the_snippet_do_not_matter(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [gold_claim("k", "KILLED  1,200\u00a0people", 1200)])
    report = evaluate([gold], [record("the quake killed\n1,200 people.", "1,200", 1200.0)])
    assert report.found == 1


def test_optional_claims_are_neither_rewarded_nor_punished(tmp_path: Path) -> None:
    headline = gold_claim("headline", "Quake kills 1,200", 1200, optional=True, category=["other"])
    vague = gold_claim("dozens", "dozens of villages", None, optional=True)
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM, headline, vague])
    headline_record = record("Quake kills 1,200 in the north", "1,200", 1200, category="killed")
    report = evaluate([gold], [QUAKE_RECORD, headline_record])
    # The matched optional claim counts for precision, not for recall; its fields are not scored;
    # the unmatched optional one is not a miss.
    assert figures(report) == {"tp": 2, "fp": 0, "found": 1, "required": 1}
    assert report.fields["category"].scored == 1
    assert report.findings == []


def test_a_wrong_field_is_tallied_and_listed(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    wrong = {**QUAKE_RECORD, "category": "wounded", "qualifier": None}  # a missing qualifier reads as exact
    report = evaluate([gold], [wrong])
    assert report.found == 1
    assert (report.fields["category"].right, report.fields["category"].scored) == (0, 1)
    assert report.fields["qualifier"].right == 1
    assert report.all_right == 0
    [finding] = report.findings
    assert (finding.kind, finding.gold_id, finding.field, finding.got, finding.want) == (
        "wrong", "killed-1200", "category", "wounded", ["killed"])
    assert str(finding) == "pages/quake.html: WRONG killed-1200.category: got 'wounded' want ['killed']"


def test_a_range_matches_on_lower_and_upper(tmp_path: Path) -> None:
    claim = gold_claim("range", "between 5,000 and 6,000 homes", None, lower=5000, upper=6000,
                       qualifier=["range"])
    gold = write_gold(tmp_path / "quake.json", [claim])
    sentence = "Between 5,000 and 6,000 homes collapsed."
    right = record(sentence, "between 5,000 and 6,000", None, lower=5000, upper=6000, qualifier="range")
    assert evaluate([gold], [right]).found == 1
    # Same number as written, bounds read wrong: detected, but the value is wrong.
    wrong = {**right, "upper": 60000}
    report = evaluate([gold], [wrong])
    assert figures(report) == {"tp": 0, "fp": 1, "found": 0, "required": 1}
    assert (report.fields["value"].right, report.fields["value"].scored) == (0, 1)
    assert [(f.kind, f.field, f.got, f.want) for f in report.findings] == [
        ("wrong", "value", [5000, 60000], [5000, 6000])]


def test_a_value_read_wrong_counts_against_value_accuracy_and_detection(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    report = evaluate([gold], [{**QUAKE_RECORD, "value": 1.2}])
    # Detection keeps the shared scorer's rule (a miss and an extra); other fields are not scored.
    assert figures(report) == {"tp": 0, "fp": 1, "found": 0, "required": 1}
    assert (report.fields["value"].right, report.fields["value"].scored) == (0, 1)
    assert report.fields["category"].scored == 0
    # A different number in the same sentence is an extra, not a wrong value.
    other = record(QUAKE_SENTENCE, "7", 7)
    report = evaluate([gold], [other])
    assert [f.kind for f in report.findings] == ["missed", "extra"]
    assert report.fields["value"].scored == 0


def test_richer_fields_counted_cue_source_name_unit(tmp_path: Path) -> None:
    claim = gold_claim("aid", "pledged $40 million in aid", 40_000_000, counted=["aid"], unit=["USD"],
                       cue=["according to"], source=["world bank", "lender"], source_name=["world bank"])
    gold = write_gold(tmp_path / "quake.json", [claim])
    sentence = "The lender pledged $40 million in aid, according to a statement."
    good = record(sentence, "$40 million", 40_000_000, counted="emergency aid", unit="usd",
                  source=source("World Bank", "the lender", cue="according to"))
    report = evaluate([gold], [good])
    scored = {name: (t.right, t.scored) for name, t in report.fields.items() if t.scored}
    assert scored == {"value": (1, 1), "counted": (1, 1), "source": (1, 1), "source_name": (1, 1),
                      "source_cue": (1, 1), "unit": (1, 1)}
    # Source text names the lender, so "source" passes; the name is wrong and so are cue and counted.
    bad = {**good, "counted": "loans", "unit": None, "source": source("IMF", "the lender", cue="said")}
    report = evaluate([gold], [bad])
    wrong = sorted(f.field for f in report.findings if f.field)
    assert wrong == ["counted", "source_cue", "source_name", "unit"]
    assert report.fields["source"].right == 1
    assert report.all_right == 0


def test_source_name_is_scored_on_attributed_claims_only(tmp_path: Path) -> None:
    own = gold_claim("own", "killed 1,200 people", 1200, source=None)
    gold = write_gold(tmp_path / "quake.json", [own])
    # The outlet's own figure: no source, or the site itself as source, are both right.
    assert evaluate([gold], [{**QUAKE_RECORD, "source": None}]).fields["source"].right == 1
    by_site = {**QUAKE_RECORD, "source": source("Meridian Post")}
    report = evaluate([gold], [by_site])
    assert report.fields["source"].right == 1 and report.fields["source_name"].scored == 0
    assert evaluate([gold], [QUAKE_RECORD]).fields["source"].right == 0
    # Without "source_name", the "source" regexes are tried on the name alone, and a miss there
    # does not spoil all-fields-right (the shared scorer has no such check).
    attributed = gold_claim("k", "killed 1,200 people", 1200, source=["ministry"])
    gold = write_gold(tmp_path / "quake.json", [attributed])
    named_elsewhere = {**QUAKE_RECORD, "source": source("Ahmed Nasser", "the ministry's spokesman")}
    report = evaluate([gold], [named_elsewhere])
    assert (report.fields["source"].right, report.fields["source_name"].right) == (1, 0)
    assert report.all_right == 1


def test_records_pair_with_gold_by_url(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM], url=URL + "/")
    same_page = {**QUAKE_RECORD, "article": {"url": URL.replace("https", "HTTPS")}}
    elsewhere = [record("Prices rose 3%.", "3%", 3, url="https://other.example/a"),
                 record("Prices rose 4%.", "4%", 4, url="https://other.example/b"),
                 record("Prices rose 5%.", "5%", 5, url="https://other.example/b/")]
    report = evaluate([gold], [same_page, *elsewhere])
    assert figures(report) == {"tp": 1, "fp": 0, "found": 1, "required": 1}
    assert (report.unpaired_records, report.unpaired_articles) == (3, 2)
    assert "3 records of 2 articles not in gold" in render(report)
    assert url_key("HTTPS://Example.COM/a/b//") == "https://example.com/a/b"


def test_a_directory_of_gold_files_and_gold_without_records(tmp_path: Path) -> None:
    write_gold(tmp_path / "gold/01-quake.json", [QUAKE_CLAIM])
    storm = [gold_claim("rain", "6 inches of rain", 6), gold_claim("homes", "flooded 300 homes", 300)]
    write_gold(tmp_path / "gold/02-storm.json", storm, url="https://news.example/storm")
    report = evaluate([tmp_path / "gold"], [QUAKE_RECORD])
    assert report.articles == 2
    assert figures(report) == {"tp": 1, "fp": 0, "found": 1, "required": 3}
    assert report.recall == pytest.approx(1 / 3)
    assert [f.article for f in report.findings] == ["pages/02-storm.html"] * 2


def test_unreadable_gold_is_an_eval_error(tmp_path: Path) -> None:
    records = write_records(tmp_path / "pred.jsonl", [QUAKE_RECORD])
    with pytest.raises(EvalError, match="no such gold file"):
        evaluate_files(tmp_path / "nothing.json", records)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad\.json: not JSON"):
        evaluate_files(tmp_path / "bad.json", records)
    write_gold(tmp_path / "twice/a.json", [QUAKE_CLAIM])
    write_gold(tmp_path / "twice/b.json", [QUAKE_CLAIM], url=URL + "/")
    with pytest.raises(EvalError, match="the same URL"):
        evaluate_files(tmp_path / "twice", records)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalError, match="no gold files"):
        evaluate_files(tmp_path / "empty", records)


# -- the command --


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, ["eval", *map(str, args)])


def test_command_prints_the_table_and_exits_0(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    pred = write_records(tmp_path / "pred.jsonl", [QUAKE_RECORD, record("For 48 hours.", "48", 48)])
    result = run(gold, pred)
    assert result.exit_code == 0, result.output
    assert "claims  P 0.500  R 1.000  F1 0.667  (tp 1, fp 1, found 1 of 1 required)" in result.stdout
    assert re.search(r"^category\s+1\s+1\s+1\.000$", result.stdout, re.M)
    assert "EXTRA" not in result.stdout
    verbose = run(gold, pred, "-v")
    assert "pages/quake.html: EXTRA value=48 text='48'" in verbose.stdout


def test_command_json(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    pred = write_records(tmp_path / "pred.jsonl", [{**QUAKE_RECORD, "category": "other"}])
    result = run(gold, pred, "--json", "-v")
    data = json.loads(result.stdout)
    assert (data["precision"], data["recall"], data["f1"]) == (1.0, 1.0, 1.0)
    assert data["fields"]["category"] == {"right": 0, "scored": 1, "share": 0.0}
    assert data["fields"]["unit"] == {"right": 0, "scored": 0, "share": None}
    assert data["findings"] == [{"kind": "wrong", "article": "pages/quake.html", "gold_id": "killed-1200",
                                 "field": "category", "got": "other", "want": ["killed"]}]


def test_command_thresholds_set_the_exit_code(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    pred = write_records(tmp_path / "pred.jsonl", [{**QUAKE_RECORD, "category": "other"}])
    assert run(gold, pred, "--min-f1", "1.0").exit_code == 0
    low_field = run(gold, pred, "--min-field", "0.5")
    assert low_field.exit_code == 1
    assert "category accuracy 0.000 < 0.5" in low_field.stderr
    empty = write_records(tmp_path / "empty.jsonl", [])
    low_f1 = run(gold, empty, "--min-f1", "0.1")
    assert low_f1.exit_code == 1
    assert "claim F1 0.000 < 0.1" in low_f1.stderr
    assert run(gold, empty).exit_code == 0  # no thresholds, no failure


def test_command_unreadable_input_exits_2(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "quake.json", [QUAKE_CLAIM])
    missing = run(gold, tmp_path / "none.jsonl")
    assert missing.exit_code == 2
    assert "none.jsonl: no such records file" in missing.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(QUAKE_RECORD) + "\n{not json\n", encoding="utf-8")
    result = run(gold, broken)
    assert result.exit_code == 2
    assert "broken.jsonl:2: not JSON" in result.stderr
    assert run(tmp_path / "nogold", broken).exit_code == 2


# -- agreement with the shared scorer --

SUMMARY = re.compile(
    r"claims P=(?P<p>[\d.]+) R=(?P<r>[\d.]+) F1=[\d.]+ \(tp=(?P<tp>\d+) fp=(?P<fp>\d+) req=(?P<req>\d+)\) \| "
    r"(?P<fields>.*) \| all-fields-right (?P<strict>\d+)/\d+"
)


def test_figures_agree_with_the_shared_scorer(tmp_path: Path) -> None:
    if not SHARED_SCORER.exists():
        pytest.skip(f"the shared scorer {SHARED_SCORER} is not in this environment")
    url = "https://www.newsweek.com/quake-toll-rises-1234"
    claims = [
        QUAKE_CLAIM,  # hit, every field right
        # hit, category and party wrong
        gold_claim("injured", "injured about 300 others", 300, qualifier=["approximately"],
                   category=["wounded"], party=["Turkey"], source=["ministry"]),
        gold_claim("missing", "80 people are missing", 80, category=["missing"]),  # missed
        gold_claim("range", "between 5,000 and 6,000 homes", None, lower=5000, upper=6000,
                   qualifier=["range"], rate_per="day"),  # range hit, rate_per wrong
        gold_claim("aid", "pledged $40 million", 40_000_000, source=None),  # value read wrong
        gold_claim("headline", "Quake kills 1,200", 1200, optional=True),  # optional hit
        gold_claim("tents", "some 2,000 tents", 2000, source=None, dates=["2024-05-02"]),  # outlet as source
    ]
    gold = write_gold(tmp_path / "quake.json", claims, url=url)
    records = [
        {**QUAKE_RECORD, "article": {"url": url}},
        record("They injured about 300 others, the ministry said.", "about 300", 300, url=url,
               qualifier="approximately", category="killed", party="Syria", source=source("Ministry")),
        record("Between 5,000 and 6,000 homes fell.", "between 5,000 and 6,000", None, url=url,
               lower=5000, upper=6000, qualifier="range"),
        record("Donors pledged $40 million.", "$40 million", 40, url=url),
        record("Quake kills 1,200", "1,200", 1200, url=url),
        record("Rescuers worked for 48 hours.", "48", 48, url=url),
        record("Newsweek counted some 2,000 tents on Thursday.", "some 2,000", 2000, url=url,
               qualifier="approximately", source=source("Newsweek"),
               time={"text": "Thursday", "start": "2024-05-02", "end": "2024-05-02", "granularity": "day"}),
    ]
    pred = write_records(tmp_path / "pred.jsonl", records)

    shared = subprocess.run([sys.executable, str(SHARED_SCORER), str(gold), str(pred)],
                            capture_output=True, text=True, check=True)
    summary = SUMMARY.search(shared.stdout.splitlines()[-1])
    assert summary, shared.stdout
    theirs = {name: tuple(map(int, tally.split("/")))
              for name, tally in (part.split("=") for part in summary["fields"].split())}
    report = evaluate_files(gold, pred)
    ours = {("dates" if name == "time" else name): (t.right, t.scored) for name, t in report.fields.items()
            if t.scored and name not in ("value", "source_name")}

    assert (report.tp, report.fp) == (int(summary["tp"]), int(summary["fp"]))
    assert report.required == int(summary["req"])
    assert (f"{report.precision:.2f}", f"{report.recall:.2f}") == (summary["p"], summary["r"])
    assert ours == theirs
    assert report.all_right == int(summary["strict"])
    # The constructed cases above are all there, so the agreement is not vacuous.
    assert (report.tp, report.fp, report.found, report.required, report.all_right) == (5, 2, 4, 6, 2)
    assert (report.fields["value"].right, report.fields["value"].scored) == (4, 5)
