"""Time in questions, date filters and order, quote checks, timelines and exports on a small dated corpus
(tests/qa/dated.py) with the real model: every dated answer holds only statements from its window."""
from __future__ import annotations

import csv
import io
import json

import pytest

from qa import Assistant, Index, index_folder
from qa.export import statement_rows, write_rows
from qa.timefilter import window_from_bounds
from qa.timeline import build_timeline
from tests.qa.dated import FORUM_URL, PETROV, SMIRNOVA, make_dated


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory, minilm):
    folder = make_dated(tmp_path_factory.mktemp("dated"))
    idx = tmp_path_factory.mktemp("dated-index")
    index_folder(folder, idx, progress=False)
    return Index(idx)


@pytest.fixture
def assistant(dated_index):
    return Assistant(dated_index, top_k=5)


def years(answer) -> set[str]:
    return {c.date[:4] if c.date else "undated" for c in answer.citations}


@pytest.mark.parametrize("question, want, words", [
    ("What did Petrov say about gas in 2013?", {"2013"}, "about gas in 2013"),
    ("What did Petrov say about gas since 2014?", {"2016"}, "about gas since 2014"),
    ("What did Petrov say about gas between 2012 and 2013?", {"2012", "2013"}, "about gas between 2012 and 2013"),
    ("What did Petrov say about gas before 2013?", {"2012"}, "about gas until 2012"),
    ("What did Petrov say about gas in March 2012?", {"2012"}, "about gas in March 2012"),
])
def test_a_question_with_a_time_holds_only_statements_from_then(assistant, question, want, words):
    answer = assistant.conversation().ask(question)
    assert answer.found and answer.speaker == PETROV
    assert years(answer) <= want and years(answer)  # never an undated or other year's statement
    assert words in answer.lead
    assert "1 undated document with statements by Ivan Petrov left out" in answer.lead


def test_the_same_question_without_time_is_answered_as_before(assistant):
    answer = assistant.conversation().ask("What did Petrov say about gas?")
    assert answer.found and {"2012", "2013", "2016", "undated"} <= years(answer)  # every year, the undated one too
    assert "left out" not in answer.text and answer.lead == "Ivan Petrov about gas:"


def test_nothing_in_the_window_is_an_honest_no(assistant):
    answer = assistant.conversation().ask("What did Petrov say about NATO in 2016?")
    assert not answer.found and answer.citations == []
    assert "dated in 2016 only" in answer.text


def test_a_window_without_the_speaker_s_documents_does_not_say_they_never_speak(assistant):
    answer = assistant.conversation().ask(f"What did {SMIRNOVA} say in 2012?")
    assert not answer.found and answer.citations == []
    assert answer.lead.startswith(f"No statement by {SMIRNOVA} in the documents searched.")
    assert "is mentioned in the corpus" not in answer.text and "dated in 2012 only" in answer.text


def test_a_follow_up_keeps_the_window_and_a_new_question_drops_it(assistant):
    chat = assistant.conversation()
    chat.ask("What did Petrov say about gas in 2013?")
    nato = chat.ask("And about NATO?")
    assert nato.found and years(nato) == {"2013"} and "in 2013" in nato.lead
    pronoun = chat.ask("What did he say about gas supplies?")
    assert years(pronoun) == {"2013"}
    fresh = chat.ask(f"What did {SMIRNOVA} say about gas?")
    assert fresh.found and years(fresh) == {"2016"} and "2013" not in fresh.lead
    assert chat.time is None


def test_a_date_filter_applies_and_a_question_s_own_time_wins(assistant):
    window = window_from_bounds("2016", None)
    chat = assistant.conversation()
    filtered = chat.ask("What did Petrov say about gas?", window=window)
    assert years(filtered) == {"2016"} and "since 2016" in filtered.lead
    own = chat.ask("What did Petrov say about gas in 2012?", window=window)
    assert years(own) == {"2012"}
    assert own.lead.startswith("(You asked about 2012, so the date filter since 2016 was not applied.)")


