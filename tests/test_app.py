"""The web app through its API: a live local server driven by gradio_client, on the seed article.

One server for the module (the real MiniLM model, the seed article indexed into tmp). The tests
run in file order: questions on the seed first, then uploads, which add documents to that index.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

import app
import qa
from qa import paths
from qa.records import Answer, Citation

# gradio's queue calls pandas APIs that pandas 3 deprecates: not ours to fix.
GRADIO_NOISE = pytest.mark.filterwarnings("ignore::DeprecationWarning:gradio.queueing")
pytestmark = [pytest.mark.model, GRADIO_NOISE]

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

LUKASHENKO = "Aleksandr Lukashenko"
JANE = """Diplomats discuss the alliance

“NATO must stay strong in the Baltic region,” said Jane Doe, a Lithuanian diplomat, on Monday.

Jane Doe also said that bananas from Ecuador are the best fruit in the world.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_path: Path, **launch_kwargs) -> SimpleNamespace:
    """build_app + launch on a free localhost port, without blocking; close with .demo.close()."""
    demo = app.build_app(index_path)
    _, url, _ = app.launch(demo, host="127.0.0.1", port=free_port(), prevent_thread_lock=True, quiet=True,
                           **launch_kwargs)
    return SimpleNamespace(url=url, index=Path(index_path), demo=demo)


def seed_index(folder: Path) -> Path:
    """The seed article indexed (real model) into `folder`/index."""
    idx = folder / "index"
    qa.index_folder(paths.seed_folder(), idx, encoder="minilm", progress=False)
    return idx


@pytest.fixture(scope="module")
def server(tmp_path_factory, minilm):
    srv = start_server(seed_index(tmp_path_factory.mktemp("app")))
    yield srv
    srv.demo.close()


def client(server, **kwargs):
    from gradio_client import Client

    return Client(server.url, verbose=False, download_files=False, **kwargs)


def ask(c, question: str, speaker: str = app.ALL_SPEAKERS) -> tuple[str, dict]:
    """(the answer's HTML, the answer's JSON) from the /ask endpoint."""
    history, data = c.predict(question, [], speaker, api_name="/ask")
    content = history[-1]["content"]
    html = "".join(p.get("text", "") for p in content) if isinstance(content, list) else content
    return html, data


def paragraphs(data: dict) -> list[range]:
    """The paragraphs each citation spans (a passage may run over several)."""
    return [range(c["paragraph"], c["last_paragraph"] + 1) for c in data["citations"]]


# -- the seed questions -----------------------------------------------------------------------
def test_nato_with_a_pronoun_cites_paragraph_9(server):
    html, data = ask(client(server), "What did he say about NATO?")
    assert data["found"] and data["speaker"] == LUKASHENKO
    first = data["citations"][0]
    assert 9 in paragraphs(data)[0] and "NATO" in first["quote"]
    assert f"<strong>{LUKASHENKO}</strong>" in html
    assert f"<details><summary>Sources ({len(data['citations'])})</summary>" in html and "<mark>" in html
    span = first["paragraph"], first["last_paragraph"]
    assert (f"¶{span[0]}–{span[1]}" if span[1] != span[0] else f"¶{span[0]}") in html
    assert "Assuming “he” means" in html


def test_ukraine(server):
    _, data = ask(client(server), "What did Lukashenko say about Ukraine?")
    assert data["found"] and data["speaker"] == LUKASHENKO
    assert {5, 6} & set(paragraphs(data)[0])
    assert all(c["speaker"] == LUKASHENKO for c in data["citations"])


def test_who_said_belarus_will_never_attack(server):
    html, data = ask(client(server), "Who said that Belarus will never attack anyone?")
    assert data["found"] and data["speaker"] == LUKASHENKO
    assert paragraphs(data)[:2].count(range(7, 8)) == 1   # "who said" cites one paragraph
    seven = next(c for c in data["citations"] if c["paragraph"] == 7)
    assert "We will never ever attack anyone" in seven["quote"]
    assert html.startswith(f'<div class="ws-answer"><p><strong>{LUKASHENKO}</strong> said it:</p>')


