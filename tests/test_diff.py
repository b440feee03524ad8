"""extractor diff: pairing claims across two record files and reporting what changed."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.diff import DEFAULT_IGNORED, diff_records, write_html, write_json, write_text
from extractor.diff.load import CHUNK_LINES, read_claims
from extractor.normalize.records import claim_id
from extractor.records import ArticleRef, Claim, ExtractorInfo, RecordError, Source, TextSpan, write_jsonl

URL = "https://news.example/war-losses"
KILLED = "Officials said 40 people were killed in the attack on Monday."
HURT = "A further 12 were wounded, the ministry said."
ARRESTS = "Police arrested 3 men after the blast."


def claim(
    sentence: str = KILLED,
    number: str = "40",
    *,
    url: str | None = URL,
    title: str | None = "War losses",
    sentence_start: int = 100,
    paragraph: int | None = 1,
    version: str = "0.1.0",
    **fields: Any,
) -> dict[str, Any]:
    """A claim record as the pipeline writes it, `number` taken where it stands in `sentence`."""
    offset = sentence.index(number)
    start = sentence_start + offset
    record = Claim(
        claim_id=claim_id(url, sentence, offset),
        article=ArticleRef(url=url, title=title, site="news.example", published="2024-03-04"),
        section="body" if paragraph is not None else "headline",
        paragraph=paragraph,
        sentence=sentence,
        text=number,
        span=TextSpan(start, start + len(number)),
        value=int(number) if number.isdigit() else None,
        qualifier="exact",
        lower=None,
        upper=None,
        unit=None,
        counted="people",
        category="killed",
        party=None,
        source=Source(text="Officials", name="officials", kind="government", cue="said"),
        time=None,
        rate_per=None,
        extractor=ExtractorInfo(version=version, model="en_core_web_sm-3.8.0"),
    ).to_dict()
    record.update(fields)
    return record


def article(**options: Any) -> list[dict[str, Any]]:
    """Three claims in three paragraphs of one article."""
    return [
        claim(KILLED, "40", sentence_start=100, paragraph=1, **options),
        claim(HURT, "12", sentence_start=200, paragraph=2, **options),
        claim(ARRESTS, "3", sentence_start=300, paragraph=3, **options),
    ]


def kinds(result) -> list[str]:
    return [difference.kind for difference in result.differences]


def write(path: Path, records: list[dict[str, Any]]) -> str:
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(records, out)
    return str(path)


# -- the Python API --


def test_the_same_records_do_not_differ() -> None:
    result = diff_records(article(), article())
    assert result.identical
    assert result.unchanged == 3
    assert result.summary().endswith("0 changed, 3 unchanged")


def test_a_changed_field_is_reported_with_old_and_new_value() -> None:
    new = article()
    new[0]["value"], new[0]["qualifier"] = 42, "more_than"
    result = diff_records(article(), new)
    assert kinds(result) == ["changed"]
    assert result.differences[0].changes == {"value": (40, 42), "qualifier": ("exact", "more_than")}
    assert result.differences[0].claim_id == new[0]["claim_id"]
    assert result.unchanged == 2


def test_a_nested_field_is_named_with_dots() -> None:
    new = article()
    new[1]["source"] = {**new[1]["source"], "name": "ministry", "text": "the ministry"}
    result = diff_records(article(), new)
    assert result.differences[0].changes == {
        "source.text": ("Officials", "the ministry"),
        "source.name": ("officials", "ministry"),
    }


def test_a_source_that_appears_is_one_change_of_the_whole_object() -> None:
    old = article()
    old[2]["source"] = None
    result = diff_records(old, article())
    [difference] = result.differences
    assert list(difference.changes) == ["source"]
    assert difference.changes["source"][0] is None
    assert difference.changes["source"][1]["name"] == "officials"


def test_claims_only_on_one_side_are_removed_or_added() -> None:
    old = article()
    missing = claim("Nine more were missing on Tuesday.", "Nine", sentence_start=400, paragraph=4)
    new = [*article()[:2], missing]
    result = diff_records(old, new)
    assert kinds(result) == ["removed", "added"]
    removed, added = result.differences
    assert removed.old["text"] == "3" and removed.new is None and removed.claim_id == old[2]["claim_id"]
    assert added.new["text"] == "Nine" and added.old is None


def test_articles_on_one_side_only_are_listed_once_with_their_claim_count() -> None:
    gone = article(url="https://news.example/gone")
    fresh = article(url="https://news.example/fresh")[:2]
    result = diff_records([*article(), *gone], [*article(), *fresh])
    assert kinds(result) == ["article_removed", "article_added"]
    removed, added = result.differences
    assert removed.article == "https://news.example/gone" and removed.changes == {"claims": (3, 0)}
    assert added.article == "https://news.example/fresh" and added.changes == {"claims": (0, 2)}
    assert added.new["url"] == "https://news.example/fresh"
    assert "1 added (2 claims), 1 removed (3 claims)" in result.summary()


def test_records_without_url_are_grouped_by_title() -> None:
    old = article(url=None, title="Quake toll")
    new = article(url=None, title="Quake toll")
    new[0]["value"] = 41
    result = diff_records(old, new)
    assert kinds(result) == ["changed"]
    assert result.differences[0].article == "Quake toll"


def test_a_paragraph_shift_keeps_ids_and_reports_the_new_position() -> None:
    # A paragraph inserted above: the same sentences one paragraph and 80 characters further on.
    shifted = [
        claim(KILLED, "40", sentence_start=180, paragraph=2),
        claim(HURT, "12", sentence_start=280, paragraph=3),
        claim(ARRESTS, "3", sentence_start=380, paragraph=4),
    ]
    assert [record["claim_id"] for record in shifted] == [record["claim_id"] for record in article()]
    result = diff_records(article(), shifted)
    assert kinds(result) == ["changed"] * 3
    assert result.differences[0].changes == {
        "paragraph": (1, 2),
        "span.start": (115, 195),
        "span.end": (117, 197),
    }
    assert diff_records(article(), shifted, ignore_fields=["span", "paragraph"]).identical


def test_a_slightly_edited_sentence_changes_the_id_but_the_claim_is_changed_not_replaced() -> None:
    edited = "Officials said 40 people were killed in Monday's attack."
    new = [claim(edited, "40", sentence_start=100, paragraph=1), *article()[1:]]
    assert new[0]["claim_id"] != article()[0]["claim_id"]
    result = diff_records(article(), new)
    assert kinds(result) == ["changed"]
    [difference] = result.differences
    assert difference.changes == {"sentence": (KILLED, edited)}
    assert difference.old["claim_id"] == article()[0]["claim_id"]
    assert difference.claim_id == new[0]["claim_id"]


def test_a_widened_span_in_the_same_sentence_is_the_same_claim() -> None:
    # "40" became "more than 40": the number's offset in the sentence moved, so the id changed.
    sentence = "Officials said more than 40 people were killed."
    old = [claim(sentence, "40")]
    new = [claim(sentence, "more than 40", value=40, qualifier="more_than")]
    assert old[0]["claim_id"] != new[0]["claim_id"]
    result = diff_records(old, new)
    assert kinds(result) == ["changed"]
    assert result.differences[0].changes == {
        "text": ("40", "more than 40"),
        "span.start": (125, 115),
        "qualifier": ("exact", "more_than"),
    }


def test_a_different_sentence_with_the_same_number_is_not_paired() -> None:
    old = [claim(KILLED, "40")]
    new = [claim("The fund raised 40 million dollars for the city's schools.", "40")]
    assert kinds(diff_records(old, new)) == ["removed", "added"]


def test_a_changed_number_in_an_edited_sentence_is_removed_and_added() -> None:
    old = [claim(KILLED, "40")]
    new = [claim("Officials said 42 people were killed in the attack on Monday night.", "42")]
    assert kinds(diff_records(old, new)) == ["removed", "added"]


def test_a_sentence_repeated_in_headline_and_lead_pairs_claim_by_claim() -> None:
    twice = [claim(KILLED, "40", paragraph=None, sentence_start=0), claim(KILLED, "40", sentence_start=0)]
    assert twice[0]["claim_id"] == twice[1]["claim_id"]
    result = diff_records(twice, twice[:1])
    assert kinds(result) == ["removed"]
    assert result.unchanged == 1


def test_the_extractor_version_is_ignored_by_default() -> None:
    assert "extractor" in DEFAULT_IGNORED
    newer = article(version="0.2.0")
    assert diff_records(article(), newer).identical
    result = diff_records(article(), newer, fields=["extractor.version"])
    assert kinds(result) == ["changed"] * 3
    assert result.differences[0].changes == {"extractor.version": ("0.1.0", "0.2.0")}


def test_fields_limits_what_counts_as_a_change() -> None:
    new = article()
    new[0]["value"], new[0]["category"] = 41, "casualties"
    new[1]["counted"] = "soldiers"
    result = diff_records(article(), new, fields=["value", "counted"])
    assert [difference.changes for difference in result.differences] == [
        {"value": (40, 41)},
        {"counted": ("people", "soldiers")},
    ]
    assert result.unchanged == 1


def test_ignore_fields_excludes_a_field_and_everything_inside_it() -> None:
    new = article()
    new[0]["source"] = {**new[0]["source"], "name": "police", "cue": "told"}
    assert diff_records(article(), new, ignore_fields=["source"]).identical
    result = diff_records(article(), new, ignore_fields=["source.cue"])
    assert result.differences[0].changes == {"source.name": ("officials", "police")}


def test_unknown_field_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown field 'valu'"):
        diff_records(article(), article(), fields=["valu"])


# -- reading files --


def many_records(count: int) -> list[dict[str, Any]]:
    """`count` claims over articles of ten, one with an unusual source, to cross chunk boundaries."""
    records = [
        claim(f"Officials said {n} people were killed.", str(n), url=f"https://news.example/{n // 10}")
        for n in range(count)
    ]
    records[7]["source"] = {**records[7]["source"], "inherited": True}
    return records


def test_read_claims_gives_back_the_records_written(tmp_path: Path) -> None:
    records = many_records(CHUNK_LINES * 2 + 17)
    path = tmp_path / "claims.jsonl"
    write(path, records)
    with path.open("a", encoding="utf-8") as out:
        out.write("\n   \n")
    assert list(read_claims(path)) == records


def test_a_bad_line_beyond_the_first_chunk_is_named_by_its_line_number(tmp_path: Path) -> None:
    lines = [json.dumps(record) for record in many_records(CHUNK_LINES + 600)]
    lines.insert(10, "")  # blank lines count as lines
    lines[CHUNK_LINES + 500] = lines[CHUNK_LINES + 500][:-1]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match="not JSON") as error:
        list(read_claims(path))
    assert error.value.line == CHUNK_LINES + 501


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    write(path, article())
    with path.open("ab") as out:
        out.write(b'{"claim_id": "\xff"}\n')
    with pytest.raises(RecordError, match="not UTF-8") as error:
        list(read_claims(path))
    assert error.value.line == 4


# -- rendering --


def changed_article() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Old and new records with one difference of each kind."""
    old = [*article(), *article(url="https://news.example/gone")]
    new = article()
    new[0]["value"] = 42
    new[0]["text"] = "42"
    new[0]["sentence"] = KILLED.replace("40", "42")
    del new[2]
    new.append(claim("Nine more were missing <b>on Tuesday</b>.", "Nine", sentence_start=400, paragraph=4))
    new.extend(article(url="https://news.example/fresh"))
    return old, new


