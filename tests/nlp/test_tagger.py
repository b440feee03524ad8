"""The claim tagger on sentences written the way outlets write about figures (real spaCy model)."""

from __future__ import annotations

import pytest
import spacy

from extractor.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def claims(nlp, text: str) -> dict[str, dict]:
    doc = nlp(text)
    return {span.text: span._.claim for span in doc.spans["claims"]}


@pytest.mark.parametrize(
    "text, phrase, counted",
    [
        ("More than 100,000 Russian soldiers have been killed.", "More than 100,000", "Russian soldiers"),
        (
            "The army lost one tank, two armored personnel carriers and seven artillery systems.",
            "seven",
            "artillery systems",
        ),
        (
            "The army lost one tank, two armored personnel carriers and seven artillery systems.",
            "two",
            "armored personnel carriers",
        ),
        ("Hundreds of thousands of people have fled the region.", "Hundreds of thousands", "people"),
        ("Moscow has confirmed the deaths of 6,000 of its troops.", "6,000", "troops"),
        ("A 68-year-old man was among the injured.", "68-year-old", "man"),
        ("Inflation rose 7.1% in November.", "7.1%", "Inflation"),
        # a noun before the number: "X of N"
        ("The storm brought winds of 120 mph to the coast.", "120 mph", "winds"),
        ("The bank set its rate in a range between 3.5% and 3.75%.", "between 3.5% and 3.75%", "range"),
        ("The match drew a crowd of 41,000 on Sunday.", "41,000", "crowd"),
        ("The bank reported quarterly revenue of $2.1bn.", "$2.1bn", "quarterly revenue"),
        # a container noun holds what is counted
        ("A majority of voters, 58%, said they opposed the plan.", "58%", "voters"),
        ("Officials put the number of dead at 140.", "140", "dead"),
        # a measure verb sets its object at the number
        ("The ministry put the toll at 3,120.", "3,120", "toll"),
        ("The firm added customers, taking its total to 9.4 million.", "9.4 million", "total"),
        # a level verb or predicate reports its subject's level
        ("Core inflation eased to 4.2% in March.", "4.2%", "Core inflation"),
        ("The death toll from the quake rose to 2,100.", "2,100", "death toll"),
        ("The jobless rate held at 5.1% last month.", "5.1%", "jobless rate"),
        ("Rice prices were 12.5% higher than a year earlier.", "12.5%", "Rice prices"),
        ("The blaze was 40% contained by Friday.", "40%", "blaze"),
        ("Officials warned of temperatures that topped 104 degrees.", "104 degrees", "temperatures"),
        ("Tank losses stood at 410 and artillery losses at 520.", "410", "Tank losses"),
        ("Tank losses stood at 410 and artillery losses at 520.", "520", "artillery losses"),
        # money is in what it pays for
        ("Parliament approved $40 billion in military aid.", "$40 billion", "military aid"),
        # a bare number continues the figure before it
        ("At least 30 soldiers were killed and 112 wounded.", "112", "soldiers"),
        ("Sales reached 8,000 cars last month, up from 6,500 a year earlier.", "6,500", "cars"),
        ("Some 900 people were hurt, 120 of them seriously.", "120", "people"),
        ("Of those, 300 were destroyed and 45 were captured.", "45", "those"),
        ("Among women, 44% backed the measure.", "44%", "women"),
    ],
)
def test_counted_noun_phrase(nlp, text, phrase, counted):
    assert claims(nlp, text)[phrase]["counted"] == counted