def test_carpenter_has_no_statement_about_nato(server):
    html, data = ask(client(server), "What did Michael Carpenter say about NATO?")
    assert not data["found"] and data["citations"] == []
    assert "no statement by Michael Carpenter about NATO" in data["answer"]
    assert "no statement by <strong>Michael Carpenter</strong> about NATO" in html
    assert "<details>" not in html


def test_follow_ups_keep_their_context_per_session(server):
    a, b = client(server), client(server)
    ask(a, "What did Lukashenko say about Ukraine?")
    _, data = ask(a, "and about Russia?")
    assert data["found"] and data["speaker"] == LUKASHENKO
    assert data["answer"].startswith(f"{LUKASHENKO} about Russia:")
    _, other = ask(b, "and about Russia?")  # another browser session: no context to follow
    assert other["speaker"] is None and other["answer"].startswith("What was said about Russia")


def test_clear_chat_resets_the_context(server):
    c = client(server)
    ask(c, "What did Lukashenko say about Ukraine?")
    history, data, speaker = c.predict(api_name="/clear")
    assert history == [] and data is None
    assert speaker == app.ALL_SPEAKERS  # the "Only statements by" filter starts over too
    _, after = ask(c, "and about Russia?")
    assert after["speaker"] is None


def test_a_long_question_is_refused_and_shown_clipped(server):
    long = "What did he say about " + "NATO and " * 20_000
    history, data = client(server).predict(long, [], app.ALL_SPEAKERS, api_name="/ask")
    assert not data["found"] and data["answer"].startswith(f"This question is {len(long.strip()):,} characters long")
    shown = history[0]["content"][0]["text"]
    assert len(shown) < app.MAX_QUESTION_CHARS + 100 and shown.endswith("…</div>")
    assert "NATO and NATO" not in history[1]["content"][0]["text"]


def test_concurrent_sessions_keep_their_own_context(server):
    from concurrent.futures import ThreadPoolExecutor

    def chat(first: str) -> dict:
        c = client(server)
        ask(c, first)
        return ask(c, "and about Russia?")[1]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(chat, ["What did Lukashenko say about Ukraine?", "What was said about NATO?"] * 2))
    assert [a["speaker"] for a in answers] == [LUKASHENKO, None, LUKASHENKO, None]


def test_question_is_escaped(server):
    history, _ = client(server).predict("<img src=x onerror=alert(1)> **who**?", [], app.ALL_SPEAKERS,
                                        api_name="/ask")
    shown = history[0]["content"][0]["text"]
    assert shown == '<div class="ws-question">&lt;img src=x onerror=alert(1)&gt; **who**?</div>'


# -- uploads -----------------------------------------------------------------------------------
def upload(c, *files: Path):
    from gradio_client import handle_file

    return c.predict([handle_file(str(f)) for f in files], api_name="/upload")


def test_a_server_file_is_never_read_through_the_upload_endpoint(server, tmp_path):
    """gradio_client uploads the local file a FileData names before calling the endpoint, so a client on
    the server's machine sends its own copy. A client elsewhere (or a hand-written one) sends the path
    itself: that is what `_upload_file` is bypassed for here. Gradio refuses such a path before the
    app runs; the app refuses it again where the file is read (`received_upload`)."""
    from gradio.utils import get_upload_folder
    from gradio_client import client as client_mod

    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\n“The vault code is 1234,” said Mallory Smith, the admin.\n", encoding="utf-8")
    before = qa.Index(server.index).stats()
    inside = Path(get_upload_folder()) / f"whosaid-test-{os.getpid()}"
    inside.mkdir(parents=True, exist_ok=True)
    link = inside / "link.md"  # inside Gradio's upload folder, pointing out of it
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(client_mod.Endpoint, "_upload_file", lambda self, f, data_index: f)
            for path in (secret, link, Path(get_upload_folder()) / ".." / secret.relative_to("/")):
                with pytest.raises(Exception, match="upstream Gradio app has raised an exception"):
                    client(server).predict([{"path": str(path), "orig_name": "x.md",
                                             "meta": {"_type": "gradio.FileData"}}], api_name="/upload")
        # the same paths handed to the app directly (a front end without Gradio's check) are refused too
        ws = app.WhoSaid(server.index)
        for path in (secret, link):
            assert ws.upload([str(path)]) == (
                f"Not added: {path.name} was not received as an upload by this app, so it was not read; add "
                "documents with the upload box (or the /upload endpoint's file upload).\n"
                "Nothing was indexed; the index is unchanged.")
        with pytest.raises(app.ReadError, match="was not received as an upload"):
            app.received_upload(str(link))
        real = inside / "real.md"
        real.write_text("x", encoding="utf-8")
        assert app.received_upload(str(real)) == str(real.resolve())
        with pytest.raises(app.ReadError):  # the app's blocked_paths come first, as in Gradio
            app.received_upload(str(real), blocked_paths=[str(inside)])
    finally:
        shutil.rmtree(inside, ignore_errors=True)
    assert qa.Index(server.index).stats() == before
    assert "Mallory Smith" not in qa.Index(server.index).speaker_counts()


