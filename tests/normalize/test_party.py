"""Whose count a figure is (normalize/party.py with the links of nlp/links/party.py), on the real spaCy model:
the side named with the figure, the side that was attacked rather than the attacker, the side of the
report a figure continues, and no side at all outside conflict reporting."""

from __future__ import annotations

import pytest

import extractor
from extractor.normalize.party import Sides, party_of, party_of_place, sides_of
from extractor.records import Claim

# Two sides named often enough for "the other side" to be read; the figures under test follow.
UKRAINE_WAR = (
    "Ukraine braced for more missile and drone strikes on Tuesday as the war went on. Kyiv said Russian "
    "troops shelled towns in Ukraine's east overnight, and Ukrainian officials warned that Russia was "
    "massing troops. "
)


@pytest.fixture(scope="module")
def pipeline() -> extractor.Extractor:
    return extractor.Extractor()


def parties(pipeline: extractor.Extractor, text: str) -> dict[str, str | None]:
    claims: list[Claim] = pipeline.extract_text(text, published="2024-03-05")
    return {claim.text: claim.party for claim in claims}


def test_people_hurt_by_an_attack_are_the_attacked_sides(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "The mayor reported that one man died and 19 others were injured by Russian shelling of the "
        "district. "
        "Russian strikes killed seven people in Kharkiv on Monday."
    )
    found = parties(pipeline, text)
    assert found["19"] == "Ukraine"
    assert found["seven"] == "Ukraine"


def test_its_stands_for_the_speaker_and_the_next_figure_continues_its_report(
    pipeline: extractor.Extractor,
) -> None:
    text = UKRAINE_WAR + (
        "The self-proclaimed Donetsk People's Republic said 4,176 of its fighters had been killed and "
        "16,713 wounded since January. In the past week alone, 64 fighters were killed."
    )
    found = parties(pipeline, text)
    assert found["4,176"] == "Donetsk People's Republic"
    assert found["16,713"] == "Donetsk People's Republic"
    assert found["64"] == "Donetsk People's Republic"


def test_equipment_destroyed_by_a_side_is_the_other_sides(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Russia's defence ministry said its units downed a fighter jet and destroyed three "
        "helicopters at an airfield."
    )
    # "destroyed" shares the subject "its forces" of "shot down", and "its" is Russia's
    assert parties(pipeline, text)["three"] == "Ukraine"
    text = UKRAINE_WAR + "Overnight, air defences shot down 12 of 16 Iranian-made drones, the air force said."
    assert parties(pipeline, text)["12"] == "Russia"  # who made the drones does not say whose they are