@pytest.mark.parametrize(
    "text, phrase, words, absent",
    [
        # another figure's noun does not lend its outcome
        ("The office recorded 320 civilian deaths and 610 injuries.", "610", "injuries", "deaths"),
        ("At least 30 soldiers were killed and 112 wounded.", "112", "wounded", "killed"),
        # both verbs of one subject
        ("Officials said 900 soldiers were killed or wounded.", "900", "wounded", None),
        # what the verb says befell its subject
        ("Three firefighters suffered minor injuries on Monday.", "Three", "injuries", None),
        ("About 5,000 residents remained under evacuation orders.", "About 5,000", "evacuation", None),
        ("Thousands of people have been forced from their homes.", "Thousands", "force from home", None),
    ],
)
def test_category_words(nlp, text, phrase, words, absent):
    found = claims(nlp, text)[phrase]["category_words"]
    assert words in found
    assert absent is None or absent not in found


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014 and escalated on February 24.",
        "The Boeing 787 landed at 5 p.m. after the G7 meeting.",
        "Veterans of World War II joined the 3rd Brigade parade.",
        "The curfew lasted for 24 hours.",
        "It was one of the largest attacks of the war.",
        "A 72-hour ceasefire was extended on Sunday.",
        "Mediators managed to secure a three-week truce along the river border.",
    ],
)
def test_numbers_that_are_not_claims(nlp, text):
    assert claims(nlp, text) == {}


@pytest.mark.parametrize(
    "text, phrase, source_text, cue",
    [
        (
            "More than 100,000 Russian soldiers have been killed, according to the Ukrainian government.",
            "More than 100,000",
            "the Ukrainian government",
            "according to",
        ),
        (
            "General Mark Milley, Chairman of the Joint Chiefs of Staff, hinted at some 100,000 casualties.",
            "some 100,000",
            "General Mark Milley, Chairman of the Joint Chiefs of Staff",
            "hinted at",
        ),
        ("Moscow has confirmed fewer than 6,000 deaths.", "fewer than 6,000", "Moscow", "confirmed"),
        (
            "Some 660 Russian troops were killed on Wednesday, the General Staff said.",
            "Some 660",
            "the General Staff",
            "said",
        ),
        (
            "The death toll rose to 1,200, according to figures released by the health ministry.",
            "1,200",
            "the health ministry",
            "according to",
        ),
    ],
)
def test_attribution(nlp, text, phrase, source_text, cue):
    source = claims(nlp, text)[phrase]["source"]
    assert (source["text"], source["cue"], source["inherited"]) == (source_text, cue, False)


def test_source_carries_over_to_the_next_sentence_of_the_same_report(nlp):
    text = (
        "Russia has lost 100,400 troops, according to the Ukrainian military. "
        "On Wednesday alone, 660 Russian soldiers were killed."
    )
    source = claims(nlp, text)["660"]["source"]
    assert source["text"] == "the Ukrainian military" and source["inherited"] is True


def test_outlet_arithmetic_inherits_no_source(nlp):
    text = (
        "Russia has lost 120,000 troops in a year, according to the Ukrainian military. "
        "This means an average of around 10,000 soldiers were killed each month."
    )
    found = claims(nlp, text)
    assert found["around 10,000"]["source"] is None
    assert found["around 10,000"]["rate_words"] == ["each month"]


def test_no_carry_over_past_an_unrelated_paragraph(nlp):
    text = (
        "Russia has lost 100,400 troops, according to the Ukrainian military.\n\n"
        "The weather was cold.\n\n"
        "Some 300 homes lost power."
    )
    assert claims(nlp, text)["Some 300"]["source"] is None


def test_pronoun_source_resolves_to_the_last_person(nlp):
    text = (
        "Defence Secretary Lloyd Austin said 20 tanks were delivered. He said another 31 tanks would follow."
    )
    source = claims(nlp, text)["31"]["source"]
    assert source["text"] == "He" and "Lloyd Austin" in source["name_text"]


def test_sentences_never_cross_paragraphs(nlp):
    doc = nlp("Headline with 5 ships\n\nThe navy lost 3 ships on Monday.")
    sentences = {span.sent.text.strip() for span in doc.spans["claims"]}
    assert sentences == {"Headline with 5 ships", "The navy lost 3 ships on Monday."}


