"""Transcript turns: labels, speakers, continuations, and documents that are not transcripts.

Every text here is written for the test in the shapes of press-service transcripts, debate
transcripts, interviews and news articles.
"""
from __future__ import annotations

import pytest

from corpus.attribution.turns import Transcript, find_turns, speaker_label
from corpus.document import Document
from corpus.paragraphs import split_paragraphs


def turns_of(text: str) -> tuple[Transcript, list, str]:
    doc = Document(id="t", text=text)
    paras = split_paragraphs(doc)
    return find_turns(paras), paras, text


MEETING = """Meeting with Governor of Kostroma Region Sergei Sitnikov

The President met with the Governor to discuss the region's roads and schools.

President of Russia Vladimir Putin: Mr Sitnikov, let us begin with the roads.

Governor of Kostroma Region Sergei Sitnikov: Mr President, we have repaired a third of the regional roads this year.

I would like to add that the new bridge over the river will open in the autumn.

Vladimir Putin: Good.

Sergei Sitnikov: We also built four schools.

There are many such areas: health care, housing and culture.

Putin: What about the hospitals?

Sitnikov: The hospitals come next year.
"""


def test_a_meeting_labels_spans_and_speakers():
    tr, paras, text = turns_of(MEETING)
    assert tr and len(tr.speakers) == 2
    putin, governor = tr.speakers
    assert (putin.name, putin.titles) == ("Vladimir Putin", ["President of Russia"])
    assert (governor.name, governor.titles) == ("Sergei Sitnikov", ["Governor of Kostroma Region"])
    # the title line and the lead are nobody's turn
    assert tr.turn_of(0) is None and tr.turn_of(1) is None
    first = tr.turn_of(2)
    assert text[first.label.start:first.label.end] == "President of Russia Vladimir Putin"
    assert text[first.content_start:first.content_end] == "Mr Sitnikov, let us begin with the roads."
    assert not first.continuation and first.speaker is putin


def test_unlabelled_paragraphs_continue_the_turn_and_colon_sentences_are_not_labels():
    tr, paras, text = turns_of(MEETING)
    cont = tr.turn_of(4)
    assert cont.continuation and cont.speaker.name == "Sergei Sitnikov" and cont.label is None
    assert (cont.content_start, cont.content_end) == (paras[4].start, paras[4].end)
    # "There are many such areas: ..." is the governor's sentence, not a speaker called "There are ..."
    assert tr.turn_of(7).continuation and tr.turn_of(7).speaker.name == "Sergei Sitnikov"


def test_short_turns_and_short_labels_join_the_speaker():
    tr, paras, _ = turns_of(MEETING)
    assert tr.turn_of(5).speaker.name == "Vladimir Putin" and not tr.turn_of(5).continuation  # "Good."
    assert tr.turn_of(8).speaker.name == "Vladimir Putin"   # "Putin:"
    assert tr.turn_of(9).speaker.name == "Sergei Sitnikov"  # "Sitnikov:"
    assert [t.speaker.name for t in tr.turns] == ["Vladimir Putin", "Sergei Sitnikov", "Vladimir Putin",
                                                   "Sergei Sitnikov", "Vladimir Putin", "Sergei Sitnikov"]


def test_titles_are_descriptors_and_find_the_speaker():
    text = ("Meeting on energy\n\nPresident of Russia Vladimir Putin: Mr Novak, how are the oil exports?\n\n"
            "Energy Minister Alexander Novak: Exports grew by three percent, Mr President.\n\n"
            "Vladimir Putin: And gas?\n\nAlexander Novak: Gas exports are stable.\n")
    tr, _, _ = turns_of(text)
    novak = tr.find_speaker("the Energy Minister")
    assert novak is not None and novak.name == "Alexander Novak" and "energy" in novak.descriptors
    assert tr.find_speaker("Novak") is novak and tr.find_speaker("Aleksandr Novak") is novak
    assert tr.find_speaker("the President").name == "Vladimir Putin"
    assert tr.find_speaker("the Finance Minister") is None


@pytest.mark.parametrize("label, name, title, note", [
    ("BP Chief Executive Officer Robert Dudley", "Robert Dudley", "BP Chief Executive Officer", ""),
    ("Rosneft CEO and Chairman of The Management Board Igor Sechin", "Igor Sechin",
     "Rosneft CEO and Chairman of The Management Board", ""),
    ("Prime Minister of Japan Shinzo Abe (retranslated)", "Shinzo Abe", "Prime Minister of Japan", "retranslated"),
    ("President of Kazakhstan Nursultan Nazarbayev", "Nursultan Nazarbayev", "President of Kazakhstan", ""),
    # a title in ordinary words around a full name (en.kremlin.ru labels; they were read as no label at all)
    ("Co-chair of the election campaign and CEO of KamAZ Sergei Kogogin", "Sergei Kogogin",
     "Co-chair of the election campaign and CEO of KamAZ", ""),
    ("Konstantin Sivoronov, head of the acute toxic exposure department", "Konstantin Sivoronov",
     "head of the acute toxic exposure department", ""),
    ("Producer of the documentary Anna Petrova", "Anna Petrova", "Producer of the documentary", ""),
    # a capitalised title word before the name (a film's) stays in the title: the label itself is no use
    # of "Harvest Anna Petrova" as a name
    ("Producer of the film Harvest Anna Petrova", "Anna Petrova", "Producer of the film Harvest", ""),
])
def test_titled_labels_split_name_and_title(label, name, title, note):
    text = f"Talks\n\n{label}: We discussed trade and investment today.\n\nVladimir Putin: Thank you, colleagues.\n"
    tr, _, _ = turns_of(text)
    lab = tr.turns[0].label
    assert (lab.name, lab.title, lab.note, lab.text) == (name, title, note, label)


