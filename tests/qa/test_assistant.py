"""Speaker-aware answers on the seed article with the real model: the issue's examples, conversations,
abstention and the JSON contract."""
from __future__ import annotations

import json

import pytest

from qa import Assistant, Index, index_folder, paths


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory, minilm):
    idx = tmp_path_factory.mktemp("seed-index")
    index_folder(paths.seed_folder(), idx, progress=False)
    return Index(idx)


@pytest.fixture
def chat(seed_index):
    return Assistant(seed_index).conversation()


def test_he_with_no_context_is_the_most_quoted_speaker_and_nato_is_paragraph_9(chat):
    answer = chat.ask("What did he say about NATO?")
    assert answer.found and answer.speaker == "Aleksandr Lukashenko"
    assert answer.assumed_speaker and answer.lead.startswith("(Assuming “he” means Aleksandr Lukashenko.)")
    first = answer.citations[0]
    assert first.paragraph <= 9 <= (first.last_paragraph or first.paragraph)   # a passage around paragraph 9
    assert "NATO" in first.quote
    assert {c.speaker for c in answer.citations} == {"Aleksandr Lukashenko"}


def test_a_mentioned_person_who_never_speaks_gets_an_honest_no(chat):
    answer = chat.ask("What did Michael Carpenter say about NATO?")
    assert not answer.found and answer.citations == []
    assert "no statement by Michael Carpenter about NATO" in answer.text


def test_who_said_names_lukashenko_and_cites_paragraph_7(chat):
    answer = chat.ask("Who said that Belarus will never attack anyone?")
    assert answer.found and answer.speaker == "Aleksandr Lukashenko"
    assert answer.citations[0].paragraph == 7
    assert "We will never ever attack anyone" in answer.citations[0].quote


def test_follow_ups_keep_the_speaker_and_else_moves_on(seed_index):
    chat = Assistant(seed_index, top_k=2).conversation()
    first = chat.ask("What did Lukashenko say about Ukraine?")
    assert first.found and first.citations[0].paragraph in (5, 6)
    nato = chat.ask("And about NATO?")
    assert nato.speaker == "Aleksandr Lukashenko" and not nato.assumed_speaker
    assert nato.citations[0].paragraph <= 9 <= nato.citations[0].last_paragraph
    more = chat.ask("What else did he say?")
    seen = {i for a in (first, nato) for c in a.citations for i in c.statement_ids}
    assert more.found and not seen & {i for c in more.citations for i in c.statement_ids}
    while more.found:  # until everything was said
        more = chat.ask("What else did he say?")
    assert more.text == "Nothing else by Aleksandr Lukashenko in the corpus beyond what was cited above."


def test_a_pronoun_means_the_person_the_chat_is_about(chat):
    chat.ask("What did the Belarusian leader say about Ukraine?")
    answer = chat.ask("What did he say about NATO?")
    assert answer.speaker == "Aleksandr Lukashenko" and not answer.assumed_speaker


def test_a_topic_that_points_back_is_the_chats_topic(chat):
    first = chat.ask("What did Lukashenko say about NATO?")
    again = chat.ask("What did he say about it?")
    assert again.found and again.lead == "Aleksandr Lukashenko about NATO:"
    assert again.citations[0].paragraph == first.citations[0].paragraph
    assert first.citations[0].paragraph <= 9 <= first.citations[0].last_paragraph


def test_who_said_without_words_asks_for_them(chat):
    answer = chat.ask("Who said?")
    assert not answer.found and answer.text.startswith("Who said what?")
    chat.ask("What was said about NATO?")
    assert chat.ask("Who said that?").speaker == "Aleksandr Lukashenko"


def test_a_speaker_not_in_the_corpus(chat):
    answer = chat.ask("What did Vladimir Putin say about NATO?")
    assert not answer.found and "Vladimir Putin" in answer.text and answer.citations == []


def test_a_topic_nobody_spoke_about(chat):
    answer = chat.ask("What was said about the price of coffee in Brazil?")
    assert not answer.found and answer.citations == []


def test_the_speaker_filter_narrows_open_questions(chat):
    answer = chat.ask("What was said about NATO?", speaker="Aleksandr Lukashenko")
    assert answer.found and {c.speaker for c in answer.citations} == {"Aleksandr Lukashenko"}
    unknown = chat.ask("What was said about NATO?", speaker="Nobody Here")
    assert not unknown.found and "Nobody Here" in unknown.text


def test_citations_are_exact_spans_of_the_document(seed_index, chat):
    answer = chat.ask("What did Lukashenko say about the economy?")
    text = seed_index.document_text(answer.citations[0].doc_id)
    for c in answer.citations:
        assert text[c.start:c.end] == c.quote
        assert text[c.par_start:c.par_end] == c.paragraph_text
        assert all(c.start <= a < b <= c.end for a, b in c.parts)


def test_json_contract(chat):
    row = chat.ask("What did he say about NATO?").to_json("q1")
    assert set(row) == {"id", "found", "speaker", "answer", "citations"}
    assert row["id"] == "q1" and row["found"] is True
    # the contract's fields, then when and where (the seed names no date and no URL: null, not left out)
    assert all(list(c) == ["doc", "start", "end", "speaker", "score", "text", "date", "title", "url"]
               for c in row["citations"])
    assert {(c["date"], c["url"]) for c in row["citations"]} == {(None, None)}
    assert {c["title"] for c in row["citations"]} == {"Meeting with U.S. Deputy Assistant Secretary of Defense Dr "
                                                      "Michael Carpenter"}
    text = chat.assistant.index.document_text(row["citations"][0]["doc"])
    assert all(c["text"] == text[c["start"]:c["end"]] for c in row["citations"])
    json.dumps(row)


def test_a_much_quoted_speaker_is_scored_on_the_best_paragraphs_only(seed_index, monkeypatch):
    import qa.assistant as assistant_mod

    monkeypatch.setattr(assistant_mod, "PRESELECT_ABOVE", 5)
    monkeypatch.setattr(assistant_mod, "PRESELECT_PARAGRAPHS", 3)
    chat = Assistant(seed_index).conversation()
    scored = []
    real = Assistant._score
    monkeypatch.setattr(Assistant, "_score", lambda self, sts, *a, **k: scored.append(len(sts)) or real(self, sts, *a, **k))
    answer = chat.ask("What did Lukashenko say about NATO?")
    assert answer.found and answer.citations[0].paragraph == 9
    assert scored[0] < 20  # of Lukashenko's 20 statements, only those in the 3 best paragraphs