def test_time_expression_with_its_preposition(nlp):
    found = claims(nlp, "More than 100,000 soldiers have been killed since February 24.")
    assert found["More than 100,000"]["time"]["text"] == "since February 24"


def test_component_is_registered_for_other_pipelines():
    nlp = spacy.blank("en")
    assert "claim_tagger" in spacy.registry.factories.get_all() or nlp.add_pipe("claim_tagger")


def test_to_disk_from_disk_round_trip(nlp, tmp_path):
    tagger = nlp.get_pipe("claim_tagger")
    tagger.to_disk(tmp_path / "claim_tagger")
    fresh = load_pipeline().get_pipe("claim_tagger")
    fresh.from_disk(tmp_path / "claim_tagger")
    assert fresh.lexicon == tagger.lexicon and fresh.spans_key == "claims"


def test_agent_noun_of_two_words_at_the_end_of_a_long_sentence(nlp):
    text = (
        "Russia launched 120 missiles at Ukraine overnight, targeting power plants across the country, "
        "Ukraine's air force said."
    )
    source = claims(nlp, text)["120"]["source"]
    assert source is not None and source["text"] == "Ukraine's air force"


def test_every_name_in_front_of_a_reporting_noun_is_the_source(nlp):
    text = "Support for the plan fell to 41%, according to a Harbor Times/Keystone Research poll."
    source = claims(nlp, text)["41%"]["source"]
    assert source["name_text"] == "Harbor Times/Keystone Research"


def test_a_reported_average_is_no_outlet_arithmetic(nlp):
    text = (
        "Growth will slow to 3.6 per cent this year, the fund said in its outlook.\n\n"
        "Growth is expected to settle at about 3.3 per cent, well below its ten-year average of 4.4 "
        "per cent."
    )
    found = claims(nlp, text)
    assert found["4.4 per cent"]["source"]["inherited"] is True


def test_an_age_takes_the_attribution_of_its_sentence(nlp):
    text = "A 68-year-old man was killed when debris struck his house, governor Ruslan Kravchenko said."
    source = claims(nlp, text)["68-year-old"]["source"]
    assert source is not None and "Ruslan Kravchenko" in source["name_text"]


def test_an_age_that_describes_the_speaker_has_no_source(nlp):
    text = '"We had ten minutes to get out," said Linda Carver, 71, who lost her home.'
    assert claims(nlp, text)["71"]["source"] is None


def test_family_members_are_sources(nlp):
    text = "Among the dead was a 19-year-old conscript, his mother told a local news site."
    source = claims(nlp, text)["19-year-old"]["source"]
    assert source is not None and source["text"] == "his mother"


def test_it_said_names_the_company_that_is_the_subject_before(nlp):
    text = "Global steelmaker ArcelorMittal lost around 10% of its output to power cuts in January, it said."
    source = claims(nlp, text)["around 10%"]["source"]
    assert source["text"] == "it" and "ArcelorMittal" in source["name_text"]


def test_the_company_said_skips_generic_subjects_for_the_name_quoted_before(nlp):
    text = (
        "Streamwell said it lost 200,000 subscribers in the quarter. "
        "The company said revenue would grow to $8 billion in the next quarter."
    )
    source = claims(nlp, text)["$8 billion"]["source"]
    assert source["text"] == "The company" and source["name_text"] == "Streamwell"


def test_an_indefinite_source_is_new_not_a_pointer_back(nlp):
    text = (
        "The UN refugee agency said 12,000 people had fled. "
        "A network of local monitors said 58 people were killed."
    )
    assert claims(nlp, text)["58"]["source"]["name_text"] == "A network of local monitors"


def test_a_figure_as_object_of_a_speech_verb_is_not_said(nlp):
    text = "Streamwell shed 300,000 members in Brazil, but it added 450,000 across Asia."
    assert claims(nlp, text)["450,000"]["source"] is None


