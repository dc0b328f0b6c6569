"""Attribution on press-service transcripts and reports: each behaviour pinned on a short hand-written
text in the shapes such a site writes (none of it taken from a corpus)."""
from __future__ import annotations

import pytest

from corpus.attribution import Attributor
from corpus.document import Document


@pytest.fixture(scope="module")
def attributor():
    return Attributor()


def attribute(attributor, text: str, title: str | None = None):
    result = attributor.attribute(Document(id="t.txt", text=text, title=title))
    return [(s.speaker, text[s.start:s.end]) for s in result.statements], result


MEETING = """Meeting with Governor of Lake Region Pavel Orlov

The President met with the Governor to discuss roads and schools.

President of Russia Vladimir Putin: Good afternoon, Mr Orlov.

Let us begin with the roads. I think this is the main question for the region.

Governor of Lake Region Pavel Orlov: Mr President, we have repaired a third of the regional roads this year.

I believe that the new bridge will open in the autumn. According to the Energy Minister, the power plant will be ready too.

Vladimir Putin: Thank you.

Question: Mr President, what about the schools?

Vladimir Putin: The Governor said that four schools were built. He is right, and I am sure we will build more.
"""


def test_a_turn_is_its_speakers_words_and_never_the_label(attributor):
    got, _ = attribute(attributor, MEETING)
    assert ("Pavel Orlov", "Mr President, we have repaired a third of the regional roads this year.") in got
    assert not any(content.startswith(("Governor of", "President of", "Vladimir Putin:")) for _, content in got)


def test_a_turn_continues_over_unlabelled_paragraphs(attributor):
    got, _ = attribute(attributor, MEETING)
    assert ("Vladimir Putin", "Let us begin with the roads. I think this is the main question for the region.") in got
    assert ("Pavel Orlov", "I believe that the new bridge will open in the autumn. According to the Energy Minister, "
                           "the power plant will be ready too.") in got


def test_first_person_in_a_turn_is_the_speakers_never_unresolved(attributor):
    got, result = attribute(attributor, MEETING)
    assert ("Vladimir Putin", "this is the main question for the region") in got
    assert ("Pavel Orlov", "that the new bridge will open in the autumn") in got
    assert not [s for s in result.statements if s.speaker is None and s.mention in ("I", "we")]


def test_someone_and_i_in_a_turn_is_the_speakers_statement(attributor):
    text = MEETING + "\nVladimir Putin: The Governor and I discussed the plans for the new hospital in detail.\n"
    got, _ = attribute(attributor, text)
    assert any(speaker == "Vladimir Putin" and "plans for the new hospital" in content for speaker, content in got)
    assert not any(speaker == "Pavel Orlov" and "plans for the new hospital" in content for speaker, content in got)


def test_courtesy_is_no_statement(attributor):
    got, _ = attribute(attributor, MEETING)
    assert not [content for _, content in got if content.startswith(("Good afternoon", "Thank you"))]
    assert not [content for _, content in got if content.strip(" .") == "you"]


def test_a_generic_label_is_no_ones_and_no_speaker(attributor):
    got, result = attribute(attributor, MEETING)
    assert (None, "Mr President, what about the schools?") in got
    assert not {"Question", "Remark"} & {sp.name for sp in result.speakers}
    assert not {"Question", "Remark"} & {s.speaker for s in result.statements}


def test_reported_speech_in_a_turn_is_whom_it_reports(attributor):
    got, _ = attribute(attributor, MEETING)
    # "The Governor said ..." in the President's turn: the governor the labels named, not the President
    assert ("Pavel Orlov", "that four schools were built") in got
    assert ("Vladimir Putin", "we will build more") in got
    # "According to the Energy Minister" names no one the text knows: not the governor who says it
    assert ("Pavel Orlov", "the power plant will be ready too") not in got


def test_a_speakers_title_finds_them_and_names_have_no_title(attributor):
    text = ("Meeting on energy\n\nPresident of Russia Vladimir Putin: How are the oil exports?\n\n"
            "Energy Minister Alexander Novak: Exports grew by three percent.\n\n"
            "Vladimir Putin: Thank you.\n\nAfter the meeting, the Energy Minister said that gas prices would stay low.")
    got, result = attribute(attributor, text)
    assert ("Alexander Novak", "Exports grew by three percent.") in got
    assert ("Alexander Novak", "that gas prices would stay low") in got
    assert {sp.name for sp in result.speakers if sp.kind == "person"} == {"Vladimir Putin", "Alexander Novak"}