def test_a_figure_put_at_a_level_belongs_to_what_is_put(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + "Kyiv's running tally puts total Russian equipment losses at 3,350 tanks."
    assert parties(pipeline, text)["3,350"] == "Russia"


def test_refugees_are_of_the_country_they_fled_not_of_where_they_went(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Millions of Ukrainians have escaped abroad. The largest share of these refugees, over 2.8 million, "
        "went first to Poland."
    )
    assert parties(pipeline, text)["over 2.8 million"] == "Ukraine"


def test_figures_outside_conflict_reporting_have_no_party(pipeline: extractor.Extractor) -> None:
    text = (
        "Germany's statistics office said consumer prices rose 2.9% in Germany in December. "
        "Berlin expects growth of 0.3% this year. A storm killed three people in Bavaria."
    )
    assert set(parties(pipeline, text).values()) == {None}


def test_places_name_their_country() -> None:
    assert party_of_place("Kharkiv") == "Ukraine"
    assert party_of_place("the Kharkiv region") == "Ukraine"
    assert party_of_place("Gaza City") == "Gaza"
    assert party_of_place("the Gaza Strip") == "Gaza"
    assert party_of_place("Kyiv's") == "Ukraine"
    assert party_of_place("Atlantis") is None


def test_an_article_is_a_conflict_when_it_names_an_armed_actor() -> None:
    lemmas = "kyiv say russian troop shell the town , and ukraine 's army hit back".split()
    sides = sides_of(["Russia", "Kyiv", "Russian"], lemmas)
    assert sides.conflict and sides.ranked == ("Russia", "Ukraine")
    assert sides.combatants == ("Russia", "Ukraine")
    group = "the rsf shell the camp , and the army say it repel the attack".split()
    assert sides_of(["Sudan"], group).combatants == ("Rapid Support Forces",)
    # war words without an armed actor: an economic report on the war, a quake that struck a town
    economy = "the war and the strike on port push grain price up , the bank say".split()
    assert not sides_of(["Ukraine", "Russia"], economy).conflict
    quake = "the quake strike the town and rescuer search the rubble for survivor".split()
    assert not sides_of(["Turkey"], quake).conflict
    # an armed actor named in passing, with no harm done or fighting: a poll, a budget
    poll = "voter back more aid after the hamas attack , the poll show".split()
    assert not sides_of(["Israel"], poll).conflict


def test_a_poll_that_mentions_an_attack_gives_no_side(pipeline: extractor.Extractor) -> None:
    text = (
        "Backing for extra aid to Israel rose to 54% of voters after the Hezbollah rocket attack, a poll "
        "released on Monday showed. Some 31% said the government was doing too little."
    )
    assert set(parties(pipeline, text).values()) == {None}


def test_the_side_struck_is_the_combatant_the_attacker_fights(pipeline: extractor.Extractor) -> None:
    # a group's enemy strikes the land the group holds; who backs the group is no side of the count
    text = (
        "Israeli jets bombed the port of Hodeidah on Sunday, the Israeli military said. The Houthis said "
        "the Israeli raids killed nine people and injured 64 at the docks. The Iran-backed Houthis have "
        "launched about 150 drones at Israel this year, and American warships patrol the Red Sea."
    )
    found = parties(pipeline, text)
    assert found["nine"] == "Yemen"
    assert found["64"] == "Yemen"
    assert found["about 150"] == "Houthis"


def test_a_short_report_of_a_strike_names_the_side_struck(pipeline: extractor.Extractor) -> None:
    text = (
        "A missile launched from Lebanon struck a playground in the north of Israel on Friday, killing "
        "nine teenagers, Israeli officials said. Israel blamed Hezbollah. The Israeli army said about 25 "
        "rockets were fired from Lebanon that evening."
    )
    found = parties(pipeline, text)
    assert found["nine"] == "Israel"
    assert found["about 25"] in ("Lebanon", "Hezbollah")


def test_a_side_named_on_its_forces_owns_their_losses_wherever_they_fight(
    pipeline: extractor.Extractor,
) -> None:
    text = (
        "Russian mercenaries back the junta's army against separatists in northern Mali. The separatists "
        "said they killed 31 Russian fighters near the border. Russia's Africa Corps also lost 14 men in "
        "Mali in August."
    )
    found = parties(pipeline, text)
    assert found["31"] == "Russia"
    assert found["14"] == "Russia"


def test_weapons_downed_over_a_side_are_the_other_sides(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Ukraine's air force said it downed 27 Russian drones over Ukraine overnight. Another 9 drones "
        "were shot down over the Sumy region."
    )
    found = parties(pipeline, text)
    assert found["27"] == "Russia"
    assert found["9"] == "Russia"


def test_what_a_side_lost_is_its_own_whoever_counts_it(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "According to Ukraine's General Staff, Russia has lost 2,800 tanks, 5,100 armoured vehicles, "
        "4,300 artillery systems and 900 drones since the invasion began."
    )
    found = parties(pipeline, text)
    for figure in ("2,800", "5,100", "4,300", "900"):
        assert found[figure] == "Russia"


def test_an_attacker_named_on_a_weapon_gives_the_loss_to_the_other_side() -> None:
    sides = Sides(("Ukraine", "Russia"), True)
    links = {"place_phrases": [{"text": "Russian", "dep": "amod", "head": "missile", "prep": "by"}]}
    assert party_of(links, "killed", sides) == "Ukraine"
    # the same mention on a figure that is no loss is that side's ("abuses carried out by Russian units")
    assert party_of(links, "other", sides) == "Russia"


def test_weapons_fired_are_the_launchers_and_it_is_not_the_officials(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Kyiv's air force reported that air defences downed 42 of the 90 drones launched by Russia. "
        "Russia mounted a large raid on Sept. 14, and officials said it had sent more than "
        "200 drones."
    )
    found = parties(pipeline, text)
    assert found["42"] == "Russia"  # the air force that says so is no owner; Russia launched them
    assert found["more than 200"] == "Russia"  # "it" is Russia, not the (plural) officials


def test_people_on_the_move_are_of_the_country_they_come_from(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Millions of Ukrainians have fled to Poland and Hungary. Polish border figures suggest some "
        "512,000 of them have since crossed home into Ukraine. The Warsaw centre houses about 800 refugees."
    )
    found = parties(pipeline, text)
    assert found["some 512,000"] == "Ukraine"
    assert found["about 800"] == "Ukraine"


def test_hostages_held_in_a_place_are_the_other_sides() -> None:
    sides = Sides(("Gaza", "Israel"), True)
    links = {"place_phrases": [{"text": "Gaza", "dep": "pobj", "head": "in", "prep": "in"}]}
    assert party_of(links, "captured", sides) == "Israel"
    assert party_of(links, "killed", sides) == "Gaza"


def test_a_figure_without_a_side_continues_the_report_but_losses_do_not_continue_weapons(
    pipeline: extractor.Extractor,
) -> None:
    text = UKRAINE_WAR + (
        "Russia sent 150 drones and 20 missiles overnight. The missile travels at 11,000 kilometres "
        "an hour. The assault killed four people."
    )
    found = parties(pipeline, text)
    assert found["150"] == "Russia"
    assert found["four"] == "Ukraine"


def test_attacks_on_the_articles_side_are_the_other_sides(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + "Sunday saw 33 attacks by the invaders around the village."
    assert parties(pipeline, text)["33"] == "Russia"


def test_money_is_the_spenders_not_the_country_it_goes_to(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Germany is pledging another 37 million euros to Ukraine to rebuild. Some 22.5 million "
        "euros are meant for repairing Ukraine's power grid."
    )
    found = parties(pipeline, text)
    assert found["37 million euros"] == "Germany"
    assert found["Some 22.5 million euros"] == "Germany"


def test_captives_a_group_holds_or_releases_are_the_other_sides(pipeline: extractor.Extractor) -> None:
    text = (
        "Israel and Hamas agreed to extend the ceasefire in Gaza as the war paused. Israeli troops and "
        "Israeli tanks stayed in Gaza. Hamas released 24 hostages on Friday. Hamas is believed to hold "
        "about 130 hostages in Gaza."
    )
    found = parties(pipeline, text)
    assert found["24"] == "Israel"  # Hamas fights with Gaza, the other side of which is Israel
    assert found["about 130"] == "Israel"  # "is believed to hold": Hamas holds


def test_a_group_fights_with_its_side() -> None:
    sides = Sides(("Gaza", "Israel"), True)
    assert sides.other("Hamas") == "Israel"
    assert sides.other("Israel") == "Gaza"
    assert Sides(("Ukraine", "Russia"), True).other("Wagner Group") == "Ukraine"
    assert sides.other("Sudan") is None


def test_an_attack_named_in_a_clause_strikes_the_side_it_was_aimed_at(pipeline: extractor.Extractor) -> None:
    text = (
        "Israel and Hamas traded fire across the border as the war in Gaza went on. Israeli troops "
        "entered Gaza after the Hamas-led raids, in which 700 people were killed. The group's assault "
        "on Israel, which killed 300 people, began at dawn."
    )
    found = parties(pipeline, text)
    assert found["700"] == "Israel"  # "Hamas-led": Hamas attacked, in a clause on the raids
    assert found["300"] == "Israel"  # the side an attack "on" aims at is the side struck


def test_a_bare_apostrophe_possessive_names_the_attacker(pipeline: extractor.Extractor) -> None:
    text = (
        "Israeli troops pushed deeper into Gaza on Monday. Britain sent troops to the region after "
        "Hamas’ May 3 raids, which killed around 900 people. Hamas fighters also fired rockets."
    )
    # "Hamas’ raids" is Hamas's attack (a name ending in s takes a bare apostrophe): the dead are Israel's
    assert parties(pipeline, text)["around 900"] == "Israel"


def test_money_a_side_pays_is_not_the_recipients(pipeline: extractor.Extractor) -> None:
    text = UKRAINE_WAR + (
        "Russia offers volunteers a signing bonus of 2 million rubles. Men willing to take part in the "
        "war in Ukraine can also receive one-off payments of $9,000 for wounds."
    )
    found = parties(pipeline, text)
    assert found["2 million rubles"] == "Russia"
    assert found["$9,000"] == "Russia"  # recruits receive it; Russia pays, Ukraine is only where they fight
