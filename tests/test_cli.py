"""The `extract`, `text` and `schema` commands through click's CliRunner, on real files and real spaCy;
and --help of every command, each documented in README.md."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import extractor
from extractor.article.files import MAX_INPUT_BYTES
from extractor.cli import cli
from extractor.records import SCHEMA_ID, validation_errors

ROOT = Path(__file__).resolve().parent.parent
WAR_LOSSES = ROOT / "fixtures" / "pages" / "01-war-losses.html"
AIR_ATTACK = ROOT / "fixtures" / "pages" / "15-air-attack.html"
NOTES = "Officials said 42 people were evacuated on Monday.\n\nRescuers found 7 more survivors.\n"


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_clean_failure(result: Result) -> None:
    """Non-zero exit through sys.exit or click, never an uncaught exception."""
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def war_losses() -> Result:
    return invoke("extract", str(WAR_LOSSES))


def test_extract_writes_one_valid_record_per_line(war_losses: Result) -> None:
    assert war_losses.exit_code == 0, war_losses.output
    lines = war_losses.stdout.splitlines()
    assert len(lines) >= 10
    for line in lines:
        record = json.loads(line)
        assert validation_errors(record) == []
    assert "1 of 1 inputs" in war_losses.stderr
    assert f"{len(lines)} claims" in war_losses.stderr


def test_extract_records_match_the_python_api(war_losses: Result) -> None:
    expected = extractor.extract_html(WAR_LOSSES.read_bytes())
    assert records(war_losses) == [claim.to_dict() for claim in expected]


def test_extract_reads_stdin(war_losses: Result) -> None:
    result = invoke("extract", "-", input=WAR_LOSSES.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == war_losses.stdout


def test_extract_overrides_url_published_and_title(tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    result = invoke(
        "extract", str(AIR_ATTACK), "--url", "https://mirror.example/attack", "--published", "2024-11-27",
        "--title", "Russia fired 200 missiles", "-o", str(output),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    found = list(extractor.read_jsonl(output))
    assert found
    assert {record["article"]["url"] for record in found} == {"https://mirror.example/attack"}
    assert {record["article"]["published"] for record in found} == {"2024-11-27"}
    assert {record["article"]["title"] for record in found} == {"Russia fired 200 missiles"}
    headline = [record for record in found if record["section"] == "headline"]
    assert [(record["value"], record["text"], record["span"]) for record in headline] == [
        (200, "200", {"start": 13, "end": 16})
    ]
    # "on Tuesday" resolves against the given date (a Wednesday): the day before.
    launched = next(record for record in found if record["sentence"].startswith("Russia launched 120"))
    assert launched["time"]["start"] == "2024-11-26"


def test_extract_reads_a_txt_file_as_plain_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    result = invoke("extract", str(notes), "--published", "2024-03-06")
    assert result.exit_code == 0, result.output
    found = records(result)
    assert [(r["value"], r["section"], r["paragraph"]) for r in found] == [(42, "body", 0), (7, "body", 1)]
    assert found[0]["time"]["start"] == "2024-03-04"  # the Monday before Wednesday 6 March
    article_text = extractor.from_text(NOTES).text
    for record in found:
        assert article_text[record["span"]["start"] : record["span"]["end"]] == record["text"]


def test_format_text_reads_any_file_as_plain_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    as_text = invoke("extract", "--format", "text", str(notes))
    assert as_text.exit_code == 0, as_text.output
    assert [record["value"] for record in records(as_text)] == [42, 7]


BAD_INPUTS: dict[str, bytes | None] = {
    "missing.html": None,
    "empty.html": b"",
    "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    "data.json": b'{"note": "not a page at all", "values": [1, 2, 3]}\n',
    "binary.txt": b"abc\x00def\x00\x01\x02",
}


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    for name, data in BAD_INPUTS.items():
        if data is not None:
            (folder / name).write_bytes(data)
    return {name: folder / name for name in BAD_INPUTS}


def test_bad_inputs_fail_cleanly_and_good_ones_are_still_processed(bad_inputs: dict[str, Path]) -> None:
    paths = [str(path) for path in bad_inputs.values()]
    result = invoke("extract", paths[0], paths[1], str(AIR_ATTACK), *paths[2:])
    assert_clean_failure(result)
    found = records(result)
    assert found
    good_title = extractor.parse_html(AIR_ATTACK.read_bytes()).title
    assert {record["article"]["title"] for record in found} == {good_title}
    errors = result.stderr.splitlines()
    for name, path in bad_inputs.items():
        about = [line for line in errors if str(path) in line]
        assert len(about) == 1, (name, errors)
        assert about[0].startswith("extractor: ")
    assert f"1 of {len(paths) + 1} inputs" in result.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.html", "no such file"), ("empty.html", "empty"), ("image.html", "binary"),
     ("data.json", "not HTML"), ("binary.txt", "binary")],
)
def test_text_of_a_bad_input_says_why(bad_inputs: dict[str, Path], name: str, reason: str) -> None:
    result = invoke("text", str(bad_inputs[name]))
    assert_clean_failure(result)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert reason in line and str(bad_inputs[name]) in line


def test_a_lone_bad_input_exits_non_zero(bad_inputs: dict[str, Path]) -> None:
    result = invoke("extract", str(bad_inputs["empty.html"]))
    assert_clean_failure(result)
    assert result.stdout == ""
    assert "0 of 1 inputs" in result.stderr


def test_text_prints_the_article_text() -> None:
    result = invoke("text", str(WAR_LOSSES))
    assert result.exit_code == 0, result.output
    article = extractor.parse_html(WAR_LOSSES.read_bytes())
    assert result.stdout == article.text + "\n"
    headline, blank, first = result.stdout.splitlines()[:3]
    assert (headline, blank) == (article.title, "")
    assert first == article.body[0]
    assert result.stdout.rstrip("\n").split("\n\n") == [article.title, *article.body]


def test_text_offsets_are_the_record_offsets(war_losses: Result) -> None:
    text = invoke("text", str(WAR_LOSSES)).stdout
    for record in records(war_losses):
        assert text[record["span"]["start"] : record["span"]["end"]] == record["text"]


def test_text_of_plain_text_with_a_title(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    result = invoke("text", str(notes), "--title", "Flood")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Flood\n\n" + NOTES


def test_schema_prints_the_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document == extractor.schema()
    assert document["title"] == SCHEMA_ID
    assert document["$id"].endswith("/claim-1.json")
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {"extract", "text", "schema"} <= set(cli.commands)
    for name, command in cli.commands.items():
        result = invoke(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert f"Usage: cli {name}" in result.stdout or f"Usage: extractor {name}" in result.stdout
        summary = (command.help or "").strip().splitlines()
        assert summary and summary[0].split()[0] in result.stdout, name
        assert f"extractor {name}" in readme, f"README.md does not document `extractor {name}`"


def test_group_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.stdout


# -- issue 13: mistakes and hostile inputs get one clear line, never a traceback or a bad record --


@pytest.mark.parametrize("bad_date", ["yesterday", "not a date", "2022-13-45"])
def test_a_bad_published_date_is_refused_before_anything_is_written(tmp_path: Path, bad_date: str) -> None:
    output = tmp_path / "claims.jsonl"
    result = invoke("extract", str(AIR_ATTACK), "--published", bad_date, "-o", str(output))
    assert_clean_failure(result)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "--published" in line and repr(bad_date) in line and "ISO 8601" in line
    assert not output.exists() or output.read_text() == ""


def test_a_bad_published_date_through_the_python_api_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        extractor.extract_html(AIR_ATTACK.read_bytes(), published="yesterday")
    with pytest.raises(ValueError, match="ISO 8601"):
        extractor.from_text(NOTES, published="2022-13-45")


def test_a_published_datetime_is_kept_and_validates() -> None:
    result = invoke("extract", str(AIR_ATTACK), "--published", "2024-11-27T09:30:00+02:00")
    assert result.exit_code == 0, result.output
    found = records(result)
    assert {record["article"]["published"] for record in found} == {"2024-11-27T09:30:00+02:00"}
    assert all(validation_errors(record) == [] for record in found)


def test_a_model_that_does_not_load_is_one_line(tmp_path: Path) -> None:
    output = tmp_path / "claims.jsonl"
    result = invoke("extract", str(AIR_ATTACK), "--model", "no_such_model", "-o", str(output))
    assert_clean_failure(result)
    (line,) = result.stderr.splitlines()
    assert "no_such_model" in line
    assert not output.exists() or output.read_text() == ""


def test_an_endless_input_is_refused_at_the_byte_cap() -> None:
    result = invoke("extract", "/dev/zero", str(AIR_ATTACK))
    assert_clean_failure(result)
    (line,) = [line for line in result.stderr.splitlines() if "/dev/zero" in line]
    assert f"over {MAX_INPUT_BYTES:,} bytes" in line
    assert records(result), "the good input after it is still processed"


def test_plain_text_on_stdin_suggests_format_text() -> None:
    result = invoke("text", "-", input=NOTES.encode("utf-8"))
    assert_clean_failure(result)
    assert "--format text" in result.stderr
    assert invoke("text", "--format", "text", "-", input=NOTES.encode("utf-8")).stdout == NOTES


@pytest.mark.parametrize("given", ["www.example.com/a", "example.org/story?id=3"])
def test_a_url_without_a_scheme_gets_a_hint(given: str) -> None:
    result = invoke("text", given)
    assert_clean_failure(result)
    (line,) = result.stderr.splitlines()
    assert f"did you mean https://{given}" in line and "extractor run" in line


def test_a_gzipped_page_is_read(tmp_path: Path) -> None:
    packed = tmp_path / "01-war-losses.html.gz"
    packed.write_bytes(gzip.compress(WAR_LOSSES.read_bytes()))
    result = invoke("text", str(packed))
    assert result.exit_code == 0, result.output
    assert result.stdout == invoke("text", str(WAR_LOSSES)).stdout


def test_a_gzip_bomb_is_refused_without_inflating_it_all(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as packed:
        for _ in range(64):
            packed.write(b" " * 1_000_000)
    result = invoke("text", str(bomb))
    assert_clean_failure(result)
    assert "decompressed" in result.stderr


def test_a_nul_byte_early_in_a_text_page_is_not_binary(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(AIR_ATTACK.read_bytes().replace(b"<head>", b"<head>\x00", 1))
    assert b"\x00" in page.read_bytes()[:4096]
    result = invoke("text", str(page))
    assert result.exit_code == 0, result.output
    assert result.stdout == invoke("text", str(AIR_ATTACK)).stdout


def test_credentials_in_a_url_never_reach_a_record() -> None:
    result = invoke("extract", str(AIR_ATTACK), "--url", "https://editor:s3cret@mirror.example/attack?x=1")
    assert result.exit_code == 0, result.output
    found = records(result)
    assert found
    assert {record["article"]["url"] for record in found} == {"https://mirror.example/attack?x=1"}
    assert "s3cret" not in result.stdout


def test_text_of_a_japanese_page() -> None:
    result = invoke("text", str(ROOT / "tests" / "data" / "article" / "kochi-typhoon-ja.html"))
    assert result.exit_code == 0, result.output
    assert "約3万世帯が停電した" in result.stdout


def eval_inputs(tmp_path: Path, *changes: dict[str, Any]) -> tuple[str, str]:
    """A gold file for the air-attack page and its real records, the first record changed."""
    found = records(invoke("extract", str(AIR_ATTACK)))
    first = found[0]
    gold = tmp_path / "gold.json"
    claim = {"id": "c1", "sentence": first["sentence"], "value": first["value"]}
    gold.write_text(json.dumps({"url": first["article"]["url"], "claims": [claim]}), encoding="utf-8")
    for change in changes:
        found[0] = {**found[0], **change}
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(record) + "\n" for record in found), encoding="utf-8")
    return str(gold), str(pred)


@pytest.mark.parametrize(
    "change",
    [
        {"sentence": 5},
        {"article": {"url": 7, "title": None, "site": None, "published": None}},
        {"value": "40"},
    ],
)
def test_eval_on_a_field_of_the_wrong_type_exits_2(tmp_path: Path, change: dict[str, Any]) -> None:
    gold, pred = eval_inputs(tmp_path, change)
    result = invoke("eval", gold, pred)
    assert_clean_failure(result)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert f"{pred}:1: not a claim record: {next(iter(change))}" in line


def test_eval_on_json_nested_100k_deep_exits_2(tmp_path: Path) -> None:
    gold, pred = eval_inputs(tmp_path)
    Path(pred).write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = invoke("eval", gold, pred)
    assert_clean_failure(result)
    assert result.exit_code == 2
    assert "nested too deeply" in result.stderr
    Path(gold).write_text('{"url": "https://a.example/", "claims": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = invoke("eval", gold, pred)
    assert (result.exit_code, "Traceback" in result.output) == (2, False)


def test_eval_on_a_gold_file_of_the_wrong_types_exits_2(tmp_path: Path) -> None:
    gold, pred = eval_inputs(tmp_path)
    Path(gold).write_text('{"url": 7, "claims": [{"id": "c1", "sentence": 5}]}', encoding="utf-8")
    result = invoke("eval", gold, pred)
    assert_clean_failure(result)
    assert result.exit_code == 2
    assert "url" in result.stderr


# -- issue 12 item 5: start-up imports nothing heavy ---------------------------------------------------


def test_the_command_line_and_the_package_load_lazily() -> None:
    probe = (
        "import sys, extractor, extractor.cli\n"
        "heavy = ('spacy', 'trafilatura', 'lxml', 'httpx', 'jsonschema', 'dateparser')\n"
        "heavy = sorted(name for name in heavy if name in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""
    version = subprocess.run(
        [sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"extractor, version {extractor.__version__}"


def test_the_lazy_package_exports_exactly_the_public_names() -> None:
    probe = "from extractor import *\nprint(sorted(name for name in dir() if not name.startswith('__')))\n"
    star = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    intended = [
        "Article", "ArticleError", "Claim", "Extractor", "SCHEMA_ID", "extract_html", "extract_text",
        "from_text", "parse_html", "read_jsonl", "schema", "write_jsonl",
    ]
    assert star.stdout.strip() == repr(sorted(intended))
    assert sorted(extractor.__all__) == sorted([*intended, "__version__"])
    assert extractor.Claim is extractor.records.Claim and extractor.parse_html is extractor.article.parse_html
    assert set(intended) <= set(dir(extractor))
    with pytest.raises(AttributeError, match="no_such_name"):
        extractor.no_such_name  # noqa: B018