def test_a_three_word_name_comes_from_a_later_short_label():
    text = ("Talks with the President of Turkey\n\n"
            "President of Turkey Recep Tayyip Erdogan (retranslated): Dear friend, thank you for the invitation.\n\n"
            "President of Russia Vladimir Putin: Welcome to Moscow.\n\n"
            "Recep Tayyip Erdogan: Our trade has doubled since last year.\n")
    tr, _, _ = turns_of(text)
    assert [s.name for s in tr.speakers] == ["Recep Tayyip Erdogan", "Vladimir Putin"]
    assert tr.turns[0].label.title == "President of Turkey"


def test_generic_labels_of_a_press_conference():
    text = ("News conference\n\nVladimir Putin: Good afternoon. Let us begin.\n\n"
            "Question: Mr President, what do you expect from the summit?\n\n"
            "Vladimir Putin: I expect a frank talk.\n\nQuestion (retranslated): And about the sanctions?\n\n"
            "Vladimir Putin: They hurt everybody.\n\nRemark: Thank you!\n\nResponse: You are welcome.\n")
    tr, _, _ = turns_of(text)
    roles = [t.speaker.role or t.speaker.name for t in tr.turns]
    assert roles == ["Vladimir Putin", "question", "Vladimir Putin", "question", "Vladimir Putin", "remark", "answer"]
    assert tr.turns[3].label.note == "retranslated" and tr.turns[3].speaker.name is None


def test_q_and_a_interview_with_a_glued_q():
    text = ("An interview with the senator\n\nThe senator spoke to us on Monday.\n\n"
            "Q: Why are you running again?\n\nA: Because the work is not finished. I want to finish it.\n\n"
            "We have a lot left to do.\n\nQWill you debate your opponent?\n\nA: Yes, twice.\n")
    tr, paras, text = turns_of(text)
    assert [t.speaker.role for t in tr.turns] == ["question", "answer", "question", "answer"]
    assert tr.turn_of(4).continuation and tr.turn_of(4).speaker.role == "answer"
    glued = tr.turn_of(5)
    assert text[glued.label.start:glued.label.end] == "Q" and text[glued.content_start:].startswith("Will you")


def test_an_upper_case_debate_transcript():
    text = ("The first presidential debate\n\n"
            "HOLT: Good evening from the university. The first question goes to Secretary Clinton.\n\n"
            "CLINTON: Well, thank you, Lester. I want to build an economy that works for everyone.\n\n"
            "(APPLAUSE)\n\n"
            "TRUMP: Our jobs are fleeing the country. We have to stop it.\n\n"
            "HOLT: Mr. Trump, you have two minutes.\n\n"
            "TRUMP: Thank you, Lester.\n")
    tr, paras, _ = turns_of(text)
    assert [s.name for s in tr.speakers] == ["Holt", "Clinton", "Trump"]
    stage = tr.turn_of(3)
    assert stage.stage and stage.continuation and stage.speaker.name == "Clinton"


def test_two_speakers_share_a_surname_and_a_bare_surname_goes_to_the_last_one():
    text = ("Meeting\n\nPresident of Russia Dmitry Medvedev: Let us start with hockey.\n\n"
            "Alexander Medvedev: The league has grown to thirty clubs.\n\n"
            "Medvedev: And the attendance?\n\nAlexander Medvedev: Up by ten percent.\n")
    tr, _, _ = turns_of(text)
    assert [s.name for s in tr.speakers] == ["Dmitry Medvedev", "Alexander Medvedev"]
    # "Medvedev:" after Alexander spoke is ambiguous; the one who spoke last holds it
    assert tr.turns[2].speaker.name == "Alexander Medvedev"


def test_a_speech_under_one_titled_label_is_a_turn():
    text = ("Speech at the reception\n\nThe President addressed the guests.\n\n"
            "President of Russia Vladimir Putin: Friends,\n\nI congratulate you on the holiday.\n\n"
            "This day has a special meaning for our country.\n")
    tr, _, _ = turns_of(text)
    assert len(tr.turns) == 1 and tr.turns[0].last == 4 and tr.turn_of(4).speaker.name == "Vladimir Putin"