@pytest.mark.parametrize("bad, message", [
    (("2013-02-30", None), "--from '2013-02-30'"),
    (("2015", "2012"), "--from 2015 is after --to 2012"),
    ((None, "next year"), "--to 'next year'"),
    (("03/04/2013", None), "is ambiguous: 3 April 2013 or 4 March 2013"),
])
def test_bad_date_filters_are_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        window_from_bounds(*bad)


def test_a_time_that_is_no_date_is_refused_not_guessed(assistant):
    answer = assistant.conversation().ask("What did Petrov say about gas on 31 February 2013?")
    assert not answer.found and "February 2013 has 28 days" in answer.text


@pytest.mark.parametrize("question, first", [
    ("When did Petrov first talk about gas?", "2012-03-05"),
    ("When did Petrov last talk about gas?", "2016-02-01"),
])
def test_first_and_last(assistant, question, first):
    answer = assistant.conversation().ask(question)
    assert answer.found and answer.citations[0].date == first
    dated = [c.date for c in answer.citations if c.date]
    assert dated == sorted(dated, reverse="last" in question)
    assert [c.date for c in answer.citations].index(None) == len(dated)  # the undated one last
    assert ("earliest" if "first" in question else "latest") in answer.lead


def test_order_by_date_as_an_option(assistant):
    oldest = assistant.conversation().ask("What did Petrov say about gas?", order="date")
    newest = assistant.conversation().ask("What did Petrov say about gas?", order="newest")
    dated = [c.date for c in oldest.citations if c.date]
    assert dated == sorted(dated) and [c.date for c in newest.citations if c.date] == sorted(dated, reverse=True)
    assert "oldest first" in oldest.lead and "newest first" in newest.lead
    assert "[1] 5 March 2012 —" in oldest.text


def test_citations_say_when_and_where(assistant):
    answer = assistant.conversation().ask("What did Petrov say about gas supplies to Europe in 2013?")
    row = answer.to_json("q")["citations"][0]
    assert (row["date"], row["url"], row["title"]) == ("2013-06-10", FORUM_URL, "Petrov at the energy forum in Vienna")
    assert "10 June 2013" in answer.text


def test_quote_check_verbatim_paraphrase_negation_and_someone_else(assistant):
    chat = assistant.conversation()
    yes = chat.ask("Did Petrov say 'we will never cut gas supplies to Europe'?")
    assert yes.found and yes.lead.startswith("Yes: Ivan Petrov said these words")
    assert yes.citations[0].date == "2013-06-10"
    close = chat.ask("Did anyone say that NATO is moving its bases closer to the borders?")
    assert close.found and close.lead.startswith("Not in these words, but Ivan Petrov said something close")
    assert "Claimed vs said:" in close.text and "{+military+}" in close.text
    flipped = chat.ask("Did Petrov say that Russia will cut gas supplies to Europe?")
    assert flipped.lead.startswith("Not as claimed") and "a negation" in flipped.lead
    other = chat.ask(f"Did {SMIRNOVA} say that gas prices will rise next year?")
    assert not other.found and other.lead == f"No statement by {SMIRNOVA} in the corpus says this."
    assert [c.speaker for c in other.others] == [PETROV] and "Ivan Petrov said it:" in other.text
    nobody = chat.ask("Did Boris Nemtsov say that gas prices will rise?")
    assert not nobody.found and nobody.lead.startswith("No one called Boris Nemtsov speaks in the corpus")


def test_quote_check_inside_a_window(assistant):
    answer = assistant.conversation().ask("Did Petrov say in 2016 that 'we will never cut gas supplies to Europe'?")
    assert not answer.found and "in 2016" in answer.lead


def test_a_time_inside_what_was_said_is_not_a_window(assistant):
    # the 2012 statement "Gas prices for our neighbours will rise next year": "in 2013" is part of the claim
    who = assistant.conversation().ask("Who said gas prices for the neighbours will rise in 2013?")
    assert who.found and who.speaker == PETROV and who.citations[0].date == "2012-03-05"
    check = assistant.conversation().ask("Did Petrov say that gas prices for the neighbours will rise in 2013?")
    assert check.citations and check.citations[0].date == "2012-03-05" and "2013" not in check.lead


