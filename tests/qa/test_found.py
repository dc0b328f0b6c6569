"""Whether the corpus answers a question at all ("found"), with the real model: decided from the cited
text itself (the topic's words in the statement or around it, the meaning of the statement), never from
how it compares with other speakers, so one speaker's corpus and a crowded one decide alike."""
from __future__ import annotations

import pytest

from qa import Assistant, Index, index_folder, paths
from qa.evidence import Support, term_share, topic_terms, unmentioned_names
from tests.qa.builders import write

# A press office quoting several people; the port manager speaks once, in other words than the question's.
PRESS = {
    "economy.txt": (
        "Minister presents the budget\n\n"
        "“Inflation will fall below four percent next year,” Finance Minister Olga Brandt said on Monday.\n\n"
        "Olga Brandt added that the new regulation of bank lending would protect savers.\n\n"
        "“The regulation of lending is overdue,” said Peter Vance, head of the consumer association. "
        "Peter Vance said the regulation should also cover payday lenders.\n"),
    "harbour.txt": (
        "Storm closes the harbour\n\n"
        "The harbour was closed for three days after the storm damaged the breakwater.\n\n"
        "“Our fishermen lost a week of income and some of them may have to sell their boats,” "
        "said Lena Kovac, who manages the port.\n"),
    "fishing.txt": (
        "Fishing federation meets\n\n"
        "“The losses of the fishing industry this year are the worst in a decade,” said Mark Dunn, who "
        "chairs the fishing federation. Mark Dunn said the losses of the fishing industry would reach "
        "forty million euros.\n"),
    "campaign.txt": (
        "Pence rallies in Ohio\n\n"
        "“We will keep fighting for every vote, from the farms to the factories, because this election is about "
        "jobs, about the economy and about the future of our children, and we will carry that message through "
        "Florida and North Carolina and every state that needs change,” Mike Pence said at a rally in Columbus.\n"),
    "polls.txt": (
        "North Carolina race tightens\n\n"
        "“North Carolina is the closest race in the country this year, and North Carolina voters are still "
        "undecided,” said pollster Dana Whitfield. Dana Whitfield said North Carolina would decide the election.\n\n"
        "“The early vote in North Carolina is up by a third,” said Tom Reyes, the state elections director.\n"),
    "energy.txt": (
        "Gas talks in Minsk\n\n"
        "“We are ready to buy gas for $200, and we can pay more than $63 per barrel of oil,” Aleksandr "
        "Lukashenko said. Vladimir Putin replied that the price is a matter for the companies to agree.\n\n"
        "Vladimir Putin said that Russia would keep supplying Belarus through the winter and that the "
        "pipeline would be repaired by spring.\n"),
}


@pytest.fixture(scope="module")
def press(tmp_path_factory, minilm):
    root = tmp_path_factory.mktemp("press")
    for name, text in PRESS.items():
        write(root / "docs" / name, text)
    index_folder(root / "docs", root / "idx", progress=False)
    return Assistant(Index(root / "idx"))


@pytest.fixture(scope="module")
def seed(tmp_path_factory, minilm):
    idx = tmp_path_factory.mktemp("seed-found")
    index_folder(paths.seed_folder(), idx, progress=False)
    return Assistant(Index(idx))


@pytest.mark.parametrize("question", [
    "What did Lukashenko say about China?",
    "What did he say about Venezuela?",
    "What did the Belarusian leader say about climate change?",
    "What did Lukashenko say about Bitcoin?",
    "What was said about sanctions?",
    "Who said the moon is made of cheese?",
])
def test_one_speaker_corpus_says_not_found_for_what_it_never_mentions(seed, question):
    answer = seed.conversation().ask(question)
    assert not answer.found and answer.citations == [], answer.text


