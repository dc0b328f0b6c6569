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
from pathlib import Path

import gradio as gr

import qa
from corpus.readers import ReadError, read_file
from qa.assistant import close_count
from qa.citations import quote_parts
from qa.errors import WhosaidError
from qa.records import Answer, Citation

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

    def ask(self, question: str, conv: qa.Conversation | None, speaker: str | None = None):
        """Answer in the session's conversation (a new one if None); returns (Answer, Conversation)."""
        conv = conv or self.assistant.conversation()
        self.assistant.refresh()
        try:
            return conv.ask(question, speaker=speaker), conv
        except Exception:
            # An upload committed while this question was being answered: follow it and try again.
            if not self.assistant.refresh():
                raise
            return conv.ask(question, speaker=speaker), conv

    def upload(self, paths: list[str], progress=None) -> str:
        """Read, attribute and index uploaded files as "uploads/NAME"; returns a message for the user."""
        if not paths:
            return "Choose one or more files: " + ", ".join(UPLOAD_TYPES)
        if not self.upload_lock.acquire(blocking=False):
            return "Another upload is being indexed right now: try again when it has finished."
        try:
            docs, problems = [], []
            for i, path in enumerate(paths):
                if progress:
                    progress(0.3 * i / len(paths), desc=f"Reading {os.path.basename(path)}")
                try:
                    docs.extend(read_upload(path))
                except ReadError as err:
                    problems.append(f"Not added: {os.path.basename(path)} {err.problem}; {err.hint}.")
                except Exception as err:  # noqa: BLE001 - a reader's bug must not stop the other files
                    log.exception("reading %s failed", path)
                    problems.append(f"Not added: {os.path.basename(path)} could not be read ({type(err).__name__}); "
                                    "check that it opens, or save its text as .txt.")
            if not docs:
                return "\n".join(problems + ["Nothing was indexed; the index is unchanged."])
            if progress:
                progress(0.3, desc="Attributing and indexing")
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
            self.upload_lock.release()
        names = ", ".join(d.id for d in docs)
        done = (f"Indexed {names}: {report.added} added, {report.changed} replaced, {report.unchanged} unchanged; "
                f"{report.statements} statements found. Ask about them now.")
        return "\n".join([done] + problems)

    # -- what the panels show ------------------------------------------------------------------------
    def documents(self) -> list[list[str]]:
        return [[d.id, d.title or "", d.date or "", d.format or ""] for d in self.index.documents()]

    def speakers(self) -> list[list]:
        return [[name, n] for name, n in self.assistant.speakers.top(10_000)]

    def summary(self) -> str:
        s = self.index.stats()
        return " · ".join(f"{s[k]} {k if s[k] != 1 else k[:-1]}" for k in ("documents", "statements", "speakers"))

    def examples(self) -> list[str]:
        if any(d.id.rsplit("/", 1)[-1] == SEED_DOC for d in self.index.documents()):
            return SEED_EXAMPLES
        return [f"What did {name} say?" for name, _ in self.assistant.speakers.top(3)]


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


def render_question(question: str) -> str:
    return f'<div class="ws-question">{esc(question)}</div>'


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
            log.exception("answering %r failed", message)
            reply, data = f"<p>Sorry, this question could not be answered ({esc(type(err).__name__)}).</p>", None
        history += [{"role": "user", "content": render_question(message)},
                    {"role": "assistant", "content": reply}]
        return history, data, conv

    def upload(files, progress=gr.Progress(track_tqdm=True)):
        return (ws.upload(list(files or []), progress), None) + panels()

    def panels():
        names = [ALL_SPEAKERS] + [row[0] for row in ws.speakers()]
        return ws.documents(), ws.speakers(), gr.Dropdown(choices=names), ws.summary()

    def pick_speaker(evt: gr.SelectData):
        return evt.row_value[0] if evt.row_value else ALL_SPEAKERS

    with gr.Blocks(title="whosaid", analytics_enabled=False) as demo:
        gr.Markdown("## whosaid — who said what, with exact citations")
        summary = gr.Markdown(ws.summary())
        conv = gr.State(None)  # this session's qa.Conversation (follow-ups); None until the first question
        with gr.Row():
            with gr.Column(scale=3):
                # HTML in, no Markdown or LaTeX: render_answer() escapes everything from the corpus.
                chatbot = gr.Chatbot(label="Chat", show_label=False, height=600, render_markdown=False,
                                     sanitize_html=True, allow_tags=False, latex_delimiters=[], elem_id="chat")
                with gr.Row():
                    msg = gr.Textbox(placeholder="Ask who said what, e.g. What did he say about NATO?",
                                     show_label=False, scale=5, elem_id="question")
                    ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                with gr.Row():
                    speaker = gr.Dropdown([ALL_SPEAKERS] + [r[0] for r in ws.speakers()], value=ALL_SPEAKERS,
                                          label="Only statements by", allow_custom_value=True, scale=3)
                    clear_btn = gr.Button("Clear chat", scale=1, elem_id="clear")
                gr.Examples(ws.examples(), inputs=msg, label="Try")
                answer_data = gr.JSON(visible=False, label="answer")
            with gr.Column(scale=2):
                with gr.Tab("Speakers"):
                    speakers_df = gr.Dataframe(ws.speakers(), headers=["Speaker", "Statements"], interactive=False,
                                               label="Who speaks in the corpus (click one to filter)")
                with gr.Tab("Documents"):
                    docs_df = gr.Dataframe(ws.documents(), headers=["Id", "Title", "Date", "Format"], wrap=True,
                                           column_widths=["30%", "44%", "16%", "10%"], interactive=False,
                                           label="Indexed documents", elem_id="documents")
                    files = gr.File(label=f"Add documents ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_MB} MB each)",
                                    file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="upload")
                    status = gr.Textbox(label="Upload", interactive=False, lines=2)

        chat_io = dict(fn=respond, inputs=[msg, chatbot, speaker, conv], outputs=[chatbot, answer_data, conv],
                       concurrency_limit=concurrency, concurrency_id="chat")
        msg.submit(**chat_io, api_name="ask").then(lambda: "", None, msg, api_visibility="private")
        ask_btn.click(**chat_io, api_visibility="private").then(lambda: "", None, msg, api_visibility="private")
        clear_btn.click(lambda: ([], None, None), None, [chatbot, answer_data, conv], api_name="clear")
        chatbot.clear(lambda: None, None, conv, api_visibility="private")
        files.upload(upload, files, [status, files, docs_df, speakers_df, speaker, summary], api_name="upload",
                     show_progress_on=status)
        speakers_df.select(pick_speaker, None, speaker, api_visibility="private")
        demo.load(panels, None, [docs_df, speakers_df, speaker, summary], api_visibility="private")
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