def test_an_exchange_quoted_in_an_article_ends_where_the_article_resumes():
    text = ("Panel dismisses the tax plan\n\nA panel on Saturday discussed the plan.\n\n"
            "Chris Matthews: Seriously, how does he pay for it?\n\nLuciana Lopez: Well, nobody knows.\n\n"
            "Matthews: I think speculation is bad.\n\n"
            "Matthews paints a picture of a public that loves the stock market.\n\n"
            "Economists disagree with the panel.\n")
    tr, _, _ = turns_of(text)
    assert [s.name for s in tr.speakers] == ["Chris Matthews", "Luciana Lopez"]
    assert tr.turns[-1].last == 4 and tr.turn_of(5) is None and tr.turn_of(6) is None


NEWS = """Poll: Clinton and Trump in dead heat

WASHINGTON - A new poll released Monday shows the race tightening.

Note: The poll has a margin of error of three points.

Update: This story has been updated with the campaign's response.

Photo: Supporters at a rally in Ohio.

Moscow, March 5: The foreign ministry issued a statement.

Time: 10:00

Putin said: the talks were useful.

The President: a report on the visit follows.

- Clinton: leads among women.

Clinton: 1,769.

Sanders: 1,501.

Hillary Clinton: I will fight for working families every day.

"We are winning," Clinton told supporters.
"""


def test_a_news_article_has_no_turns():
    tr, paras, _ = turns_of(NEWS)
    assert not tr and tr.turns == [] and all(pt is None for pt in tr.by_paragraph)
    assert len(tr.by_paragraph) == len(paras)


def test_a_list_of_people_with_one_line_each_is_not_a_transcript():
    text = ("What each candidate needs tonight\n\nThe primary is Tuesday.\n\n"
            "Sanders: Win in a walk.\n\nHe leads by twenty points in the polls.\n\n"
            "Rubio: Finish second.\n\nA strong finish would revive his campaign.\n\n"
            "Kasich: Now or never.\n")
    tr, _, _ = turns_of(text)
    assert not tr


def test_an_assignment_list_inside_a_turn_is_not_a_set_of_labels():
    text = ("Government appointments\n\nPresident of Russia Vladimir Putin: Please name the candidates.\n\n"
            "Prime Minister Dmitry Medvedev: I will name everyone.\n\n"
            "Minister of Agriculture: Dmitry Patrushev.\n\nMinister of Culture: Olga Lyubimova.\n\n"
            "Vladimir Putin: Thank you.\n")
    tr, _, _ = turns_of(text)
    assert [t.speaker.name for t in tr.turns] == ["Vladimir Putin", "Dmitry Medvedev", "Vladimir Putin"]
    assert tr.turn_of(4).continuation and tr.turn_of(4).speaker.name == "Dmitry Medvedev"


def test_a_headline_in_a_transcripts_first_paragraph_is_not_a_turn():
    text = ("Pence: Flowers Won’t Be at the Debate.\n\nPartial transcript as follows:\n\n"
            "WALLACE: Let us start with the debate.\n\nPENCE: Well, look, it is serious business.\n\n"
            "WALLACE: Will she be there?\n\nPENCE: She will not be attending.\n")
    tr, _, _ = turns_of(text)
    assert tr.turn_of(0) is None and [s.name for s in tr.speakers] == ["Wallace", "Pence"]


def test_a_note_in_brackets_after_the_name_is_kept_apart():
    text = ("Meeting with legislators\n\n"
            "Vladimir Putin (answering Ivan Petrov, Chairman of the Regional Assembly): We will look into it.\n\n"
            "Ivan Petrov: Thank you, Mr President. We are grateful for the support.\n\n"
            "Vladimir Putin: Not at all.\n")
    tr, _, _ = turns_of(text)
    lab = tr.turns[0].label
    assert lab.name == "Vladimir Putin" and lab.note.startswith("answering Ivan Petrov")
    assert [s.name for s in tr.speakers] == ["Vladimir Putin", "Ivan Petrov"]


def test_a_quoted_transcript_inside_an_article_keeps_exact_label_spans():
    text = ('Governor on the race\n\nPartial transcript as follows:\n\n'
            '"WALLACE: Governor, what do you make of it?\n\n"PENCE: It is all about the issues.\n\n'
            '"WALLACE: Thank you, Governor.\n')
    tr, paras, text = turns_of(text)
    first = tr.turns[0]
    assert text[first.label.start:first.label.end] == "WALLACE"
    assert text[tr.turn_of(2).content_start:].startswith("Governor, what")


@pytest.mark.parametrize("line", ["Officials in charge of the programme: We will see.",
                                  "The head of state noted: We will see.",
                                  "Head of the region said at the meeting: We will see."])
def test_ordinary_words_without_a_role_and_a_full_name_are_no_label(line):
    assert speaker_label(line.split(":")[0]) is None
