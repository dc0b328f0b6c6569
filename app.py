"""whosaid's web app: a chat over the index that quotes who said what, with sources.

    python app.py [--index IDX] [--share] [--host HOST] [--port PORT] [--auth USER:PASS] [--concurrency N]

Also a Hugging Face Space's entry point (`app.py` + `requirements.txt`). It stays thin: questions go
to `qa.Assistant` and uploads to `qa.Indexer`, as in the `qa` CLI. Everything that comes from the
corpus or from a user is HTML-escaped here, and the chatbot renders (sanitized) HTML without
Markdown or LaTeX, so a document cannot put markup, links or script into the page.
"""
from __future__ import annotations

import argparse
import html
import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr

import qa
from corpus.readers import ReadError, read_file
from qa.assistant import close_count
from qa.citations import quote_parts
from qa.errors import WhosaidError
from qa.questions import MAX_QUESTION_CHARS
from qa.records import Answer, Citation
from qa.speakers import name_key

log = logging.getLogger("whosaid.app")

UPLOAD_TYPES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
MAX_UPLOAD_MB = 20
ALL_SPEAKERS = "All speakers"
SEED_DOC = "belarus-carpenter-meeting.txt"
SEED_EXAMPLES = ["What did he say about NATO?", "What did Lukashenko say about Ukraine?",
                 "Who said that Belarus will never attack anyone?"]
CSS = """
.ws-answer mark { background: #fde68a; color: inherit; padding: 0 1px; }
.ws-answer .ws-ref { color: #6b7280; font-size: 0.9em; }
.ws-answer ol { padding-left: 1.8em; }
.ws-answer details { margin-top: .5em; }
.ws-answer summary { cursor: pointer; font-weight: 600; }
.ws-answer .ws-source { border-left: 3px solid #d1d5db; padding-left: .6em; margin: .5em 0; }
.ws-answer .ws-meta { font-size: 0.9em; color: #4b5563; }
.ws-placeholder { max-width: 36em; text-align: left; color: #4b5563; }
.ws-placeholder p { margin: .4em 0; }
/* a table header never breaks inside a word ("For mat") */
#documents th .header, #speakers th .header { white-space: nowrap; overflow-wrap: normal; word-break: normal; }
"""


