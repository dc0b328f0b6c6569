"""Question understanding: forms, speakers by name, surname, description, pronoun; topics."""
from __future__ import annotations

import pytest

from qa.questions import parse_question
from qa.records import SpeakerRecord
from qa.speakers import SpeakerDirectory

RECORDS = [  # (doc, canonical name, kind, aliases, gender, statements)
    ("a.txt", "Aleksandr Lukashenko", "person", ["Lukashenko", "Belarus President", "the Belarusian leader",
                                                   "the head of state"], "m", 20),
    ("a.txt", "Michael Carpenter", "person", ["U.S. Deputy Assistant Secretary of Defense Dr"], "m", 0),
    ("b.txt", "Hillary Clinton", "person", ["the Democratic nominee"], "f", 9),
    ("c.txt", "Bill Clinton", "person", ["the former president"], "m", 4),
    ("c.txt", "Clinton", "person", [], None, 2),
    ("d.txt", "Minyon Moore", "person", ["Clinton adviser"], "f", 2),
    ("e.txt", "International Monetary Fund", "org", ["the fund"], None, 5),
    ("f.txt", "Donald J. Trump", "person", ["the Republican nominee"], "m", 30),
    ("g.txt", "Trump", "person", [], "m", 10),
    ("h.txt", "Donald Trump Jr.", "person", ["his son"], "m", 3),
]
COUNTS = {"Aleksandr Lukashenko": 20, "Hillary Clinton": 9, "Bill Clinton": 4, "Clinton": 2, "Minyon Moore": 2,
          "International Monetary Fund": 5, "Donald J. Trump": 30, "Trump": 10, "Donald Trump Jr.": 3}


@pytest.fixture(scope="module")
def directory():
    return SpeakerDirectory([SpeakerRecord(*r) for r in RECORDS], COUNTS)


@pytest.mark.parametrize("question, speaker, topic", [
    ("What did Lukashenko say about Ukraine?", "Aleksandr Lukashenko", "Ukraine"),
    ("What did Aleksandr Lukashenko say about NATO?", "Aleksandr Lukashenko", "NATO"),
    ("What has Bill Clinton said about Obamacare?", "Bill Clinton", "Obamacare"),
    ("Did Lukashenko comment on the sanctions?", "Aleksandr Lukashenko", "the sanctions"),
    ("How did Lukashenko respond to the sanctions?", "Aleksandr Lukashenko", "the sanctions"),
    ("What was Lukashenko's view on NATO?", "Aleksandr Lukashenko", "NATO"),
    ("What did the Belarusian president say about the economy?", "Aleksandr Lukashenko", "the economy"),
    ("What did Clinton adviser Minyon Moore say about black voters?", "Minyon Moore", "black voters"),
    ("What did Lukashenko tell the delegation at the meeting?", "Aleksandr Lukashenko", "the delegation at the meeting"),
    # whom a speaker told or warned is not the topic: what follows "about" is
    ("What did Lukashenko tell Putin about the harvest?", "Aleksandr Lukashenko", "the harvest"),
    ("What did the IMF warn the European Union about?", "International Monetary Fund", ""),
    ("What did Trump tell reporters regarding the wall?", "Donald J. Trump", "the wall"),
    ("What did the IMF say about US growth?", "International Monetary Fund", "US growth"),
    ("What did Trump say about taxes?", "Donald J. Trump", "taxes"),
    ("What did Donald Trump Jr. say about his father?", "Donald Trump Jr.", "his father"),
])
def test_named_and_described_speakers(directory, question, speaker, topic):
    p = parse_question(question, directory)
    assert (p.kind, p.speaker_entry.name, p.topic) == ("speaker", speaker, topic)


def test_a_bare_surname_goes_to_the_most_quoted_bearer(directory):
    p = parse_question("What did Clinton say about health care?", directory)
    assert p.speaker_entry.name == "Hillary Clinton"


def test_what_did_x_say_without_a_topic(directory):
    p = parse_question("What did Lukashenko say?", directory)
    assert (p.kind, p.speaker_entry.name, p.topic) == ("speaker", "Aleksandr Lukashenko", "")