def test_upload_is_indexed_and_immediately_askable(server, tmp_path):
    jane = tmp_path / "jane.txt"
    jane.write_text(JANE, encoding="utf-8")
    c = client(server)
    status, files, docs, speakers, dropdown, summary = upload(c, jane)
    assert status.startswith("Indexed uploads/jane.txt: 1 added") and files is None
    assert docs["data"][0][:2] == ["uploads/jane.txt", "Diplomats discuss the alliance"]  # uploads first
    assert "Jane Doe" in [r[0] for r in speakers["data"]]
    assert summary.startswith("2 documents")
    _, data = ask(c, "What did Jane Doe say about bananas?")
    assert data["found"] and data["speaker"] == "Jane Doe"
    assert data["citations"][0]["doc"] == "uploads/jane.txt" and data["citations"][0]["paragraph"] == 3


def test_a_question_asked_while_an_upload_is_indexed_says_so(server, tmp_path, monkeypatch):
    import threading
    import time

    from gradio_client import handle_file

    release, real = threading.Event(), qa.Indexer.add_documents
    monkeypatch.setattr(qa.Indexer, "add_documents", lambda self, docs: release.wait(60) and real(self, docs))
    (tmp_path / "ruth.txt").write_text(JANE.replace("Jane Doe", "Ruth Roe"), encoding="utf-8")
    c = client(server)
    job = c.submit([handle_file(str(tmp_path / "ruth.txt"))], api_name="/upload")
    try:
        deadline = time.monotonic() + 60
        while True:  # until the upload has started
            _, data = ask(c, "What did Ruth Roe say about bananas?")
            if data["answer"].startswith("(Still indexing") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert data["answer"].startswith("(Still indexing ruth.txt: this answer comes from the documents indexed "
                                         "before it; ask again when the upload has finished.) No statement by Ruth Roe")
        # the upload's first message ("Indexing ruth.txt …") left the server before indexing began, but the
        # client may not have read it yet: wait for it while the upload is still held
        deadline = time.monotonic() + 30
        while not job.outputs() and time.monotonic() < deadline:
            time.sleep(0.1)
        first = job.outputs()[0] if job.outputs() else None
    finally:
        release.set()
    status = job.result()[0]
    assert first is not None and first[0].startswith("Indexing ruth.txt …")
    assert "indexing ruth.txt" in first[5]  # the summary line says so too
    assert status.startswith("Indexed uploads/ruth.txt: 1 added")
    _, after = ask(c, "What did Ruth Roe say about bananas?")
    assert after["found"] and after["speaker"] == "Ruth Roe" and not after["answer"].startswith("(Still")
    docs = job.result()[2]["data"]
    assert [r[0] for r in docs[:2]] == ["uploads/ruth.txt", "uploads/jane.txt"]  # newest upload first


def test_speaker_filter_narrows_answers(server):
    c = client(server)
    _, everyone = ask(c, "What was said about NATO?")
    assert {LUKASHENKO, "Jane Doe"} <= {x["speaker"] for x in everyone["citations"]}
    _, jane = ask(client(server), "What was said about NATO?", speaker="Jane Doe")
    assert jane["found"] and {x["speaker"] for x in jane["citations"]} == {"Jane Doe"}


