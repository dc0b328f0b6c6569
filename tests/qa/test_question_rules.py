"""Rules that sit before answering: the speaker filter against the question, and the question's length.

A two-speaker corpus with the fake encoder: a port director on a terminal, an oil executive on loans
(the case from issue 15: with the executive selected, "who said the terminal will double capacity?"
was answered with his words about loans).
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa import Assistant, Index, index_folder
from qa.cli import cli
from qa.questions import MAX_QUESTION_CHARS
from tests.qa.builders import write

PORT = ("Port expansion approved\n\n"
        "“The new terminal will double the capacity of the port by 2026,” said Anna Berg, the port director.\n\n"
        "Anna Berg added that ships would wait less at the harbour entrance.\n")
OIL = ("Oil company results\n\n"
       "“We repaid the loans to the banks ahead of schedule,” Igor Sechin said on Friday.\n\n"
       "Igor Sechin said that the company would invest in two new refineries.\n")
BERG, SECHIN = "Anna Berg", "Igor Sechin"


@pytest.fixture
def index_path(tmp_path, fake_encoder):
    write(tmp_path / "docs" / "port.txt", PORT)
    write(tmp_path / "docs" / "oil.txt", OIL)
    index_folder(tmp_path / "docs", tmp_path / "idx", encoder="fake", progress=False)
    return tmp_path / "idx"


@pytest.fixture
def chat(index_path):
    return Assistant(Index(index_path)).conversation()


def test_a_who_said_question_is_not_forced_onto_the_filtered_speaker(chat):
    answer = chat.ask("Who said the terminal will double capacity?", speaker=SECHIN)
    assert answer.found and answer.speaker == BERG
    assert {c.speaker for c in answer.citations[:1]} == {BERG}
    assert answer.text.startswith(f"(You asked who said it, so the speaker filter {SECHIN} was not applied.) "
                                  f"{BERG} said it:")
    assert answer.lead.startswith("(You asked who said it")


def test_a_speaker_named_in_the_question_takes_precedence_and_the_answer_says_so(chat):
    answer = chat.ask("What did Anna Berg say about the terminal?", speaker=SECHIN)
    assert answer.found and answer.speaker == BERG
    assert answer.text.startswith(f"(You asked about {BERG}, so the speaker filter {SECHIN} was not applied.) "
                                  f"{BERG} about the terminal:")
    unknown = chat.ask("What did Vladimir Putin say about loans?", speaker=SECHIN)
    assert not unknown.found and unknown.text.startswith(
        f"(You asked about Vladimir Putin, so the speaker filter {SECHIN} was not applied.) No statement by Vladimir Putin")


def test_the_filter_applies_to_its_own_speaker_topics_and_pronouns_without_a_note(chat):
    same = chat.ask("What did Sechin say about loans?", speaker=SECHIN)
    assert same.found and same.speaker == SECHIN and same.text.startswith(f"{SECHIN} about loans:")
    topic = chat.ask("What was said about loans?", speaker=BERG)
    assert topic.speaker == BERG and "not applied" not in topic.text
    assert all(c.speaker == BERG for c in topic.citations)
    pronoun = chat.ask("What did he say about refineries?", speaker=SECHIN)
    assert pronoun.found and pronoun.speaker == SECHIN and "not applied" not in pronoun.text


def test_a_question_over_the_limit_is_refused_without_being_echoed(chat):
    long = "What did Igor Sechin say about " + "loans and " * 10_000 + "banks?"
    answer = chat.ask(long)
    assert not answer.found and answer.citations == []
    assert answer.text.startswith(f"This question is {len(long):,} characters long; a question can have at most "
                                  f"{MAX_QUESTION_CHARS:,}.")
    assert len(answer.text) < 300 and "loans and loans" not in answer.text
    assert len(answer.question) <= MAX_QUESTION_CHARS + 1
    at_limit = "What did Igor Sechin say about loans" + "?" * (MAX_QUESTION_CHARS - 36)
    assert len(at_limit) == MAX_QUESTION_CHARS and chat.ask(at_limit).found


def test_the_limit_holds_for_the_command_line_and_json(index_path):
    long = "Who said " + "x" * 2000
    one = CliRunner().invoke(cli, ["ask", long, "--index", str(index_path)])
    assert one.exit_code == 0 and one.stdout.startswith("This question is 2,009 characters long")
    rows = [{"id": "q1", "conversation": "c", "question": long},
            {"id": "q2", "conversation": "c", "question": "What did Sechin say about loans?"}]
    many = CliRunner().invoke(cli, ["ask", "--json", "--index", str(index_path)],
                              input="".join(json.dumps(r) + "\n" for r in rows))
    first, second = (json.loads(line) for line in many.stdout.splitlines())
    assert first["found"] is False and first["answer"].startswith("This question is 2,009 characters long")
    assert second["found"] is True and second["speaker"] == SECHIN