@pytest.mark.parametrize("question, pronoun, topic", [
    ("What did he say about NATO?", "he", "NATO"),
    ("And what did she say about taxes?", "she", "taxes"),
    ("Why had he refused to back him at the convention?", "he", "refused to back him at the convention"),
    # a noun that names what was said stays in the topic; a generic one ("view") does not
    ("And what advice did he give Clinton for the debates?", "he", "advice give Clinton for the debates"),
    ("What view did he take on NATO?", "he", "NATO"),
])
def test_pronouns(directory, question, pronoun, topic):
    p = parse_question(question, directory)
    assert (p.kind, p.speaker_kind, p.speaker_text, p.topic) == ("speaker", "pronoun", pronoun, topic)


@pytest.mark.parametrize("question, topic, role", [
    ("Who said that Belarus will never attack anyone?", "Belarus will never attack anyone", None),
    ("Who called the ruling a huge win for voters?", "called the ruling a huge win for voters", None),
    ("Which congresswoman called the controversy a dog whistle?", "called the controversy a dog whistle",
     "congresswoman"),
])
def test_who_said(directory, question, topic, role):
    p = parse_question(question, directory)
    assert (p.kind, p.topic, p.role) == ("who", topic, role)


@pytest.mark.parametrize("question, topic, role", [
    # the verb forms come from the lexicon (corpus/attribution/data/questions.txt)
    ("Who told reporters that the plan would fail?", "the plan would fail", None),
    ("Who has argued that taxes must rise?", "taxes must rise", None),
    ("Who thinks the deal is fair?", "the deal is fair", None),
    ("Which senator likened the bill to a tax hike?", "likened the bill to a tax hike", "senator"),
    ("Which governor denied the report?", "denied the report", "governor"),
])
def test_question_verbs_from_the_lexicon(directory, question, topic, role):
    p = parse_question(question, directory)
    assert (p.kind, p.topic, p.role) == ("who", topic, role)


@pytest.mark.parametrize("question, topic", [
    ("What did Lukashenko emphasise about NATO?", "NATO"),
    ("What has Lukashenko replied to the sanctions?", "the sanctions"),
    ("What was written about the war in Ukraine?", "the war in Ukraine"),
])
def test_speech_and_topic_verbs_from_the_lexicon(directory, question, topic):
    assert parse_question(question, directory).topic == topic


@pytest.mark.parametrize("question, topic", [
    ("What was said about the war in Ukraine?", "the war in Ukraine"),
    ("What have people said about NATO?", "NATO"),
])
def test_topic_questions(directory, question, topic):
    p = parse_question(question, directory)
    assert (p.kind, p.topic) == ("topic", topic)


@pytest.mark.parametrize("question, topic, more", [
    ("And about Russia?", "Russia", False),
    ("what about the economy?", "the economy", False),
    ("What else did he say?", "", True),
])
def test_follow_ups(directory, question, topic, more):
    p = parse_question(question, directory)
    assert p.topic == topic and p.wants_more is more
    assert p.kind in ("followup", "speaker")


def test_a_junior_keeps_his_own_statements(directory):
    trump, junior = directory.get("Donald J. Trump"), directory.get("Donald Trump Jr.")
    assert trump is not junior and trump.statements == 40 and junior.statements == 3


def test_a_name_the_corpus_does_not_know(directory):
    p = parse_question("What did Vladimir Putin say about NATO?", directory)
    assert (p.kind, p.speaker_kind, p.speaker_text, p.topic) == ("speaker", "unknown", "Vladimir Putin", "NATO")


# -- names as questions write them -----------------------------------------------------------------

NAMED = [  # a corpus where the question's names and the documents' names differ
    ("a.txt", "Joe Biden", "person", [], "m", 4),
    ("b.txt", "Donald Trump", "person", [], "m", 9),
    ("c.txt", "Jeffrey Jones", "person", [], "m", 2),
    ("d.txt", "Alex Jones", "person", [], "m", 5),
    ("e.txt", "Saint Paul", "person", [], "m", 3),
    ("e.txt", "Paul", "person", [], "m", 3),
    ("f.txt", "James Comey", "person", ["the bureau director"], "m", 6),
    ("g.txt", "Harbour Master", "person", [], None, 3),
    ("h.txt", "Aleksandr Lukashenko", "person", ["the Belarusian leader"], "m", 5),
    ("i.txt", "Joe Scarborough", "person", [], "m", 2),
    ("j.txt", "Ohio", "org", [], None, 1),
    ("k.txt", "Ryan", "person", ["RYAN"], "m", 7),  # a debate transcript's "RYAN:" turns
    ("l.txt", "Salman bin Abdulaziz Al Saud", "person", ["The King of Saudi Arabia"], "m", 2),
]