def test_a_report_carries_on_through_paragraphs_of_its_figures(nlp):
    text = (
        "Support fell to 41%, according to a Harbor Times poll.\n\n"
        "The share who want less aid rose to 38%.\n\n"
        "Among Republicans, 29% backed more aid."
    )
    source = claims(nlp, text)["29%"]["source"]
    assert source is not None and source["inherited"] is True and "Harbor Times" in source["name_text"]


def test_a_figure_inside_a_reports_words_is_the_reports(nlp):
    text = "A survey of 23 armed conflicts has concluded that more than 100,000 civilians were killed."
    source = claims(nlp, text)["23"]["source"]
    assert source is not None and "survey" in source["text"]


def test_a_revised_forecast_belongs_to_whoever_revises_it(nlp):
    text = (
        "Northgate Bank sees prices rising 2% next year, while Harlow has lowered its inflation forecast "
        "to 3.4% from 3.9%."
    )
    found = claims(nlp, text)
    assert found["3.4%"]["source"]["name_text"] == "Harlow"
    assert found["3.9%"]["source"]["name_text"] == "Harlow"


def test_a_report_revised_by_a_controlled_subject(nlp):
    text = "The power crisis has prompted Ukraine's central bank to cut its growth forecast to 1.8% from 2%."
    assert claims(nlp, text)["1.8%"]["source"]["text"] == "Ukraine's central bank"


def test_give_reports_only_with_a_report_as_its_object(nlp):
    text = (
        "A poll found that 28% of Americans thought the United States was giving Ukraine too much, "
        "up from 7%."
    )
    source = claims(nlp, text)["7%"]["source"]
    assert source is None or "United States" not in source["text"]


def test_analysts_misparsed_as_a_noun_phrase_still_speak(nlp):
    text = (
        "Kyiv has denied losing any launchers, and the claim could not be verified.\n\n"
        "Analysts at the International Institute for Strategic Studies estimated in February that Russia "
        "had lost between 2,000 and 2,300 main battle tanks, but could draw on some 5,000 older models.\n\n"
    )
    source = claims(nlp, text)["some 5,000"]["source"]
    assert source["text"] == "Analysts at the International Institute for Strategic Studies"


def test_background_sizes_inherit_no_source(nlp):
    text = (
        "Officials said 4,000 people had been evacuated from the region. "
        "Shanghai, a city of 25 million, has been under lockdown since March."
    )
    assert claims(nlp, text)["25 million"]["source"] is None


def test_a_joined_clause_that_reports_its_own_clause_is_not_the_source(nlp):
    text = (
        "Sudan had a population of 48 million before the fighting, and the UN migration agency says the "
        "conflict has driven more than 9 million people from their homes."
    )
    found = claims(nlp, text)
    assert found["48 million"]["source"] is None
    assert found["more than 9 million"]["source"] is not None


def test_a_sentence_with_another_speaker_does_not_inherit(nlp):
    text = (
        "City had 61% of possession, according to figures from the data provider Opta.\n\n"
        "Rovers have now lost seven of their last 10 matches, and manager Steve Corrigan admitted his "
        "side were in a fight."
    )
    assert claims(nlp, text)["seven"]["source"] is None


def test_a_report_that_notes_speaks_for_its_authors(nlp):
    text = (
        "The report by the Harbor Institute documents the loss of 4,310 homes.\n\n"
        "The region's housing stock shrank by about 61,000 units, the analysis concludes."
    )
    source = claims(nlp, text)["about 61,000"]["source"]
    assert source is not None and source["text"] == "the analysis"


def test_a_title_abbreviation_does_not_end_the_sentence(nlp):
    text = "The judge said the court had summoned Lt. Maria Okafor, 34, to testify."
    doc = nlp(text)
    assert len(list(doc.sents)) == 1
    assert any(span.text == "34" for span in doc.spans["claims"])


