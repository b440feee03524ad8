"""Words around a claim → category, through the real lexicon."""

from __future__ import annotations

import pytest

from extractor.normalize.category import category_of
from extractor.records import CATEGORIES


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("people killed", "killed"),
        ("dead", "killed"),
        ("deaths", "killed"),
        ("civilians died", "killed"),
        ("fatalities", "killed"),
        ("lives lost", "killed"),
        ("bodies", "killed"),
        ("death toll", "killed"),
        ("slain", "killed"),
        ("perished", "killed"),
        ("troops lost", "killed"),
        ("people killed drone strike", "killed"),  # a human outcome beats an equipment modifier
        ("wounded", "wounded"),
        ("injured", "wounded"),
        ("injuries", "wounded"),
        ("hurt", "wounded"),
        ("casualties", "casualties"),
        ("losses", "casualties"),
        ("personnel losses", "casualties"),
        ("soldiers killed wounded", "casualties"),
        ("killed or wounded", "casualties"),
        ("captured", "captured"),
        ("prisoners", "captured"),
        ("pows", "captured"),
        ("taken prisoner", "captured"),
        ("surrendered", "captured"),
        ("missing", "missing"),
        ("unaccounted for", "missing"),
        ("displaced", "displaced"),
        ("refugees", "displaced"),
        ("evacuated", "displaced"),
        ("evacuees", "displaced"),
        ("fled", "displaced"),
        ("homeless", "displaced"),
        ("asylum seekers", "displaced"),
        ("tanks", "equipment"),
        ("drones", "equipment"),
        ("missiles shot down", "equipment"),
        ("aircraft", "equipment"),
        ("helicopters", "equipment"),
        ("artillery systems", "equipment"),
        ("apcs", "equipment"),
        ("armoured vehicles", "equipment"),
        ("armored vehicles", "equipment"),
        ("warships", "equipment"),
        ("rocket launchers", "equipment"),
        ("air defence systems", "equipment"),
        ("howitzers", "equipment"),
        ("downed", "equipment"),
        ("himars", "equipment"),
        ("leopard", "equipment"),
        ("t-72", "equipment"),
        ("t - 72", "equipment"),
        ("shahed", "equipment"),
        ("kalibr", "equipment"),
        ("iskander", "equipment"),
        ("bayraktar", "equipment"),
        ("abrams", "equipment"),
        ("tank losses", "equipment"),
        ("lost tanks", "equipment"),
        ("soldiers", "other"),
        ("budget", "other"),
        ("percent inflation", "other"),
        ("", "other"),
    ],
)
def test_category_of(words: str, expected: str) -> None:
    assert category_of(words.split()) == expected


def test_accepts_any_iterable_and_capitals() -> None:
    assert category_of(iter(["Soldiers", "KILLED"])) == "killed"


def test_every_answer_is_a_record_category() -> None:
    samples = ["killed", "wounded", "casualties", "captured", "missing", "displaced", "tanks", "nothing"]
    assert {category_of([word]) for word in samples} == set(CATEGORIES)
