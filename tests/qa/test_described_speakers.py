"""Questions that name a speaker by a description or by a company's full name, on a small press corpus
written for the test: an unnamed speaker the story brings in with "a", one title held by a different person
in each document, a company asked about with its legal form, "the newspaper" asked what it reported about a
company the question names; a topic the headline names, or three of the story's paragraphs, which the whole
story is about; a finance minister in each of two countries; an opposition leader, who is no head of state; and
"the Norvale Freight spokeswoman" whom the story calls "a company spokeswoman", or a bank whose spokesperson's
words the text gives as the bank's; a place in a title held in two countries."""
from __future__ import annotations

import pytest

from qa import Assistant, Index, index_folder
from tests.qa.builders import write

DOCS = {
    "kestria.txt": (
        "President Valentin Orescu met the Government\n\n"
        "President of Kestria Valentin Orescu held a meeting with Prime Minister Mirela Candea.\n\n"
        "The head of state said that household tariffs for heating must not increase before the end of the "
        "heating season.\n\n"
        "Minister of Finance Anna Petrova said that pensions would rise by five percent in January.\n"),
    "aurelia.txt": (
        "Aurelia's finance minister rejects energy levy\n\n"
        "Finance Minister Clara Vos said the energy levy on power companies would scare away investment.\n\n"
        "Opposition leader Sofia Markel said the salt mines of the north must be nationalised.\n"),
    "court.txt": (
        "Judge clears the way for a class action against Brightpay\n\n"
        "A judge on Thursday refused to dismiss a class action against the payments company Brightpay.\n\n"
        "In a 40-page ruling, Judge Alma Reyes said the plaintiffs had presented a credible case.\n\n"
        "Lawyers for the plaintiffs called the ruling a turning point for consumers.\n\n"
        "Brightpay said it was disappointed and would consider an appeal.\n\n"
        "The data protection commissioner welcomed the ruling on Friday.\n\n"
        "A spokesperson for Dunmore Savings, who asked not to be named, said the bank would review its exposure "
        "to the payments company.\n"),
    "ostravia.txt": (
        "President Jan Koller visited the border region\n\n"
        "President of Ostravia Jan Koller visited the border region on Monday. The head of state said that the new "
        "railway bridge over the river would open in the spring. Jan Koller said the bridge would carry freight "
        "trains too. Jan Koller added that the customs post would stay open at night.\n"),
    "strike.txt": (
        "Dockworkers at Halvorsen Logistics extend strike\n\n"
        "A strike by dockworkers at Halvorsen Logistics ASA entered its second week on Wednesday.\n\n"
        "Halvorsen Logistics said the revised pay offer of 4.1 percent was generous given the market.\n\n"
        "A ministry spokeswoman, who declined to be named, said compulsory arbitration remained an option.\n\n"
        "Trade minister Henrik Aas met the company's chief executive on Tuesday evening. He told reporters afterwards "
        "that the government would not stand by while Norwegian exporters lost their customers.\n"),
    "norvale.txt": (
        "Regulator opens safety probe into Norvale Freight\n\n"
        "The Kastelburg Herald reported on Monday that Norvale Freight managers had told depot staff to push back "
        "brake inspections by up to six weeks. The newspaper cited internal emails and two employees.\n\n"
        "Norvale Freight rejected the report. The company said every locomotive had been inspected on time.\n\n"
        "\"We have nothing to hide from the regulator,\" a company spokeswoman said.\n"),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, minilm):
    root = tmp_path_factory.mktemp("described")
    for name, text in DOCS.items():
        write(root / "docs" / name, text)
    index_folder(root / "docs", root / "idx", progress=False)
    return Assistant(Index(root / "idx"))


def test_a_title_held_by_several_speakers_is_the_one_whose_words_answer(assistant):
    for topic, who in (("household tariffs", "Valentin Orescu"), ("the railway bridge", "Jan Koller")):
        answer = assistant.conversation().ask(f"What did the head of state say about {topic}?")
        assert answer.found and answer.speaker == who, answer.text


def test_a_title_whose_holders_said_nothing_on_the_topic_is_still_not_found(assistant):
    answer = assistant.conversation().ask("What did the head of state say about Bitcoin?")
    assert not answer.found