@pytest.mark.parametrize(
    "text, phrase",
    [
        (
            "The agency said it lost food worth $13 million to $14 million to looting.",
            "$13 million to $14 million",
        ),
        ("The firm forecast revenue of between $4bn and $4.2bn.", "between $4bn and $4.2bn"),
    ],
)
def test_a_money_range_with_the_sign_on_both_ends_is_one_claim(nlp, text, phrase):
    assert list(claims(nlp, text)) == [phrase]


def test_a_rise_from_one_sum_to_another_is_two_claims(nlp):
    assert list(claims(nlp, "Revenue rose from $3bn to $4bn.")) == ["$3bn", "$4bn"]


def test_a_comparison_base_keeps_the_rate_of_the_figure_it_is_compared_with(nlp):
    text = "Only about 100 aid trucks a day have been entering, compared with some 500 before the war."
    found = claims(nlp, text)
    assert found["some 500"]["rate_words"] == found["about 100"]["rate_words"] != []


def test_they_said_names_the_officials_quoted_before(nlp):
    text = (
        "The region's governor, Petra Holm, said enemy forces attacked at dawn.\n\n"
        "Shells also struck a depot, local officials said. Three guards died and 11 were hurt, they said."
    )
    source = claims(nlp, text)["Three"]["source"]
    assert source["text"] == "they" and source["name_text"] == "local officials"


def test_a_number_beside_a_month_name_in_another_phrase_is_a_claim(nlp):
    text = "The agency reported in early June that 2,417 households had lost power."
    assert "2,417" in claims(nlp, text)


def test_a_total_counts_what_the_figure_it_adds_up_counts(nlp):
    text = "The army killed another 620 Russian soldiers on Wednesday, bringing the total to 99,740."
    found = claims(nlp, text)["99,740"]
    assert "killed" in found["category_words"] and "Russian soldiers" in found["party_phrases"]


def test_an_expected_reading_is_the_forecasters(nlp):
    text = "Economists polled by Reuters had expected a reading of 7.3%."
    source = claims(nlp, text)["7.3%"]["source"]
    assert source is not None and source["text"].startswith("Economists")


def test_an_organization_acting_in_its_own_clause_does_not_inherit(nlp):
    text = (
        "Consumer prices rose 7.1% in the year to November, the Labor Department said.\n\n"
        "On Wednesday, the Federal Reserve raised its benchmark rate by 0.5 percentage point."
    )
    assert claims(nlp, text)["0.5 percentage point"]["source"] is None


def test_a_qualifier_before_an_article_belongs_to_the_figure(nlp):
    found = claims(nlp, "Net income fell by roughly a 6 percent margin from the year before.")
    assert list(found) == ["roughly a 6 percent"]


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("The Fed raised its benchmark rate by half a percentage point.", "half a percentage point"),
        ("The bank cut rates by a quarter of a percentage point.", "a quarter of a percentage point"),
        ("About half a million people fled the city.", "About half a million"),
    ],
)
def test_fractions_of_a_unit_or_a_scale_are_whole_phrases(nlp, text, phrase):
    assert list(claims(nlp, text)) == [phrase]


def test_a_fraction_of_people_is_no_claim(nlp):
    assert claims(nlp, "Half of the residents fled.") == {}


# -- Who says so across sentences: the report an article relays, and where it stops --


@pytest.mark.parametrize(
    "text, figure",
    [
        (
            "Chancellor Mara Lind announced a €40 billion fund for the railways.\n\n"
            "From the fund, €9 billion will go to new lines in the north.",
            "€9 billion",
        ),
        (
            "Two more people died in the blaze, the fire brigade spokesman said.\n\n"
            "The 2019 floods, which the town still remembers, cost 300 jobs.",
            "300",
        ),
        (
            "Olena Petrenko, a teacher, crossed the border in March. "
            "\"We left everything,\" Petrenko said.\n\n"
            "Further west, Slovakia has taken in more than 90,000 refugees.",
            "more than 90,000",
        ),
    ],
)
def test_a_persons_quote_ends_with_its_paragraph(nlp, text, figure):
    assert claims(nlp, text)[figure]["source"] is None