class WhoSaid:
    """What every browser session shares: the assistant over one index, and one upload at a time.

    Args:
        index_path: the index folder; None: the default one (built from the demo article on first run).
        top_k: citations per answer.
    """

    def __init__(self, index_path: str | os.PathLike | None = None, top_k: int = 5):
        self.index = qa.open_index(index_path)
        self.index.warm_up()
        self.assistant = qa.Assistant(self.index, top_k=top_k)
        self.upload_lock = threading.Lock()
        self.indexing: tuple[str, ...] = ()  # names of the files being indexed right now (any session)

    def ask(self, question: str, conv: qa.Conversation | None, speaker: str | None = None):
        """Answer in the session's conversation (a new one if None); returns (Answer, Conversation).

        While an upload is being indexed the answer comes from the documents indexed so far, and says
        so: waiting could take minutes and hold a chat worker, and an answer such as "no one by that
        name speaks" must not read as final while the upload may still bring that speaker.
        """
        conv = conv or self.assistant.conversation()
        pending = self.indexing
        self.assistant.refresh()
        try:
            answer = conv.ask(question, speaker=speaker)
        except Exception:
            # An upload committed while this question was being answered: follow it and try again.
            if not self.assistant.refresh():
                raise
            answer = conv.ask(question, speaker=speaker)
        if pending:
            note = (f"(Still indexing {', '.join(pending)}: this answer comes from the documents indexed before "
                    "it; ask again when the upload has finished.) ")
            answer.text, answer.lead = note + answer.text, note + answer.lead
        return answer, conv

    def upload(self, paths: list[str], progress=None, blocked_paths: Sequence[str] = ()) -> str:
        """Read, attribute and index uploaded files as "uploads/NAME"; returns a message for the user.

        Only files in Gradio's upload folder are read (see `received_upload`); `blocked_paths` are the
        app's `launch(blocked_paths=...)`.
        """
        if not paths:
            return "Choose one or more files: " + ", ".join(UPLOAD_TYPES)
        if not self.upload_lock.acquire(blocking=False):
            return "Another upload is being indexed right now: try again when it has finished."
        try:
            self.indexing = tuple(os.path.basename(p) for p in paths)
            docs, problems = [], []
            for i, path in enumerate(paths):
                if progress:
                    progress(0.3 * i / len(paths), desc=f"Reading {os.path.basename(path)}")
                try:
                    docs.extend(read_upload(received_upload(path, blocked_paths)))
                except ReadError as err:
                    problems.append(f"Not added: {os.path.basename(path)} {err.problem}; {err.hint}.")
                except Exception as err:  # noqa: BLE001 - a reader's bug must not stop the other files
                    log.exception("reading %s failed", path)
                    problems.append(f"Not added: {os.path.basename(path)} could not be read ({type(err).__name__}); "
                                    "check that it opens, or save its text as .txt.")
            if not docs:
                return "\n".join(problems + ["Nothing was indexed; the index is unchanged."])
            if progress:
                progress(0.3, desc=f"Attributing and indexing {len(docs)} document{'s' if len(docs) != 1 else ''}")
            try:
                with qa.Indexer(self.index.path, progress=progress is not None) as ix:
                    report = ix.add_documents(docs)
            except WhosaidError as err:
                return "\n".join(problems + [f"Nothing was indexed: {err}"])
            except Exception as err:  # noqa: BLE001 - the indexer rolled back: say so, keep the traceback in the log
                log.exception("indexing %s failed", [d.id for d in docs])
                return "\n".join(problems + [f"Nothing was indexed ({type(err).__name__}: {err}); "
                                              "the index is unchanged."])
            self.assistant.refresh()
        finally:
            self.indexing = ()
            self.upload_lock.release()
        names = ", ".join(d.id for d in docs)
        done = (f"Indexed {names}: {report.added} added, {report.changed} replaced, {report.unchanged} unchanged; "
                f"{report.statements} statements found. Ask about them now.")
        return "\n".join([done] + problems)

    # -- what the panels show ------------------------------------------------------------------------
    def documents(self) -> list[list[str]]:
        """Rows of the documents table: uploads first, newest at the top, then the rest by id."""
        docs = self.index.documents(newest_first=True)
        uploads = [d for d in docs if d.id.startswith("uploads/")]
        rest = sorted((d for d in docs if not d.id.startswith("uploads/")), key=lambda d: d.id)
        return [[d.id, d.title or "", d.date or ""] for d in uploads + rest]

    def speakers(self) -> list[list]:
        return [[name, n] for name, n in self.assistant.speakers.top(10_000)]

    def summary(self) -> str:
        s = self.index.stats()
        return " · ".join(f"{s[k]:,} {k if s[k] != 1 else k[:-1]}" for k in ("documents", "statements", "speakers"))

    def people(self, n: int) -> list[str]:
        """The `n` people with the most statements, by full name: the directory's persons with a first
        name and a surname (not an organisation, a country, a group, or a bare "Question" label)."""
        out = []
        for e in self.assistant.speakers.entries:  # most statements first
            words = e.name.split()
            if (e.kind == "person" and e.statements and len(name_key(e.name).split()) >= 2
                    and all(w[:1].isupper() for w in words)):
                out.append(e.name)
                if len(out) == n:
                    break
        return out

    def examples(self) -> list[str]:
        if any(d.id.rsplit("/", 1)[-1] == SEED_DOC for d in self.index.documents()):
            return SEED_EXAMPLES
        return [f"What did {name} say?" for name in self.people(3)]

    def placeholder(self) -> str:
        """What the empty chat shows: what is in the corpus and what to ask (HTML, corpus text escaped)."""
        who = self.people(1)
        example = f"What did {who[0]} say about …?" if who else "What did the president say about …?"
        return (f'<div class="ws-placeholder"><p><strong>Ask who said what</strong> in {esc(self.summary())}.</p>'
                f"<p>For example: <em>{esc_md(example)}</em> · <em>Who said …?</em> · "
                "<em>What was said about …?</em> · follow-ups such as <em>And about the economy?</em></p>"
                "<p>Answers quote the statements with their speaker and cite each source paragraph. "
                "Click a speaker on the right to see only their statements.</p></div>")


