"""The claim_decider component: linear choosers applied with numpy, and the model file that travels
with the component's to_disk/from_disk."""

from __future__ import annotations

import numpy
import pytest

from extractor.nlp import load_pipeline
from extractor.nlp.decider import SHIPPED, Chooser, Decisions, DecisionsError


def options(*features: dict[str, float]) -> list[dict]:
    return [{"kind": "x", "value": {"k": k}, "features": f} for k, f in enumerate(features)]


def test_the_best_score_wins_and_unknown_features_count_nothing():
    chooser = Chooser(("a", "b"), numpy.array([1.0, -2.0]))
    found = options({"a": 1.0}, {"a": 1.0, "b": 1.0}, {"a": 2.0, "never_seen": 50.0})
    assert chooser.scores(found).tolist() == [1.0, -1.0, 2.0]
    assert chooser.choose(found) == 2


def test_a_tie_goes_to_the_earlier_candidate():
    chooser = Chooser(("a",), numpy.array([1.0]))
    assert chooser.choose(options({"a": 1.0}, {"a": 1.0})) == 0


def test_decide_sets_the_field_to_the_chosen_value_and_leaves_others():
    decisions = Decisions({"time": Chooser(("late",), numpy.array([1.0]))}, {})
    links = {"time": "rule's pick", "source": "kept", "candidates": {"time": options({}, {"late": 1.0})}}
    decisions.decide(links)
    assert links["time"] == {"k": 1} and links["source"] == "kept"


def test_a_model_survives_the_round_trip_through_its_file(tmp_path):
    decisions = Decisions({"time": Chooser(("a", "b"), numpy.array([0.5, -1.25]), 0.0)}, {"pages": 3})
    decisions.save(tmp_path / "decisions.json")
    again = Decisions.load(tmp_path)
    assert again.to_dict() == decisions.to_dict()
    with pytest.raises(DecisionsError, match="cannot load"):
        Decisions.load(tmp_path / "missing.json")


def test_the_component_saves_and_loads_its_decisions_with_the_pipeline(tmp_path):
    nlp = load_pipeline()
    decider = nlp.get_pipe("claim_decider")
    assert nlp.pipe_names[-2:] == ["claim_tagger", "claim_decider"]
    if SHIPPED.is_file():
        assert decider.decisions.to_dict() == Decisions.load(SHIPPED).to_dict()  # the shipped model
    else:
        assert not decider.decisions.choosers  # none shipped: the tagger's own picks stand
    decider.use(Decisions({"time": Chooser(("time",), numpy.array([3.0]))}, {"note": "test"}))
    decider.to_disk(tmp_path / "decider")
    fresh = load_pipeline().get_pipe("claim_decider").from_disk(tmp_path / "decider")
    assert fresh.decisions.trained_on == {"note": "test"}
    assert fresh.decisions.choosers["time"].features == ("time",)
