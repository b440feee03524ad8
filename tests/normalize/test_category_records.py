"""Categories of whole records (real spaCy model): what the words say, except for ages and measurements."""

from __future__ import annotations

import pytest

import extractor


@pytest.fixture(scope="module")
def pipeline() -> extractor.Extractor:
    return extractor.Extractor()


def category(pipeline: extractor.Extractor, text: str, phrase: str) -> str:
    found = [c for c in pipeline.extract_text(text) if c.text == phrase]
    assert len(found) == 1, [c.text for c in pipeline.extract_text(text)]
    return found[0].category


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # an age describes a person; the verb of the sentence is not what it counts
        ("A 54-year-old man was killed when a shell hit his car.", "54-year-old", "other"),
        ("A 61-year-old woman who fled the city said the road was closed.", "61-year-old", "other"),
        # a measurement counts no loss, whatever the clause says of the missile
        ("The drone cruised at 700 km per hour before the crew lost it.", "700 km per hour", "other"),
        # money counts no loss, even insured "losses"
        ("Insured losses would reach $50 billion, analysts said.", "$50 billion", "other"),
        # the figures a sentence lists keep their own outcome
        ("The office recorded 320 civilian deaths and 610 injuries.", "320", "killed"),
        ("The office recorded 320 civilian deaths and 610 injuries.", "610", "wounded"),
        ("At least 30 soldiers were killed and 112 wounded.", "112", "wounded"),
        ("The blast left four people dead and hurt dozens of others.", "four", "killed"),
        ("Officials said 900 soldiers had been killed or wounded.", "900", "casualties"),
        # equipment only when the counted head is a weapon, or a craft beside a loss
        ("The army said 200 soldiers were killed, along with five tanks.", "five", "equipment"),
        ("Some 150 firefighters, supported by 12 helicopters, fought the blaze.", "12", "other"),
        ("The fire burned 9,000 acres and destroyed 75 homes.", "75", "other"),
        ("The militia carried out 40 artillery strikes on the town.", "40", "other"),
        # what befell a counted subject
        ("About 5,000 residents remained under evacuation orders.", "About 5,000", "displaced"),
        ("Two workers suffered minor injuries.", "Two", "wounded"),
        ("Nearly 3 million people have been forced from their homes.", "Nearly 3 million", "displaced"),
        ("The agency said 1,200 soldiers have been freed from captivity.", "1,200", "captured"),
        ("Before it hit, 400,000 people had been ordered to evacuate.", "400,000", "displaced"),
        ("It warned that as many as 200,000 could leave.", "as many as 200,000", "displaced"),
        ("Officials said 40 residents were able to leave the town.", "40", "displaced"),
        ("The charity said 300 people spent the night in five shelters.", "300", "displaced"),
        ("The charity said 300 people spent the night in five shelters.", "five", "other"),
        # the noun or verb a counted noun belongs to
        ("The report describes the deaths of 2,300 children.", "2,300", "killed"),
        ("The shelling killed 31 people, including six children.", "six", "killed"),
        ("Officials accused troops of burying 400 civilians in the forest.", "400", "killed"),
        # coordinated outcomes: each figure keeps its own verb, a shared object takes both
        ("The agency said 52 people had been killed and 81 injured since Friday.", "81", "wounded"),
        ("Rockets killed at least 14 farmers and wounded several others.", "at least 14", "killed"),
        ("The explosion killed and wounded 26 workers at the depot.", "26", "casualties"),
        (
            "The air command said the crews had destroyed 61 out of 70 missiles fired and 25 out of 40"
            " drones launched by the rebels.",
            "25",
            "equipment",
        ),
        # outcome words: taking people, a single life, homes lost
        ("The raiders killed 18 villagers and kidnapped more than 60 others.", "more than 60", "captured"),
        ("The flash flood claimed at least one life, officials said.", "at least one", "killed"),
        ("Roughly 700 families have lost their homes, a charity said.", "Roughly 700", "displaced"),
        # a part of the group counted before shares its outcome
        (
            "At least 90 aid workers have been killed since May — 60 of whom were local staff — the"
            " agency said.",
            "60",
            "killed",
        ),
        ("Some 40 people were injured, 12 of whom are in hospital.", "12", "wounded"),
        # "left" with a complement is a state, and the complement says which
        ("The long siege left 50 soldiers traumatized.", "50", "other"),
        ("The storm left 3,000 people homeless.", "3,000", "displaced"),
        # victims of a crash are its dead; victims of a harm that kills nobody are not
        ("The country was home to 84 victims of the crash.", "84", "killed"),
        ("Police said 40 rape victims came forward.", "40", "other"),
        # a level of generic "people": the verb's subject says what is counted
        (
            "Officials say the overall number of deaths since March now stands at 4,512 people.",
            "4,512",
            "killed",
        ),
        ("The death toll rose to 310 people on Friday.", "310", "killed"),
        ("The number of visitors reached 2 million people.", "2 million", "other"),
    ],
)
def test_record_category(pipeline: extractor.Extractor, text: str, phrase: str, expected: str) -> None:
    assert category(pipeline, text, phrase) == expected