def test_whom_a_turn_addresses_is_no_source(attributor):
    text = ("Debate\n\nMODERATOR SMITH: Governor Pence, recently the Tribune reported that you lost money on the "
            "deal.\n\nPENCE: That is not true.\n\nKAINE: It is true.\n\nMODERATOR SMITH: Thank you both.")
    got, _ = attribute(attributor, text)
    assert ("Tribune", "that you lost money on the deal") in got
    assert not [content for speaker, content in got if speaker == "Pence" and "lost money" in content]


def test_an_interviews_answers_are_the_person_the_intro_names(attributor):
    text = ("Talking with the mayor\n\nMayor Tom Hale has run the city for ten years.\n\n"
            "Q: Will the bridge be finished?\n\nA: It will. We found the money in March.\n\n"
            "Q: And the schools?\n\nA: They come next.")
    got, _ = attribute(attributor, text)
    assert ("Tom Hale", "It will. We found the money in March.") in got
    assert ("Tom Hale", "They come next.") in got
    assert (None, "Will the bridge be finished?") in got


def test_the_object_of_an_opening_participle_is_not_the_speaker(attributor):
    got, _ = attribute(attributor, "Welcoming Mr Robertson, Mr Putin said that Russia valued its ties with NATO.")
    assert got == [("Putin", "that Russia valued its ties with NATO")]


def test_a_report_resolves_the_governor_it_names(attributor):
    text = ("Working meeting with Lake Region Governor Pavel Orlov\n\n"
            "The President met with Lake Region Governor Pavel Orlov.\n\n"
            "The Governor also asked the President to support the new bridge.")
    got, _ = attribute(attributor, text)
    assert ("Pavel Orlov", "to support the new bridge") in got


def test_a_report_paragraph_goes_on_with_the_briefing(attributor):
    text = ("Meeting with Finance Minister Alexei Kudrin\n\n"
            "Mr Kudrin reported that the budget was balanced. Revenues grew by five percent in the first half.\n\n"
            "The reserve fund now holds 40 billion roubles and will be invested in bonds.\n\n"
            "Vladimir Putin thanked the Minister and visited the new hospital.\n\n"
            "The hospital has 400 beds and a new surgery wing.")
    got, _ = attribute(attributor, text)
    assert ("Alexei Kudrin", "Revenues grew by five percent in the first half") in got
    assert ("Alexei Kudrin", "The reserve fund now holds 40 billion roubles and will be invested in bonds.") in got
    # someone else acts: the briefing is over
    assert not [content for speaker, content in got if "400 beds" in content]


def test_news_with_quotes_is_no_briefing(attributor):
    text = ("Budget vote\n\nSenator Mary Cole said that the budget was balanced.\n\n"
            "The bill passed the committee in June and goes to a vote next week.\n\n"
            "“It is a good bill,” Cole said.")
    got, _ = attribute(attributor, text)
    assert not [content for _, content in got if "committee" in content]


def test_transliterations_of_one_name_are_one_speaker(attributor):
    text = ("Aleksandr Lukashenko met the delegation.\n\n"
            "Alexander Lukashenko said that trade grew. Belarus Alexander Lukashenko noted that prices fell.")
    got, result = attribute(attributor, text)
    assert {speaker for speaker, _ in got} == {"Alexander Lukashenko"}
    assert [sp.name for sp in result.speakers if sp.kind == "person"] == ["Alexander Lukashenko"]


def test_a_country_in_a_turn_speaks_through_the_speaker(attributor):
    text = ("Talks\n\nPresident of Russia Vladimir Putin: Russia believes that the treaty must be kept.\n\n"
            "Prime Minister of Japan Shinzo Abe: Japan agrees.\n\nVladimir Putin: Good.")
    got, result = attribute(attributor, text)
    assert ("Vladimir Putin", "Russia believes that the treaty must be kept.") in got
    assert "Russia" not in {speaker for speaker, _ in got}
