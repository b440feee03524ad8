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
        ("aircraft shot down", "equipment"),
        ("helicopters destroyed", "equipment"),
        ("aircraft losses", "equipment"),
        ("helicopters", "other"),  # craft are equipment only beside a loss
        ("aid trucks entering", "other"),
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
        ("destroyed", "equipment"),
        ("lost", "other"),
        ("remained under evacuation orders", "displaced"),
        ("freed from captivity", "captured"),
        ("force from home", "displaced"),
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


@pytest.mark.parametrize(
    ("words", "counted", "expected"),
    [
        # the counted noun names one outcome, whatever stands beside it
        ("civilian deaths injuries", "civilian deaths", "killed"),
        ("injuries deaths", "injuries", "wounded"),
        ("number of dead put", "dead", "killed"),
        ("toll put", "toll", "killed"),
        # a weapon counted beside the dead is still equipment
        ("tanks killed", "tanks", "equipment"),
        ("artillery systems killed", "artillery systems", "equipment"),
        # the head decides, not its modifiers or the verb
        ("artillery strikes carried", "artillery strikes", "other"),
        ("homes destroyed", "homes", "other"),
        ("aid trucks entering", "aid trucks", "other"),
        ("helicopters supported", "helicopters", "other"),
        ("helicopters shot down", "helicopters", "equipment"),
        ("armoured combat vehicles", "armoured combat vehicles", "equipment"),
        ("aircraft losses stood", "Aircraft losses", "equipment"),
        ("tank losses", "tank losses", "equipment"),
        # a pronoun leaves it to the verb
        ("those destroyed", "those", "equipment"),
        ("soldiers killed wounded", "soldiers", "casualties"),
    ],
)
def test_category_with_counted(words: str, counted: str, expected: str) -> None:
    assert category_of(words.split(), counted) == expected