def test_rejected_uploads_explain_and_leave_the_index_unchanged(server, tmp_path):
    before = qa.Index(server.index).stats()
    bad = {"broken.pdf": b"%PDF-1.4 not really a pdf", "empty.txt": b"", "photo.docx": b"JFIF not a docx"}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    lines = upload(client(server), *(tmp_path / n for n in bad))[0].splitlines()
    assert lines[0].startswith("Not added: broken.pdf is not a readable PDF")
    assert lines[1].startswith("Not added: empty.txt is empty")
    assert lines[2].startswith("Not added: photo.docx is not a readable .docx")
    assert lines[3] == "Nothing was indexed; the index is unchanged."
    (tmp_path / "tool.exe").write_bytes(b"MZ")
    with pytest.raises(Exception, match=r"Invalid file type.*\.txt"):  # gradio checks the types first
        upload(client(server), tmp_path / "tool.exe")
    with pytest.raises(app.ReadError, match="tool.exe: has a type that cannot be uploaded"):
        app.read_upload(str(tmp_path / "tool.exe"))  # and so does the app, whoever calls it
    assert qa.Index(server.index).stats() == before


def test_upload_while_another_process_writes_the_index(server, tmp_path):
    before = qa.Index(server.index).stats()
    (tmp_path / "later.txt").write_text(JANE.replace("Jane Doe", "John Roe"), encoding="utf-8")
    with qa.Indexer(server.index):  # holds the index's write lock, like a running `qa index`
        status = upload(client(server), tmp_path / "later.txt")[0]
    assert status.startswith("Nothing was indexed: another process is writing the index")
    assert qa.Index(server.index).stats() == before
    _, data = ask(client(server), "What did he say about NATO?")  # still answers
    assert data["found"] and 9 in paragraphs(data)[0]


def test_an_upload_failing_inside_the_commit_leaves_the_index_unchanged(server, tmp_path, monkeypatch):
    from qa import indexer

    def boom(*_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexer.Indexer, "_cached_vectors", boom)  # fails after the records were written
    before = qa.Index(server.index).stats()
    (tmp_path / "doomed.txt").write_text(JANE.replace("Jane Doe", "Dora Doom"), encoding="utf-8")
    status = upload(client(server), tmp_path / "doomed.txt")[0]
    assert status == "Nothing was indexed (RuntimeError: disk full); the index is unchanged."
    assert qa.Index(server.index).stats() == before
    assert "Dora Doom" not in qa.Index(server.index).speaker_counts()


def test_oversized_upload_is_refused_by_the_server(server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (app.MAX_UPLOAD_MB * 2**20 + 1))
    with pytest.raises(ValueError, match=f"exceeds the maximum file size of {app.MAX_UPLOAD_MB * 2**20} bytes"):
        upload(client(server), big)


def test_one_upload_at_a_time(server, monkeypatch):
    ws = app.WhoSaid(server.index)
    ws.upload_lock.acquire()
    assert ws.upload(["x.txt"]) == "Another upload is being indexed right now: try again when it has finished."
    ws.upload_lock.release()
    monkeypatch.setattr(app, "MAX_UPLOAD_MB", 0)
    with pytest.raises(app.ReadError, match="is too large"):
        app.read_upload(str(paths.seed_folder() / app.SEED_DOC))


# -- login, first run, command line -------------------------------------------------------------
def test_auth_protects_a_private_share(server):
    srv = start_server(server.index, auth=app.parse_auth("ann:s3cret:x"))
    try:
        from gradio_client.exceptions import AuthenticationError

        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            client(srv)
        _, data = ask(client(srv, auth=("ann", "s3cret:x")), "What did he say about NATO?")
        assert data["found"]
    finally:
        srv.demo.close()
    assert app.parse_auth(None) is None
    with pytest.raises(ValueError, match="USER:PASSWORD"):
        app.parse_auth("nopassword")


def test_first_run_indexes_the_seed_article(minilm, _private_home):
    ws = app.WhoSaid()
    assert [d.id for d in ws.index.documents()] == [app.SEED_DOC]
    assert ws.index.path == _private_home / "index"
    assert ws.examples() == app.SEED_EXAMPLES


def test_missing_index_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        app.main(["--index", str(tmp_path / "nowhere")])
    assert exit_info.value.code == 2
    assert f"error: no index at {tmp_path / 'nowhere'}" in capsys.readouterr().err


# -- rendering (no server) -----------------------------------------------------------------------
EVIL = 'He said <script>alert(1)</script> and **bold** [x](javascript:alert(2)) <img src=x onerror=alert(3)>.'