def received_upload(path: str | os.PathLike, blocked_paths: Sequence[str] = ()) -> str:
    """The real path of a file Gradio received into its upload folder; `ReadError` for any other path.

    Gradio itself refuses, before this app sees them, request paths that no user uploaded (its
    preprocessing checks them against the upload folder). This is the same rule, through Gradio's own
    functions (`get_upload_folder`: $GRADIO_TEMP_DIR or the system temp dir's "gradio"; `is_allowed_file`:
    symlinks resolved, `blocked_paths` first), applied again where the file is opened, so no code path
    (another front end, a Gradio change, a direct call) can make the app index a file of the server.
    """
    from gradio.utils import get_upload_folder, is_allowed_file

    name = os.path.basename(path)
    real = Path(path).resolve()  # symlinks included: the file that would actually be read
    allowed, _ = is_allowed_file(real, blocked_paths=list(blocked_paths), allowed_paths=[],
                                 created_paths=[get_upload_folder()])
    if not allowed or not real.is_file():
        raise ReadError(name, "was not received as an upload by this app, so it was not read",
                        "add documents with the upload box (or the /upload endpoint's file upload)")
    return str(real)


def read_upload(path: str) -> list:
    """One uploaded file as documents with ids "uploads/NAME"; `ReadError` for a file to refuse."""
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    if ext not in UPLOAD_TYPES:
        raise ReadError(name, f"has a type that cannot be uploaded ('{ext or 'no extension'}')",
                        f"upload one of {', '.join(UPLOAD_TYPES)}")
    size = os.path.getsize(path)
    if size > MAX_UPLOAD_MB * 2**20:
        raise ReadError(name, f"is too large ({size / 2**20:.1f} MB > {MAX_UPLOAD_MB} MB)",
                        "split it into smaller documents")
    return read_file(path, doc_id=f"uploads/{name}")


# -- rendering: every corpus or user string goes through esc() ------------------------------------
def esc(text: str) -> str:
    """Escaped for HTML, whitespace runs collapsed (the chatbot renders HTML, never Markdown)."""
    return re.sub(r"\s+", " ", html.escape(text or "", quote=True))


_MD_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "*_[]()`~$\\#|!{}+-"})


def esc_md(text: str) -> str:
    """Escaped for HTML that is also read as Markdown (the chat placeholder): no markup, no emphasis."""
    return esc(text).translate(_MD_SPECIAL)


def render_question(question: str) -> str:
    """The question as shown in the chat, clipped to the question limit (an API call can send more)."""
    shown = question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"
    return f'<div class="ws-question">{esc(shown)}</div>'


def render_answer(answer: Answer) -> str:
    """The answer as HTML: the lead sentence with speakers in bold, the quotes, then the Sources block."""
    cited = list(answer.citations) + list(answer.others)
    names = {c.speaker for c in cited if c.speaker} | ({answer.speaker} if answer.speaker else set())
    out = [f'<div class="ws-answer"><p>{_bold(answer.lead, names)}</p>']
    if answer.citations:
        main = close_count(answer.citations)
        out.append(_quotes(answer.citations[:main], 1, answer.speaker))
        if main < len(answer.citations):
            out.append("<p>Less closely related:</p>")
            out.append(_quotes(answer.citations[main:], main + 1, answer.speaker))
    if answer.others:
        out.append(f"<p>{esc(answer.others_heading or 'What others said:')}</p>")
        out.append(_quotes(answer.others, len(answer.citations) + 1, None))
    if cited:
        out.append(f"<details><summary>Sources ({len(cited)})</summary>")
        out += [_source(c, i) for i, c in enumerate(cited, 1)]
        out.append("</details>")
    out.append("</div>")
    return "".join(out)


def _bold(text: str, names) -> str:
    escaped = esc(text)
    if not names:
        return escaped
    pattern = "|".join(re.escape(esc(n)) for n in sorted(names, key=len, reverse=True))
    return re.sub(pattern, lambda m: f"<strong>{m.group()}</strong>", escaped)


def _ref(c: Citation) -> str:
    return f"{esc(c.title or c.doc_id)}, ¶{c.paragraph}"


def _quotes(citations: list[Citation], first: int, speaker: str | None) -> str:
    items = []
    for c in citations:
        who = "" if c.speaker and c.speaker == speaker else f"<strong>{esc(c.speaker or 'Unnamed source')}</strong>: "
        items.append(f'<li>{who}{esc(quote_parts(c))} <span class="ws-ref">— {_ref(c)}</span></li>')
    return f'<ol start="{first}">{"".join(items)}</ol>'


def _source(c: Citation, i: int) -> str:
    who = esc(c.speaker or "Unnamed source")
    return (f'<div class="ws-source"><div class="ws-meta">[{i}] <strong>{who}</strong> · {_ref(c)} · '
            f'{esc(c.doc_id)}</div><p>{highlight(c)}</p></div>')