def test_an_expectation_is_not_the_report_that_later_figures_continue(nlp):
    text = (
        "Retail sales rose 0.8% in May, the Commerce Department said on Tuesday.\n\n"
        "Economists had expected a gain of 0.4%, according to consensus estimates.\n\n"
        "Sales at car dealers jumped 2.1% in the month."
    )
    found = claims(nlp, text)
    assert "consensus" in found["0.4%"]["source"]["text"]
    source = found["2.1%"]["source"]
    assert source is not None and "Commerce Department" in source["name_text"]


@pytest.mark.parametrize(
    "text, figure",
    [
        (
            "Output grew 2.4% in the quarter, the statistics office's report showed.\n\n"
            "Price rises eased again and look set to slow further toward the central bank's 3% target.",
            "3%",
        ),
        (
            "The ministry said its troops took the village of Dorn on Monday. "
            "The village lies about 12 kilometers (7 miles) from the main highway.",
            "about 12 kilometers",
        ),
        (
            "The agency said 300 homes were flooded.\n\n"
            "Some 45,000 people lived in the valley before the dam was built.",
            "Some 45,000",
        ),
        (
            "The ministry said 14 people were killed on Tuesday. "
            "The fighting began after the March 3 raid, which killed 60 people.",
            "60",
        ),
        (
            "Officials said 20 people died of hypothermia in the two provinces. "
            "The pre-war population of the two provinces was 3.4 million.",
            "3.4 million",
        ),
        (
            "The fund cut its growth forecast for the country to 3.1%, it said. "
            "That is down from 4.2% last year.",
            "4.2%",
        ),
        (  # a share joined to a population is background too
            "Officials said 20 people died of hypothermia in the two provinces. "
            "The population of the two provinces was 3.4 million, or about 8 percent of the national total.",
            "about 8 percent",
        ),
        (  # a sentence that opens on a place its report never named is another story
            "Landslides killed 31 people in northern Peru, according to the civil protection agency. "
            "In Bolivia, at least 12 people have died in the floods.",
            "at least 12",
        ),
    ],
)
def test_background_and_other_stories_do_not_continue_the_report_before_them(nlp, text, figure):
    assert claims(nlp, text)[figure]["source"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Until the day the company disclosed its losses, its shares had risen about 12%.",
        "Temperatures reached 47 degrees, the kind of heat that climate scientists expect.",
    ],
)
def test_a_reporting_verb_in_a_relative_or_temporal_clause_reports_nothing(nlp, text):
    assert all(found["source"] is None for found in claims(nlp, text).values())


def test_a_report_verb_under_a_modal_reports_nothing_yet(nlp):
    text = "The club may announce the $80 million transfer on Friday, people familiar with the talks said."
    source = claims(nlp, text)["$80 million"]["source"]
    assert source is not None and "people familiar" in source["text"]


def test_a_source_inside_an_organizations_name_is_the_whole_name(nlp):
    text = "At least 40 reporters have been detained this year, according to the Federation of Press Unions."
    assert claims(nlp, text)["At least 40"]["source"]["name_text"] == "the Federation of Press Unions"


@pytest.mark.parametrize(
    "text, figure, speaker",
    [
        ("Rescuers believe more than 200 miners are still trapped underground.", "more than 200", "Rescuers"),
        (
            "Residents accuse the contractor of dumping up to 5,000 tonnes of waste.",
            "up to 5,000 tonnes",
            "Residents",
        ),
    ],
)
def test_beliefs_and_accusations_are_attributions(nlp, text, figure, speaker):
    source = claims(nlp, text)[figure]["source"]
    assert source is not None and speaker in source["text"]