def test_the_unnamed_speaker_a_story_brings_in_with_a_can_be_asked_about_with_the(assistant):
    answer = assistant.conversation().ask("What did the ministry spokeswoman say about arbitration?")
    assert answer.found and answer.speaker is None and "arbitration" in answer.citations[0].quote


def test_a_company_asked_about_with_its_legal_form_is_the_company(assistant):
    answer = assistant.conversation().ask("What did Halvorsen Logistics ASA say about the pay offer?")
    assert answer.found and answer.speaker == "Halvorsen Logistics ASA", answer.text


def test_words_in_a_story_whose_headline_names_the_topic_are_about_it(assistant):
    answer = assistant.conversation().ask("What did Henrik Aas say about the strike?")
    assert answer.found and answer.speaker == "Henrik Aas", answer.text
    assert not assistant.conversation().ask("What did Henrik Aas say about the railway bridge?").found


def test_the_newspaper_that_reported_is_asked_about_not_the_company_it_reported_on(assistant):
    answer = assistant.conversation().ask("What did the newspaper report about Norvale Freight?")
    assert answer.found and answer.speaker == "Kastelburg Herald", answer.text


def test_a_reaction_in_a_story_that_is_about_the_topic_answers_it(assistant):
    answer = assistant.conversation().ask("What did Brightpay say about the ruling?")
    assert answer.found and answer.speaker == "Brightpay" and "appeal" in answer.citations[0].quote, answer.text
    assert not assistant.conversation().ask("What did Brightpay say about the salt mines?").found


def test_a_title_two_people_hold_says_so_and_answers_with_the_one_whose_words_answer(assistant):
    plain = assistant.conversation().ask("What did the finance minister say?")
    assert plain.found and plain.speaker in ("Anna Petrova", "Clara Vos")
    other = "Clara Vos" if plain.speaker == "Anna Petrova" else "Anna Petrova"
    assert f"is also what the documents call {other}" in plain.lead
    for topic, who in (("the energy levy", "Clara Vos"), ("pensions", "Anna Petrova")):
        answer = assistant.conversation().ask(f"What did the finance minister say about {topic}?")
        assert answer.found and answer.speaker == who, answer.text
        assert "is also what the documents call" in answer.lead or "fits several speakers" in answer.lead


def test_an_opposition_leader_is_no_head_of_state(assistant):
    answer = assistant.conversation().ask("What did the head of state say about the salt mines?")
    assert not answer.found and answer.speaker != "Sofia Markel", answer.text
    bridge = assistant.conversation().ask("What did the head of state say about the railway bridge?")
    assert bridge.speaker == "Jan Koller" and "Valentin Orescu" in bridge.lead and "Sofia Markel" not in bridge.lead


def test_the_spokeswoman_of_a_named_company_is_the_one_its_story_calls_a_company_spokeswoman(assistant):
    answer = assistant.conversation().ask("What did the Norvale Freight spokeswoman say?")
    assert answer.found and answer.speaker is None and "nothing to hide" in answer.citations[0].quote, answer.text
    assert "do not name the Norvale Freight spokeswoman" in answer.lead
    spokesman = assistant.conversation().ask("What did the Norvale Freight spokesman say?")  # only a spokeswoman
    assert spokesman.speaker == "Norvale Freight" and "name no one as “the Norvale Freight spokesman”" in spokesman.lead


def test_a_place_in_a_description_chooses_among_the_holders_of_a_title(assistant):
    for place, who in (("Aurelia", "Clara Vos"), ("Kestria", "Anna Petrova")):
        answer = assistant.conversation().ask(f"What did the {place} finance minister say?")
        assert answer.found and answer.speaker == who, answer.text


def test_the_spokesperson_of_a_bank_whose_words_the_text_gives_as_the_bank_s(assistant):
    answer = assistant.conversation().ask("What did the Dunmore Savings spokesperson say?")
    assert answer.found and answer.speaker == "Dunmore Savings", answer.text
    assert "review its exposure" in answer.citations[0].quote and "they credit to Dunmore Savings" in answer.lead