def highlight(c: Citation) -> str:
    """The cited paragraph, escaped, with each statement span of the citation in <mark>."""
    text, base = (c.paragraph_text, c.par_start) if c.paragraph_text and c.par_start is not None else (c.quote, c.start)
    out, pos = [], 0
    for a, b in sorted((max(a - base, 0), min(b - base, len(text))) for a, b in (c.parts or ((c.start, c.end),))):
        a = max(a, pos)
        if b <= a:
            continue
        out += [esc(text[pos:a]), "<mark>", esc(text[a:b]), "</mark>"]
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def answer_json(answer: Answer) -> dict:
    """The answer for API clients: `Answer.to_json` with each citation's paragraph, title and quote."""
    out = answer.to_json()
    out["citations"] = [{**c.to_json(), "paragraph": c.paragraph, "title": c.title, "quote": quote_parts(c)}
                        for c in answer.citations]
    return out


# -- the UI ---------------------------------------------------------------------------------------
def build_app(index_path: str | os.PathLike | None = None, concurrency: int = 2, top_k: int = 5) -> gr.Blocks:
    """The Gradio app over the index at `index_path` (see `WhoSaid`); launch it with `launch()`."""
    ws = WhoSaid(index_path, top_k=top_k)

    def respond(message: str, history: list, speaker: str | None, conv):
        """Answer `message` (only statements by `speaker`, unless "All speakers"); returns the chat and the answer."""
        history = list(history or [])
        if not (message or "").strip():
            return history, None, conv
        try:
            answer, conv = ws.ask(message, conv, None if speaker in (None, "", ALL_SPEAKERS) else speaker)
            reply, data = render_answer(answer), answer_json(answer)
        except Exception as err:  # noqa: BLE001 - the user sees a message, the log the traceback
            log.exception("answering %r failed", message[:200])
            reply, data = f"<p>Sorry, this question could not be answered ({esc(type(err).__name__)}).</p>", None
        history += [{"role": "user", "content": render_question(message)},
                    {"role": "assistant", "content": reply}]
        return history, data, conv

    def upload(files, progress=gr.Progress(track_tqdm=True)):
        """Index the uploaded files; first says what is being indexed (status and the summary line)."""
        paths = list(files or [])
        if paths:
            names = ", ".join(os.path.basename(p) for p in paths)
            yield (f"Indexing {names} … Questions asked meanwhile are answered from the documents already indexed.",
                   gr.skip(), gr.skip(), gr.skip(), gr.skip(), f"{ws.summary()} · indexing {names} …")
        yield (ws.upload(paths, progress, blocked_paths=demo.blocked_paths), None) + panels()

    def panels():
        names = [ALL_SPEAKERS] + [row[0] for row in ws.speakers()]
        return ws.documents(), ws.speakers(), gr.Dropdown(choices=names), ws.summary()

    def first_load():
        return panels() + (gr.Chatbot(placeholder=ws.placeholder()),)

    def pick_speaker(evt: gr.SelectData):
        return evt.row_value[0] if evt.row_value else ALL_SPEAKERS

    with gr.Blocks(title="whosaid", analytics_enabled=False) as demo:
        gr.Markdown("## whosaid — who said what, with exact citations")
        summary = gr.Markdown(ws.summary(), elem_id="summary")
        conv = gr.State(None)  # this session's qa.Conversation (follow-ups); None until the first question
        with gr.Row():
            with gr.Column(scale=3):
                # HTML in, no Markdown or LaTeX: render_answer() escapes everything from the corpus.
                chatbot = gr.Chatbot(label="Chat", show_label=False, height=560, render_markdown=False,
                                     sanitize_html=True, allow_tags=False, latex_delimiters=[], elem_id="chat",
                                     placeholder=ws.placeholder())
                with gr.Row():
                    msg = gr.Textbox(placeholder=f"Ask who said what (up to {MAX_QUESTION_CHARS:,} characters)",
                                     max_length=MAX_QUESTION_CHARS, show_label=False, scale=5, elem_id="question")
                    ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                with gr.Row():
                    speaker = gr.Dropdown([ALL_SPEAKERS] + [r[0] for r in ws.speakers()], value=ALL_SPEAKERS,
                                          label="Only statements by", allow_custom_value=True, scale=3,
                                          elem_id="speaker")
                    clear_btn = gr.Button("Clear chat", scale=1, elem_id="clear")
                gr.Examples(ws.examples(), inputs=msg, label="Try")
                answer_data = gr.JSON(visible=False, label="answer")
            with gr.Column(scale=2):
                with gr.Tab("Speakers"):
                    # fixed shares and wrapping: a long name wraps instead of pushing the count out of view
                    speakers_df = gr.Dataframe(ws.speakers(), headers=["Speaker", "Statements"], interactive=False,
                                               wrap=True, column_widths=["72%", "28%"], show_search="search",
                                               label="Who speaks in the corpus (click one to filter)",
                                               elem_id="speakers")
                with gr.Tab("Documents"):
                    # no Format column: the id's extension says it, and a fourth column is too narrow to read
                    docs_df = gr.Dataframe(ws.documents(), headers=["Id", "Title", "Date"], wrap=True,
                                           column_widths=["30%", "42%", "28%"], interactive=False,
                                           show_search="search", label="Indexed documents (uploads first)",
                                           elem_id="documents")
                    files = gr.File(label=f"Add documents ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_MB} MB each)",
                                    file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="upload")
                    status = gr.Textbox(label="Upload", interactive=False, lines=2, elem_id="upload-status")

        chat_io: dict[str, Any] = dict(fn=respond, inputs=[msg, chatbot, speaker, conv],
                                       outputs=[chatbot, answer_data, conv], concurrency_limit=concurrency,
                                       concurrency_id="chat")
        msg.submit(**chat_io, api_name="ask").then(lambda: "", None, msg, api_visibility="private")
        ask_btn.click(**chat_io, api_visibility="private").then(lambda: "", None, msg, api_visibility="private")
        # Clear chat starts over: the conversation, and the speaker filter back to everyone.
        clear_btn.click(lambda: ([], None, None, ALL_SPEAKERS), None, [chatbot, answer_data, conv, speaker],
                        api_name="clear")
        chatbot.clear(lambda: (None, ALL_SPEAKERS), None, [conv, speaker], api_visibility="private")
        files.upload(upload, files, [status, files, docs_df, speakers_df, speaker, summary], api_name="upload",
                     show_progress_on=status)
        speakers_df.select(pick_speaker, None, speaker, api_visibility="private")
        demo.load(first_load, None, [docs_df, speakers_df, speaker, summary, chatbot], api_visibility="private")
    demo.queue(default_concurrency_limit=concurrency, max_size=64)
    return demo