def test_the_speaker_where_a_quote_closes_speaks_all_of_it(nlp):
    text = (
        "\u201cMore than 9,000 migrants have been sent back this year. In March alone, returns rose by "
        "46 per cent,\u201d the agency said in a report."
    )
    found = claims(nlp, text)
    assert found["More than 9,000"]["source"]["text"] == "the agency"


def test_a_quote_that_runs_over_paragraphs_keeps_its_speaker(nlp):
    text = (
        "Sergii Holub, head of a cement maker, said its factories were struggling:\n\n"
        "\u201cIn some weeks, the lack of power can cut output by up to 40%.\u201d"
    )
    source = claims(nlp, text)["up to 40%"]["source"]
    assert source is not None and "Holub" in source["name_text"]


def test_a_name_the_article_gives_a_titled_person_is_a_person_wherever_it_recurs(nlp):
    text = (
        "Interior Minister Lena Varga toured the camp on Monday.\n\n"
        "\u201cWe will rebuild every house,\u201d Varga said, adding that 300 families had moved in.\n\n"
        "The camp also holds 12 clinics and a school."
    )
    found = claims(nlp, text)
    assert found["300"]["source"]["name_text"] == "Varga"
    assert found["12"]["source"] is None


def test_a_name_parsed_as_a_verb_phrase_is_still_the_source(nlp):
    text = "Nearly 2,000 pupils have lost their schools, according to Save the Children."
    assert claims(nlp, text)["Nearly 2,000"]["source"]["name_text"] == "Save the Children"


def test_it_said_names_the_company_its_descriptor_calls_one(nlp):
    text = "Mapping firm Orbis Technologies published the images, which it said showed 340 craters."
    source = claims(nlp, text)["340"]["source"]
    assert source["text"] == "it" and "Orbis" in source["name_text"]


def test_a_speech_verb_misparsed_as_a_compound_noun_still_speaks(nlp):
    text = "Tourist numbers \u201chalved to some 40,000, a 50% drop\u201d, the research notes."
    doc = nlp(text)
    assert doc[-2].lower_ == "notes"
    source = claims(nlp, text)["some 40,000"]["source"]
    assert source is not None and source["text"] == "research" and source["cue"] == "notes"


def test_a_named_subject_of_the_clause_above_a_participle_acts_for_itself(nlp):
    text = (
        "The economy grew 3.1% in the quarter, according to Commerce Department figures.\n\n"
        "The Nikkei closed 40 points higher after climbing more than 300 points at the open."
    )
    assert claims(nlp, text)["more than 300"]["source"] is None


def test_a_release_named_in_the_lede_runs_on_through_paragraphs_of_narrative(nlp):
    text = (
        "Front update: 95 clashes\n\n"
        "According to the General Staff, 95 clashes with enemy units took place on Tuesday.\n\n"
        "Enemy units again tried to break through north of the river.\n\n"
        "Heavy clashes were also seen around the rail junction.\n\n"
        "Near the reservoir, the enemy carried out 17 assaults."
    )
    source = claims(nlp, text)["17"]["source"]
    assert source is not None and "General Staff" in source["name_text"]


def test_a_title_inside_an_institutions_name_makes_no_person(nlp):
    text = (
        "Artillery hit 40 positions overnight, the army's General Staff said.\n\n"
        "Another 12 drones were downed over the coast."
    )
    source = claims(nlp, text)["12"]["source"]
    assert source is not None and "General Staff" in source["name_text"]


def test_a_figure_describing_where_the_speaker_spoke_is_not_what_was_said(nlp):
    text = (
        "\u201cWe hope to find work,\u201d she said inside the hall of the city expo centre, which offers "
        "beds to about 800 refugees."
    )
    assert claims(nlp, text)["about 800"]["source"] is None


def test_what_was_told_on_a_call_is_still_what_was_told(nlp):
    text = "Finance chief Omar Reyes told investors on a call that the new tier had passed 250,000 members."
    source = claims(nlp, text)["250,000"]["source"]
    assert source is not None and "Reyes" in source["name_text"]


