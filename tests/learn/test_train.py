"""Training the decisions on the project's own gold, with the real pipeline: what `extractor train`
writes is reproducible, loads back, and decides the records of an extraction that uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.article import parse_html
from extractor.cli import cli
from extractor.learn.examples import gold_pages, groups_of
from extractor.learn.train import cross_validate, train
from extractor.nlp.decider import NO_DECISIONS, Decisions
from extractor.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "fixtures" / "gold"
# Four pages whose figures take times of several kinds: a day, a release's month, a lede's day.
NAMES = ["01-war-losses", "03-quake-toll", "04-inflation-release", "16-hurricane-us"]
FILES = [GOLD / f"{name}.json" for name in NAMES]

pytest.importorskip("sklearn", reason="training needs the train extra: pip install 'extractor[train]'")


@pytest.fixture(scope="module")
def pipeline() -> Extractor:
    return Extractor(decisions=NO_DECISIONS)


@pytest.fixture(scope="module")
def trained() -> Decisions:
    return train(FILES)


def test_gold_pages_find_the_pages_they_name():
    pages = gold_pages(FILES)
    assert [page.name for page in pages] == NAMES
    assert all(page.page.parent.name == "pages" and page.page.is_file() for page in pages)


def test_groups_label_every_candidate_and_keep_decisions_with_a_right_one(pipeline):
    groups = list(groups_of(pipeline, gold_pages(FILES)))
    fields = {group.field for group in groups}
    assert fields == {"source", "time"}
    for group in groups:
        assert len(group.right) == len(group.features) >= 1
        assert any(group.right)
        assert all(name.split(":")[0] in {"none", "own", "quote", "report", "document", "time", "carried",
                                          "lede", "last_day", "last_period", "published", "fieldwork",
                                          "aside_time", "speech_time"}
                   for features in group.features for name in features)


def test_training_is_reproducible_to_the_byte(trained, tmp_path):
    trained.save(tmp_path / "a.json")
    train(FILES).save(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["format"] == "extractor.decisions/1" and set(data["choosers"]) == {"time"}
    assert data["trained_on"]["pages"] == len(FILES) and data["choosers"]["time"]["weights"]


def test_an_extraction_with_trained_decisions_takes_each_choosers_pick(trained):
    extractor = Extractor(decisions=trained)
    article = parse_html((ROOT / "fixtures" / "pages" / "04-inflation-release.html").read_bytes())
    doc, _ = next(extractor.read_articles([article]))
    chooser = trained.choosers["time"]
    spans = list(doc.spans["claims"])
    assert spans
    for span in spans:
        options = span._.claim["candidates"]["time"]
        assert span._.claim["time"] == options[chooser.choose(options)]["value"]


def test_cross_validation_scores_held_out_and_in_sample(tmp_path):
    result = cross_validate(FILES, 2, predictions=tmp_path)
    for report in (result.held_out, result.in_sample, result.rules):
        assert report.articles == len(FILES) and report.required > 0
    # Detection does not depend on the decisions; the choices of time do.
    assert result.held_out.tp == result.in_sample.tp == result.rules.tp
    assert sorted(p.stem for p in tmp_path.glob("*.jsonl")) == NAMES
    with pytest.raises(ValueError, match="folds"):
        cross_validate(FILES, 9)


def test_train_command_writes_a_model_that_extract_uses(tmp_path):
    runner = CliRunner()
    model = tmp_path / "model"
    result = runner.invoke(cli, ["train", *map(str, FILES[:2]), "-o", str(model)])
    assert result.exit_code == 0, result.output
    assert Decisions.load(model).choosers["time"].features
    page = ROOT / "fixtures" / "pages" / "01-war-losses.html"
    result = runner.invoke(cli, ["extract", str(page), "--decisions", str(model)])
    assert result.exit_code == 0, result.output
    assert all(json.loads(line)["time"] for line in result.stdout.splitlines() if line.startswith("{"))


def test_a_file_that_is_no_model_is_one_clear_error(tmp_path):
    bad = tmp_path / "decisions.json"
    bad.write_text('{"format": "something else"}')
    page = ROOT / "fixtures" / "pages" / "01-war-losses.html"
    result = CliRunner().invoke(cli, ["extract", str(page), "--decisions", str(tmp_path)])
    assert result.exit_code == 1
    assert "cannot load decisions" in result.output and "Traceback" not in result.output


def test_train_refuses_fields_it_cannot_decide(tmp_path):
    result = CliRunner().invoke(cli, ["train", str(FILES[0]), "-o", str(tmp_path), "--fields", "party"])
    assert result.exit_code == 2 and "choose among source and time" in result.output


def test_run_with_a_trained_model_writes_what_extract_with_it_writes(tmp_path):
    runner = CliRunner()
    model = tmp_path / "model"
    assert runner.invoke(cli, ["train", *map(str, FILES), "-o", str(model)]).exit_code == 0
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in NAMES[:2]:
        (pages / f"{name}.html").write_bytes((ROOT / "fixtures" / "pages" / f"{name}.html").read_bytes())
    ran = tmp_path / "run.jsonl"
    result = runner.invoke(cli, ["run", str(pages), "-o", str(ran), "--cache", str(tmp_path / "cache"),
                                 "--workers", "1", "--decisions", str(model)])
    assert result.exit_code == 0, result.output
    extracted = runner.invoke(cli, ["extract", str(pages), "--decisions", str(model)])
    assert extracted.exit_code == 0, extracted.output
    by_run = [json.loads(line) for line in ran.read_text().splitlines()]
    by_extract = [json.loads(line) for line in extracted.stdout.splitlines() if line.startswith("{")]
    assert by_run and [r["time"] for r in by_run] == [r["time"] for r in by_extract]
    plain = [json.loads(line) for line in runner.invoke(cli, ["extract", str(pages)]).stdout.splitlines()
             if line.startswith("{")]
    assert [r["time"] for r in plain] != [r["time"] for r in by_run]  # the model decided some times