def launch(demo: gr.Blocks, host: str | None = None, port: int | None = None, share: bool = False,
           auth: tuple[str, str] | None = None, **kwargs):
    """Serve the app (with its CSS, upload size limit and optional login)."""
    return demo.launch(server_name=host, server_port=port, share=share, auth=auth, css=CSS,
                       max_file_size=f"{MAX_UPLOAD_MB}mb", footer_links=["api"], **kwargs)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """"user:pass" -> ("user", "pass"); None or "" -> no login."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise ValueError("--auth (or WHOSAID_AUTH) must look like USER:PASSWORD")
    return user, password


def main(argv=None):
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    on_space = bool(os.environ.get("SPACE_ID"))
    p = argparse.ArgumentParser(description="whosaid web app: ask who said what, with citations.")
    p.add_argument("--index", type=Path, default=None,
                   help="index folder (default: $WHOSAID_INDEX or ~/.local/share/whosaid/index, built from the "
                        "demo article on first run)")
    p.add_argument("--share", action="store_true", help="also serve on a public gradio.live link")
    p.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME") or ("0.0.0.0" if on_space else "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", 7860)))
    p.add_argument("--auth", default=os.environ.get("WHOSAID_AUTH"),
                   help="USER:PASSWORD to require a login (default: $WHOSAID_AUTH)")
    p.add_argument("--concurrency", type=int, default=2, help="questions answered at once (default: 2)")
    args = p.parse_args(argv)
    try:
        auth = parse_auth(args.auth)
    except ValueError as err:
        p.error(str(err))
    from qa import paths
    from qa.index import DB_NAME

    if args.index is None and not (paths.default_index() / DB_NAME).exists():
        print(f"First run: indexing the demo article into {paths.default_index()} ...", flush=True)
    try:
        demo = build_app(args.index, concurrency=args.concurrency)
    except (WhosaidError, ReadError) as err:
        p.exit(2, f"error: {err}\n")
    launch(demo, host=args.host, port=args.port, share=args.share, auth=auth)


if __name__ == "__main__":
    main()