def test_results_a_firm_books_are_the_outlets_statement_and_end_the_report_before(nlp):
    text = (
        "Over the coming years, growth will come mostly from Asia, Orbita said.\n\n"
        "The carrier recorded $2.3 billion in net profit during the July-September period, up from "
        "$880 million in the quarter before. Its sales were almost $9.4 billion."
    )
    found = claims(nlp, text)
    assert found["$2.3 billion"]["source"] is None
    assert found["almost $9.4 billion"]["source"] is None


def test_recorded_cases_are_still_a_count_that_officials_report(nlp):
    source = claims(nlp, "Health officials recorded 48 new cases on Friday.")["48"]["source"]
    assert source is not None and source["cue"] == "recorded"


def test_a_figure_joined_to_an_expectation_is_not_the_forecasters(nlp):
    text = (
        "Forecasters and most bankers aren't expecting a slump this year, but it's unclear whether "
        "joblessness will keep climbing after it rose to a 5.2% rate in May."
    )
    assert claims(nlp, text)["5.2%"]["source"] is None


def test_a_sum_requested_by_someone_is_theirs(nlp):
    text = (
        "The navy gets just 2.1 billion more than in 2023, far below the 5.4 billion requested by "
        "Admiral Jens Koller."
    )
    found = claims(nlp, text)
    source = found["5.4 billion"]["source"]
    assert source is not None and "Koller" in source["text"] and source["cue"] == "requested by"
    assert found["2.1 billion"]["source"] is None


def test_a_market_reaction_after_a_report_is_the_outlets_not_the_reporters(nlp):
    text = (
        "Acme Corp, the maker of well-known brands such as Zest, on Monday posted disappointing "
        "half-year earnings, sending its shares tumbling by more than 30%."
    )
    assert claims(nlp, text)["more than 30%"]["source"] is None


def test_a_running_total_after_a_report_is_still_the_reporters(nlp):
    text = "The ministry reported new deaths on Monday, bringing the toll to 312."
    source = claims(nlp, text)["312"]["source"]
    assert source is not None and source["text"] == "The ministry"


def test_the_latest_data_points_back_to_the_institution_that_published_it(nlp):
    text = (
        "Hiring slowed. That is according to the Bureau of Statistics' latest Vacancy Survey, which "
        "showed that openings fell in June, according to data released Tuesday.\n\n"
        '"The market is cooling," Acme Bank economists Jane Doe and John Roe wrote in a client memo.\n\n'
        "What the new data tells us In July, firms advertised some 8.1 million vacancies."
    )
    source = claims(nlp, text)["some 8.1 million"]["source"]
    assert source is not None and "Bureau of Statistics" in source["name_text"]
    assert source["text"] == "the new data"


def test_a_reporting_verb_in_a_clause_on_a_moment_only_tells_when(nlp):
    text = "Up to the point Jones revealed a stake in the firm in May, its shares had dropped about 12%."
    assert claims(nlp, text)["about 12%"]["source"] is None


def test_the_earlier_actual_a_forecast_is_compared_to_is_not_the_forecasters(nlp):
    text = (
        "Analysts had forecast earnings of 48 cents per share, compared to the 77 cents per share "
        "it made in the same quarter of 2023."
    )
    found = claims(nlp, text)
    assert found["48 cents"]["source"]["text"] == "Analysts"
    assert found["77 cents"]["source"] is None


def test_of_two_subjects_the_parser_gives_a_verb_the_one_that_can_speak_is_the_speaker(nlp):
    text = (
        "But the sudden fall in paying members the firm had said in March it expected paying "
        "subscribers to grow by 3.1 million reflects a slowdown in trade."
    )
    source = claims(nlp, text)["3.1 million"]["source"]
    assert source is not None and source["cue"] == "expected" and source["text"] == "it"