@pytest.mark.parametrize("question, paragraph", [
    ("What did Lukashenko say about the economy?", 3),   # an unattributed sentence of his paragraph
    ("What did he say about the CSTO?", 8),
    ("What did Lukashenko say about bloodshed in Ukraine?", 5),
    ("Who said the war must stop?", 5),
])
def test_one_speaker_corpus_still_answers_what_it_holds(seed, question, paragraph):
    answer = seed.conversation().ask(question)
    assert answer.found and answer.speaker == "Aleksandr Lukashenko"
    assert any(c.paragraph <= paragraph <= (c.last_paragraph or c.paragraph) for c in answer.citations[:3])


def test_a_speaker_with_one_statement_in_other_words_is_found(press):
    # the topic's words are nowhere in her statement, and another speaker answers it word for word
    answer = press.conversation().ask("What did Lena Kovac say about the losses of the fishing industry?")
    assert answer.found and answer.speaker == "Lena Kovac" and "sell their boats" in answer.citations[0].quote


def test_a_topic_named_in_passing_by_a_speaker_others_discuss_at_length_is_found(press):
    # his one statement names North Carolina among other things; a pollster speaks of nothing else
    # (the old rule, relative to the best statement by anyone, said "No statement by Mike Pence")
    answer = press.conversation().ask("What did Pence say about North Carolina?")
    assert answer.found and answer.speaker == "Mike Pence" and "North Carolina" in answer.citations[0].quote


def test_a_topic_only_other_people_spoke_about_is_not_the_speakers(press):
    answer = press.conversation().ask("What did Lena Kovac say about bank lending?")
    assert not answer.found and answer.citations == []
    assert [c.speaker for c in answer.others][:1] in (["Olga Brandt"], ["Peter Vance"])


def test_who_said_cites_the_speaker_whose_words_they_are(press):
    answer = press.conversation().ask("Who said they are ready to buy gas for $200?")
    assert answer.found and answer.speaker == "Aleksandr Lukashenko"
    assert "$200" in answer.citations[0].quote


def test_who_said_what_nobody_said(press):
    answer = press.conversation().ask("Who said the harbour will be sold to a Chinese company?")
    assert not answer.found


def test_topic_words_are_weighed_by_rarity_and_a_nationality_is_its_country():
    class Postings:  # three paragraphs: "russian" in two, "elect" in all, "meddl" in none
        term_index = {"russian": 0, "elect": 1}
        df = [2.0, 3.0]

        def __len__(self):
            return 3

    terms = dict(topic_terms("Russian meddling in the election", Postings()))
    assert set(terms) == {"russian", "meddl", "elect"}
    assert terms["meddl"] > terms["russian"] > terms["elect"]
    share = term_share(list(terms.items()), {"russia", "hack", "elect"})
    assert share == pytest.approx((terms["russian"] + terms["elect"]) / sum(terms.values()))
    assert term_share(list(terms.items()), set()) == 0.0


def test_support_reads_the_statement_before_its_surroundings():
    assert Support(terms=1.0, context_terms=1.0, paragraph=0.3).answers()
    assert not Support(terms=0.0, context_terms=0.0, paragraph=0.3, statement=0.2).answers()
    assert Support(terms=0.0, context_terms=0.0, paragraph=0.2, statement=0.55).answers()
    assert Support(terms=0.0, context_terms=0.0, paragraph=0.55).answers()
    # "who said S" counts S's words and meaning in the statement only, not in its paragraph
    assert not Support(terms=0.0, context_terms=1.0, paragraph=0.9, statement=0.3).answers(who=True)
    assert Support(terms=1.0, context_terms=1.0, paragraph=0.3, statement=0.3).answers(who=True)


def test_a_topic_naming_what_the_corpus_never_mentions_is_not_found_and_says_why(press):
    chat = press.conversation()
    answer = chat.ask("What was said about the losses of the Tokyo fishing industry?")
    assert not answer.found and answer.citations == []
    assert answer.text == "No statement about the losses of the Tokyo fishing industry in the corpus " \
                          "(the corpus never mentions “Tokyo”)."
    answer = chat.ask("What did Olga Brandt say about Bitcoin regulation?")
    assert not answer.found and "(the corpus never mentions “Bitcoin”)" in answer.text
    # another form of a word the corpus uses is no unknown name: Belarusian meets Belarus
    answer = press.conversation().ask("What did Vladimir Putin say about Belarusian gas supplies?")
    assert answer.found and answer.speaker == "Vladimir Putin"