def test_render_escapes_corpus_text_and_marks_the_statement():
    start = EVIL.index("<script>")
    c = Citation(doc_id="evil<b>.txt", paragraph=2, start=start, end=start + 25, speaker="Eve <i>X</i>", score=1.0,
                 quote=EVIL[start:start + 25], title="T <script>x</script>", par_start=0, par_end=len(EVIL),
                 parts=((start, start + 25),), paragraph_text=EVIL)
    html = app.render_answer(Answer("q", True, "Eve <i>X</i> about it:\n  [1] ...", speaker="Eve <i>X</i>",
                                    citations=[c]))
    assert "<script" not in html and "<img" not in html and "<i>" not in html and "<b>" not in html
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
    assert "**bold** [x](javascript:alert(2)) &lt;img src=x onerror=alert(3)&gt;." in html
    assert html.startswith('<div class="ws-answer"><p><strong>Eve &lt;i&gt;X&lt;/i&gt;</strong> about it:</p>')
    assert "T &lt;script&gt;x&lt;/script&gt;, ¶2" in html


def test_render_not_found_with_what_others_said():
    other = Citation(doc_id="d.txt", paragraph=3, start=4, end=9, speaker="Bob", score=0.7, quote="hello",
                     title=None, par_start=0, par_end=20, parts=((4, 9),), paragraph_text="Bob hello there.")
    answer = Answer("q", False, "No statement by Ann about tea in the corpus.\n\nWhat others said about tea:\n"
                    "Bob:\n  [1] ...", speaker="Ann", others=[other], others_heading="What others said about tea:")
    html = app.render_answer(answer)
    assert html.startswith('<div class="ws-answer"><p>No statement by <strong>Ann</strong> about tea in the corpus.')
    assert "<p>What others said about tea:</p>" in html and "<strong>Bob</strong>: Bob hello there." in html
    assert "d.txt, ¶3" in html and "Bob <mark>hello</mark> there." in html


def test_space_requirements_cover_the_project_dependencies():
    tomllib = pytest.importorskip("tomllib")
    root = Path(app.__file__).parent
    reqs = {re.split(r"[<>=\[ ]", line.strip())[0] for line in (root / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith(("#", "-"))}
    for dep in tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]:
        name = re.split(r"[<>=\[ ]", dep)[0]
        # gradio comes with the Space's SDK (README front matter `sdk_version`)
        assert name in reqs or name == "gradio", f"{name} is in pyproject.toml but not in requirements.txt"


# -- what the panels offer (fake encoder, no server) ---------------------------------------------
PANEL_DOC = """Sanctions debate

Russia said on Monday that the new sanctions were illegal.

Russia also said that it would not change its policy.

Russia said that the talks were over.

“We will answer in kind,” said Alexandra Konstantinopolskaya-Wittgenstein, the deputy foreign minister.
"""


@pytest.fixture
def panel_app(tmp_path, fake_encoder):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sanctions.txt").write_text(PANEL_DOC, encoding="utf-8")
    qa.index_folder(tmp_path / "docs", tmp_path / "idx", encoder="fake", progress=False)
    return app.WhoSaid(tmp_path / "idx")


def test_examples_and_the_placeholder_offer_people_not_countries(panel_app):
    assert [n for n, _ in panel_app.speakers()] == ["Russia", "Alexandra Konstantinopolskaya-Wittgenstein"]
    assert panel_app.examples() == ["What did Alexandra Konstantinopolskaya-Wittgenstein say?"]
    placeholder = panel_app.placeholder()
    assert "in 1 document · 4 statements · 2 speakers." in placeholder
    assert "What did Alexandra Konstantinopolskaya&#45;Wittgenstein say about …?" in placeholder
    assert "Russia" not in placeholder


def test_the_placeholder_escapes_a_speaker_name(panel_app, monkeypatch):
    monkeypatch.setattr(app.WhoSaid, "people", lambda self, n: ["<img src=x onerror=alert(1)> *Eve* [x](y)"])
    placeholder = panel_app.placeholder()
    assert "<img" not in placeholder and "*Eve*" not in placeholder and "[x](y)" not in placeholder
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt; &#42;Eve&#42; &#91;x&#93;&#40;y&#41;" in placeholder