@pytest.fixture(scope="module")
def named():
    return SpeakerDirectory([SpeakerRecord(*r) for r in NAMED], {r[1]: r[5] for r in NAMED})


@pytest.mark.parametrize("question, kind, speaker, topic", [
    # a middle initial and a suffix on a formal name; a nickname; a transliteration
    ("What did Joseph R. Biden Jr. say about Ukraine?", "name", "Joe Biden", "Ukraine"),
    ("What did Jeffrey M. Jones say about Americans?", "name", "Jeffrey Jones", "Americans"),
    ("What did Alexander Lukashenko say about NATO?", "name", "Aleksandr Lukashenko", "NATO"),
    ("What did President Lukashenko say about NATO?", "name", "Aleksandr Lukashenko", "NATO"),
    # the son is not the father, and a full name the corpus does not know is one unknown person
    ("What did Donald Trump Jr. say about taxes?", "unknown", None, "taxes"),
    ("What did Paul Hart say?", "unknown", None, ""),
    ("What did Alex Jones Jr. say about guns?", "unknown", None, "guns"),
    # a transcript that labels its speaker by surname only: the full name finds him, a suffix does not
    ("What did Tim Ryan say about trade?", "name", "Ryan", "trade"),
    ("What did Tim Ryan Jr. say about trade?", "unknown", None, "trade"),
    # the start of a name with particles, or a title and its first word ("King Salman")
    ("What did Salman bin Abdulaziz say about oil?", "name", "Salman bin Abdulaziz Al Saud", "oil"),
    ("What did King Salman say about oil?", "name", "Salman bin Abdulaziz Al Saud", "oil"),
    ("What did King Abdullah say about oil?", "unknown", None, "oil"),
    # a title the documents give as a name, asked in lower case
    ("What did the harbour master say about the storm?", "description", "Harbour Master", "the storm"),
    ("What did the Harbour Master say about the storm?", "name", "Harbour Master", "the storm"),
    # an organisation's name is not a description of a person ("the bureau director")
    ("What did the Census Bureau say about Millennials?", "unknown", None, "Millennials"),
    ("What did the bureau director say about emails?", "description", "James Comey", "emails"),
])
def test_names_as_questions_write_them(named, question, kind, speaker, topic):
    p = parse_question(question, named)
    assert (p.kind, p.speaker_kind, p.speaker_entry.name if p.speaker_entry else None, p.topic) == (
        "speaker", kind, speaker, topic)


@pytest.mark.parametrize("question, topic", [
    ("And about Joe Scarborough?", "Joe Scarborough"),
    ("And about Ohio?", "Ohio"),
    ("What about Alex Jones?", "Alex Jones"),
])
def test_and_about_a_name_is_a_new_topic_for_the_same_speaker(named, question, topic):
    p = parse_question(question, named)
    assert (p.kind, p.topic, p.speaker_entry) == ("followup", topic, None)


def test_and_what_did_x_say_asks_about_x(named):
    p = parse_question("And what did Joe Scarborough say about it?", named)
    assert (p.kind, p.speaker_entry.name, p.topic) == ("speaker", "Joe Scarborough", "it")


@pytest.mark.parametrize("question, kind, speaker", [
    ("What did the President of Belarus say about the war?", "description", "Aleksandr Lukashenko"),
    ("What did the head of state say about the war?", "description", "Aleksandr Lukashenko"),
    # the head fits, the words before it do not: a president the corpus does not quote
    ("What did the president of the United States say about the war?", "unknown", None),
    ("What did the American president say about the war?", "unknown", None),
])
def test_a_description_fits_as_a_whole(directory, question, kind, speaker):
    p = parse_question(question, directory)
    assert (p.kind, p.speaker_kind, p.speaker_entry.name if p.speaker_entry else None, p.topic) == (
        "speaker", kind, speaker, "the war")


def test_what_did_an_unmatched_description_say_asks_about_it_without_the_verb(directory):
    p = parse_question("What did the 52-year-old say?", directory)
    assert p.kind == "topic" and p.topic == "the 52-year-old"
