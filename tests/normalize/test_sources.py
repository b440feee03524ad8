"""Attributions → (canonical name, kind) and phrases → party, through the real alias tables."""

from __future__ import annotations

import pytest

from extractor.normalize.sources import canonical_party, canonical_source
from extractor.records import SOURCE_KINDS

UA_GENERAL_STAFF = ("General Staff of the Armed Forces of Ukraine", "military")
RU_MOD = ("Russian Ministry of Defence", "military")
KREMLIN = ("Kremlin", "government")
UA_GOVERNMENT = ("Ukrainian government", "government")
US_GOVERNMENT = ("United States government", "government")
PENTAGON = ("Pentagon", "military")
UK_MOD = ("UK Ministry of Defence", "military")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Ukrainian military", UA_GENERAL_STAFF),
        ("Ukraine's military", UA_GENERAL_STAFF),
        ("Ukraine\u2019s General Staff", UA_GENERAL_STAFF),
        ("the General Staff of the Armed Forces of Ukraine", UA_GENERAL_STAFF),
        ("Ukraine's armed forces", UA_GENERAL_STAFF),
        ("Moscow", KREMLIN),
        ("the Kremlin", KREMLIN),
        ("the Russian Defense Ministry", RU_MOD),
        ("Russia's defence ministry", RU_MOD),
        ("the Russian Ministry of Defence", RU_MOD),
        ("Moscow's defence ministry", RU_MOD),
        ("a spokesman for the Russian Defence Ministry", RU_MOD),
        ("Kyiv", UA_GOVERNMENT),
        ("the Ukrainian government", UA_GOVERNMENT),
        ("Ukrainian officials", UA_GOVERNMENT),
        ("Washington", US_GOVERNMENT),
        ("the White House", US_GOVERNMENT),
        ("the U.S. government", US_GOVERNMENT),
        ("US officials", US_GOVERNMENT),
        ("the Pentagon", PENTAGON),
        ("the US Department of Defense", PENTAGON),
        ("the Defense Department", PENTAGON),
        ("the UN", ("United Nations", "organization")),
        ("the United Nations", ("United Nations", "organization")),
        ("UN human rights office", ("UN Human Rights Office (OHCHR)", "organization")),
        ("OHCHR", ("UN Human Rights Office (OHCHR)", "organization")),
        ("the UK Ministry of Defence", UK_MOD),
        ("British intelligence", UK_MOD),
        ("the Hamas-run health ministry", ("Gaza Health Ministry", "government")),
        ("Gaza's health ministry", ("Gaza Health Ministry", "government")),
        ("the Israeli military", ("Israel Defense Forces", "military")),
        ("the IDF", ("Israel Defense Forces", "military")),
        ("WHO", ("World Health Organization", "organization")),
        ("the IMF", ("International Monetary Fund", "organization")),
        ("the World Bank", ("World Bank", "organization")),
        ("Reuters", ("Reuters", "media")),
        ("AP", ("Associated Press", "media")),
        ("AFP", ("Agence France-Presse", "media")),
        ("the BBC", ("BBC", "media")),
        ("Oryx", ("Oryx", "organization")),
        ("Mediazona", ("Mediazona", "media")),
        ("the Institute for the Study of War", ("Institute for the Study of War", "organization")),
        ("Russia's Defence Ministry spokesman Igor Konashenkov", ("Igor Konashenkov", "person")),
        ("General Mark Milley, Chairman of the Joint Chiefs of Staff", ("Mark Milley", "person")),
        ("Ukrainian President Volodymyr Zelensky", ("Volodymyr Zelensky", "person")),
        ("President Zelenskyy", ("Volodymyr Zelensky", "person")),
        ("Zelenskiy", ("Volodymyr Zelensky", "person")),
        ("Kremlin spokesman Dmitry Peskov", ("Dmitry Peskov", "person")),
        ("Kharkiv regional governor Oleh Syniehubov", ("Oleh Syniehubov", "person")),
        ("who", ("who", "other")),  # the pronoun is not the WHO
        ("the Belarusian defence ministry", ("Belarusian defence ministry", "military")),
        ("the regional authorities", ("regional authorities", "government")),
        ("a local news outlet", ("a local news outlet", "media")),
        ("some analysts", ("some analysts", "other")),
    ],
)
def test_canonical_source(text: str, expected: tuple[str, str]) -> None:
    assert canonical_source(text) == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Oleh Syniehubov", "PERSON", ("Oleh Syniehubov", "person")),
        ("Dr. Jane Roe", "PERSON", ("Jane Roe", "person")),
        ("Acme Holdings", "ORG", ("Acme Holdings", "organization")),
        ("Mariupol", "GPE", ("Mariupol", "government")),
        ("Chechens", "NORP", ("Chechens", "other")),
        ("Acme Holdings", None, ("Acme Holdings", "other")),
    ],
)
def test_canonical_source_with_entity_label(text: str, label: str, expected: tuple[str, str]) -> None:
    assert canonical_source(text, label=label) == expected


def test_every_table_kind_is_a_record_kind() -> None:
    import json
    from importlib import resources

    table = json.loads(resources.files("extractor.normalize").joinpath("sources.json").read_text("utf-8"))
    assert {source["kind"] for source in table["sources"]} <= set(SOURCE_KINDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian troops", "Russia"),
        ("Russia's", "Russia"),
        ("Russians", "Russia"),
        ("Moscow's forces", "Russia"),
        ("the Russian side", "Russia"),
        ("Ukrainian", "Ukraine"),
        ("Kyiv\u2019s losses", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Israeli soldiers", "Israel"),
        ("Palestinians", "Palestine"),
        ("Gazans", "Gaza"),
        ("people in Gaza", "Gaza"),
        ("Hamas fighters", "Hamas"),
        ("Hezbollah", "Hezbollah"),
        ("Wagner fighters", "Wagner Group"),
        ("Donetsk People's Republic forces", "Donetsk People's Republic"),
        ("DPR", "Donetsk People's Republic"),
        ("LPR militia", "Luhansk People's Republic"),
        ("US", "United States"),
        ("U.S. troops", "United States"),
        ("American", "United States"),
        ("British", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("Syrian", "Syria"),
        ("Sudanese", "Sudan"),
        ("Yemeni", "Yemen"),
        ("Iranian drones", "Iran"),
        ("Turkish", "Turkey"),
        ("Chinese", "China"),
        ("Russian and Ukrainian soldiers", "Russia"),  # the first named
        ("Ukrainian and Russian soldiers", "Ukraine"),
        ("killed five of us", None),  # the pronoun is not the US
        ("soldiers", None),
        ("", None),
    ],
)
def test_canonical_party(text: str, expected: str | None) -> None:
    assert canonical_party(text) == expected