def test_text_lists_each_difference_under_its_article_and_a_summary() -> None:
    out = io.StringIO()
    write_text(diff_records(*changed_article()), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"@@ {URL}"
    assert lines[1].startswith('~ ¶1 "Officials said [[42]] people')
    assert "    value: 40 → 42" in lines
    assert '    text: "40" → "42"' in lines
    assert any(line.startswith('- ¶3 "Police arrested [[3]] men') for line in lines)
    assert any(line.startswith('+ ¶4 "[[Nine]] more were missing') for line in lines)
    assert "- article https://news.example/gone: 3 claims, only in OLD" in lines
    assert "+ article https://news.example/fresh: 3 claims, only in NEW" in lines
    assert lines[-1] == (
        "articles: 1 added (3 claims), 1 removed (3 claims); "
        "claims: 1 added, 1 removed, 1 changed, 1 unchanged"
    )
    assert "\x1b[" not in out.getvalue()


def test_text_is_coloured_only_when_asked() -> None:
    out = io.StringIO()
    write_text(diff_records(*changed_article()), out, color=True)
    assert "\x1b[31m- ¶3" in out.getvalue()  # red removal
    assert "\x1b[32m+ ¶4" in out.getvalue()  # green addition


def test_json_has_one_object_per_difference_with_stable_keys() -> None:
    out = io.StringIO()
    write_json(diff_records(*changed_article()), out)
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [obj["kind"] for obj in objects] == [
        "changed",
        "removed",
        "added",
        "article_removed",
        "article_added",
    ]
    assert all(list(obj) == ["kind", "article", "claim_id", "old", "new", "changes"] for obj in objects)
    changed = objects[0]
    assert changed["changes"]["value"] == [40, 42]
    assert changed["old"]["value"] == 40 and changed["new"]["value"] == 42
    assert objects[3]["changes"] == {"claims": [3, 0]} and objects[3]["claim_id"] is None


class _PageChecker(HTMLParser):
    """Collects what makes a page depend on anything else, and checks that tags nest and close."""

    VOID = {"meta", "br", "hr", "img", "link", "input", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag in ("iframe", "img", "object", "embed") or (tag == "script" and "src" in attributes):
            self.problems.append(f"<{tag}>")
        if tag == "link" and attributes.get("href"):
            self.problems.append(f"<link href={attributes['href']}>")
        if "style" in attributes:
            self.styles.append(attributes["style"] or "")
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "style":
            self.styles.append(data)
        if self.open and self.open[-1] == "script":
            self.scripts.append(data)
            return
        self.text.append(data)


def test_html_is_one_self_contained_balanced_page_with_all_text_escaped() -> None:
    old, new = changed_article()
    out = io.StringIO()
    write_html(diff_records(old, new), out, old_name="old.jsonl", new_name="new<>.jsonl")
    page = out.getvalue()
    checker = _PageChecker()
    checker.feed(page)
    checker.close()
    assert page.startswith("<!DOCTYPE html>")
    assert checker.problems == [] and checker.open == []
    assert checker.styles and not any(re.search(r"url\(|@import", style) for style in checker.styles)
    assert checker.scripts and not any(
        re.search(r"fetch\(|XMLHttpRequest|import\(|WebSocket|\.src\b", script) for script in checker.scripts
    )
    assert "b" not in checker.tags  # the <b> inside a sentence stays text
    text = "".join(checker.text)
    assert "Nine more were missing <b>on Tuesday</b>." in text
    assert "new<>.jsonl" in text
    assert checker.tags.count("mark") == 4  # changed (old and new sentence), removed, added
    assert '<mark class="old">40</mark>' in page and '<mark class="new">42</mark>' in page
    assert "3 claims, only in OLD" in text and "3 claims, only in NEW" in text


def test_html_says_when_there_is_no_difference() -> None:
    out = io.StringIO()
    write_html(diff_records(article(), article()), out)
    assert "<p>No differences.</p>" in out.getvalue()


# -- the command --


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_byte_identical_files_exit_0(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    new = write(tmp_path / "new.jsonl", article())
    assert Path(old).read_bytes() == Path(new).read_bytes()
    result = runner.invoke(cli, ["diff", old, new])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("3 unchanged")


def test_differences_exit_1_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    old_records, new_records = changed_article()
    old, new = write(tmp_path / "old.jsonl", old_records), write(tmp_path / "new.jsonl", new_records)
    text = runner.invoke(cli, ["diff", old, new])
    assert text.exit_code == 1
    assert "    value: 40 → 42" in text.output
    as_json = runner.invoke(cli, ["diff", old, new, "--format", "json"])
    assert as_json.exit_code == 1
    assert len(as_json.output.splitlines()) == 5
    page = tmp_path / "review.html"
    as_html = runner.invoke(cli, ["diff", old, new, "--format", "html", "-o", str(page)])
    assert as_html.exit_code == 1 and as_html.output == ""
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_field_options_on_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    new_records = article(version="0.2.0")
    new_records[0]["category"] = "casualties"
    old, new = write(tmp_path / "old.jsonl", article()), write(tmp_path / "new.jsonl", new_records)
    assert runner.invoke(cli, ["diff", old, new, "--ignore-fields", "category"]).exit_code == 0
    assert runner.invoke(cli, ["diff", old, new, "--fields", "value, counted"]).exit_code == 0
    versions = runner.invoke(cli, ["diff", old, new, "--fields", "extractor.version", "--format", "json"])
    assert versions.exit_code == 1
    assert [json.loads(line)["changes"] for line in versions.output.splitlines()] == [
        {"extractor.version": ["0.1.0", "0.2.0"]}
    ] * 3


def test_a_bad_record_exits_2_with_one_line_naming_the_line(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    bad = tmp_path / "bad.jsonl"
    truncated = '{"claim_id": "x", "article": \n'
    bad.write_text(Path(old).read_text(encoding="utf-8") + truncated, encoding="utf-8")
    result = runner.invoke(cli, ["diff", old, str(bad)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"{bad}:4: not JSON" in result.output


def test_a_json_object_that_is_not_a_claim_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    other = tmp_path / "other.jsonl"
    other.write_text('{"url": "https://news.example/"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(other), old])
    assert result.exit_code == 2
    assert "not a claim record" in result.output


def test_a_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    result = runner.invoke(cli, ["diff", old, str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path / 'absent.jsonl'}: no such file\n"


def test_an_unknown_field_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    result = runner.invoke(cli, ["diff", old, old, "--ignore-fields", "extractor.versoin"])
    assert result.exit_code == 2
    assert "unknown field 'extractor.versoin'" in result.output


def test_the_public_surface_is_what_the_docs_describe() -> None:
    import extractor.diff

    assert set(extractor.diff.__all__) == {
        "DEFAULT_IGNORED",
        "KINDS",
        "DiffResult",
        "Difference",
        "contract_fields",
        "diff_files",
        "diff_records",
        "write_html",
        "write_json",
        "write_text",
    }
    docs = (Path(__file__).parent.parent / "docs" / "diff.md").read_text(encoding="utf-8")
    for name in ("diff_files", "diff_records", "write_text", "write_json", "write_html", "--ignore-fields"):
        assert name in docs


def test_the_command_has_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "--help"])
    assert result.exit_code == 0
    assert "Exit status 0: no differences, 1:" in " ".join(result.output.split())
    assert "--ignore-fields" in result.output


# -- issue 13 rows 11 and 18: wrong types, deep JSON, terminal escapes ----------------------------------


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"sentence": 5}, "sentence is a number, not a string"),
        ({"article": {"url": 7, "title": "War", "site": None, "published": None}}, "article.url is a number"),
        ({"span": [1, 2]}, "span is an array, not an object"),
        ({"paragraph": True}, "paragraph is a boolean"),
    ],
)
def test_a_field_of_the_wrong_type_exits_2_naming_it(
    runner: CliRunner, tmp_path: Path, change: dict[str, Any], said: str
) -> None:
    old = write(tmp_path / "old.jsonl", article())
    new = write(tmp_path / "new.jsonl", [dict(article()[0], **change), *article()[1:]])
    for args in (["diff", old, new], ["diff", new, old, "--format", "html", "-o", str(tmp_path / "r.html")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        (line,) = result.output.splitlines()
        assert f"{new}:1: not a claim record: {said}" in line


def test_json_nested_100k_deep_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"claim_id": "x", "article": {}, "extra": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    result = runner.invoke(cli, ["diff", old, str(deep)])
    assert result.exit_code == 2
    assert result.output == f"Error: bad record: {deep}:1: not a record: JSON nested too deeply\n"


def test_a_failed_diff_leaves_the_old_report_in_place(runner: CliRunner, tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", article())
    review = tmp_path / "review.html"
    assert runner.invoke(cli, ["diff", old, old, "--format", "html", "-o", str(review)]).exit_code == 0
    before = review.read_bytes()
    bad = write(tmp_path / "bad.jsonl", [dict(article()[0], sentence=5)])
    assert runner.invoke(cli, ["diff", old, bad, "--format", "html", "-o", str(review)]).exit_code == 2
    assert review.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.jsonl", "old.jsonl", "review.html"]


def test_control_characters_of_a_record_are_escaped_in_the_text_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    hostile = "Officials said 40 people\x1b[2J\x1b]0;owned\x07 were killed\u202e in the attack on Monday."
    old = write(tmp_path / "old.jsonl", article())
    new = write(tmp_path / "new.jsonl", [claim(hostile, "40"), *article()[1:]])
    result = runner.invoke(cli, ["diff", old, new])
    assert result.exit_code == 1
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f\u202e]", result.output)
    assert "people\\x1b[2J\\x1b]0;owned\\x07 were killed\\u202e in" in result.output
    as_json = runner.invoke(cli, ["diff", old, new, "--format", "json"])
    assert "\x1b" not in as_json.output  # JSON escapes it itself, and keeps the sentence as it is
    found = [json.loads(line) for line in as_json.output.splitlines()]
    assert any((difference["new"] or {}).get("sentence") == hostile for difference in found)