def test_unmentioned_names_reads_names_only(press):
    bm25 = press.index.bm25
    assert unmentioned_names("the Tokyo Olympics", bm25) == ["Tokyo", "Olympics"]
    assert unmentioned_names("the losses of the fishing industry", bm25) == []   # no names at all
    assert unmentioned_names("Lukashenko's gas price", bm25) == []
    # an acronym may be what the documents only spell out ("the Collective Security Treaty Organisation")
    assert unmentioned_names("the CSTO summit in Tokyo", bm25) == ["Tokyo"]


def test_an_answer_starts_with_a_statement_about_the_topic():
    # the best-scored statement is not about the topic (its speaker's other words rank it high); the
    # best one that is comes first, and the order of the rest is kept
    from types import SimpleNamespace

    from qa.assistant import Assistant
    from qa.evidence import Scored
    from qa.index import StatementRecord

    def st(i: int) -> StatementRecord:
        return StatementRecord(i, "d.txt", i, 0, 10, "Ann Lee", "direct", None, "said")

    scored = [Scored(st(i), 1.0 - i / 10) for i in range(4)]
    about = {2}
    fake = SimpleNamespace(evidence=SimpleNamespace(support=lambda stmts, topic: [
        Support(1.0 if s.id in about else 0.0, 0.0, 0.2) for s in stmts]))
    assert [x.statement.id for x in Assistant._supported_first(fake, scored, "Syria")] == [2, 0, 1, 3]
    about = {0, 2}
    assert [x.statement.id for x in Assistant._supported_first(fake, scored, "Syria")] == [0, 1, 2, 3]
    about = set()
    assert [x.statement.id for x in Assistant._supported_first(fake, scored, "Syria")] == [0, 1, 2, 3]


# A press-service report whose president the text never names: "the President" stays unnamed.
UNNAMED = (
    "President Holds Meeting on Roads\n\n"
    "The President held a meeting with Minister of Transport Radek Zelenka and Governor of the Northern Province "
    "Amara Osei to discuss the state of the roads before the winter.\n\n"
    "The Governor reported that two bridges had been closed. \u201cWe need new bridges,\u201d Osei said.\n\n"
    "The President supported the proposal. He stressed that the funds must be spent transparently and that the "
    "Audit Chamber would monitor every contract.\n")


@pytest.fixture(scope="module")
def unnamed(tmp_path_factory, minilm):
    root = tmp_path_factory.mktemp("unnamed")
    write(root / "docs" / "roads.txt", UNNAMED)
    index_folder(root / "docs", root / "idx", progress=False)
    return Assistant(Index(root / "idx"))


def test_who_said_words_whose_speaker_the_text_does_not_name_is_found_unnamed(unnamed):
    answer = unnamed.conversation().ask("Who said the funds must be spent transparently?")
    assert answer.found and answer.speaker is None and "do not name" in answer.text
    assert "transparently" in answer.citations[0].quote
    assert not unnamed.conversation().ask("Who said the harbour will be sold to a Chinese company?").found


def test_an_office_the_text_never_names_is_answered_as_unnamed_not_as_someone_else(unnamed):
    answer = unnamed.conversation().ask("What did the President say about the roads?")
    assert answer.found and answer.speaker is None and "do not name the President" in answer.text
    assert all(c.speaker is None for c in answer.citations)
    answer = unnamed.conversation().ask("What did the President say about Bitcoin?")
    assert not answer.found and answer.citations == []
    answer = unnamed.conversation().ask("What did the Governor say about bridges?")
    assert answer.found and answer.speaker == "Amara Osei"