def test_timeline_per_year_with_undated_left_out(assistant):
    tl = build_timeline(assistant, "Petrov", "gas")
    assert [c.date[:4] for c in tl.points] == ["2012", "2013", "2016"] and tl.undated == 1
    assert tl.by == "year" and [p for p, _ in tl.groups()] == ["2012", "2013", "2016"]
    text = tl.render_text()
    assert text.startswith("Ivan Petrov on gas: 3 statements in 3 documents, 2012–2016 (1 undated left out)")
    assert "\n2013 (1)\n  [2] 10 June 2013 — “We will never cut gas supplies to Europe,”" in text
    assert FORUM_URL in text
    assert [c.date for c in build_timeline(assistant, "Petrov", "gas", window_from_bounds("2013", "2016")).points] \
        == ["2013-06-10", "2016-02-01"]
    assert build_timeline(assistant, "Nobody Known", "gas").problem == "No one called Nobody Known speaks in the corpus."


def test_export_statements_by_speaker_and_window(assistant):
    rows = list(statement_rows(assistant, "Petrov", window=window_from_bounds("2013", "2013")))
    assert {r.date for r in rows} == {"2013-06-10", "2013-11-02"} and {r.speaker for r in rows} == {PETROV}
    text = assistant.index.document_text(rows[0].doc)
    assert all(assistant.index.document_text(r.doc)[r.start:r.end] == r.text for r in rows) and text
    buf = io.StringIO()
    write_rows(rows, "csv", buf)
    table = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [t["date"] for t in table] == ["2013-06-10", "2013-11-02"]
    assert table[0]["url"] == FORUM_URL and table[0]["paragraph"] == "2"
    every = list(statement_rows(assistant))
    assert every[-1].date is None  # undated last
    with pytest.raises(ValueError, match="--speaker 'Nobody'"):
        list(statement_rows(assistant, "Nobody"))


def test_export_statements_on_a_topic_by_anyone(assistant):
    rows = list(statement_rows(assistant, topic="gas prices"))
    assert {r.speaker for r in rows} == {PETROV, SMIRNOVA}  # both speak of gas prices; no speaker was asked for
    assert "NATO" not in " ".join(r.text for r in rows)
    assert [r.date for r in rows if r.date] == sorted(r.date for r in rows if r.date)
    in_2016 = list(statement_rows(assistant, topic="gas prices", window=window_from_bounds("2016", "2016")))
    assert in_2016 and {r.date[:4] for r in in_2016} == {"2016"}
    assert list(statement_rows(assistant, topic="the space programme")) == []


def test_cli_ask_timeline_and_statements(dated_index):
    from click.testing import CliRunner

    from qa.cli import cli

    idx = str(dated_index.path)
    run = CliRunner().invoke
    res = run(cli, ["ask", "What did Petrov say about gas?", "--index", idx, "--order", "date", "--from", "2013"])
    assert res.exit_code == 0, res.output
    assert "since 2013" in res.output and "[1] 10 June 2013 —" in res.output and FORUM_URL in res.output
    res = run(cli, ["ask", "x", "--index", idx, "--to", "2013-13"])
    assert res.exit_code == 2 and "error: --to '2013-13'" in res.output
    res = run(cli, ["timeline", "Petrov", "gas", "--index", idx, "--json"])
    data = json.loads(res.output)
    assert [p["date"] for p in data["points"]] == ["2012-03-05", "2013-06-10", "2016-02-01"] and data["undated"] == 1
    res = run(cli, ["timeline", "Nobody", "gas", "--index", idx])
    assert res.exit_code == 1 and "No one called Nobody" in res.output
    res = run(cli, ["statements", "--index", idx, "--speaker", "Smirnova", "--format", "jsonl"])
    (line,) = [x for x in res.stdout.splitlines() if x.strip()]
    row = json.loads(line)
    assert (row["speaker"], row["date"], row["doc"]) == (SMIRNOVA, "2016-02-01", "2016-02-01-contract.txt")
    assert "1 statements" in res.stderr
