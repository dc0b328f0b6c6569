"""whosaid's web app: a chat over the index that quotes who said what, with sources.

    python app.py [--index IDX] [--share] [--host HOST] [--port PORT] [--auth USER:PASS] [--concurrency N]

Also a Hugging Face Space's entry point (`app.py` + `requirements.txt`). It stays thin: questions go
to `qa.Assistant` and uploads to `qa.Indexer`, as in the `qa` CLI. Everything that comes from the
corpus or from a user is HTML-escaped here, and the chatbot renders (sanitized) HTML without
Markdown or LaTeX, so a document cannot put markup, links or script into the page.

It is longer than 500 lines (the chat, the timeline tab and the citation download): all three render
corpus text through the one `esc()` here, whose use the injection tests check in one module, and
their components are wired together in `build_app` (a speaker list the upload refreshes feeds both tabs).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import html
import logging
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr

import qa
from corpus.metadata import clean_url
from corpus.readers import ReadError, read_file
from qa.assistant import close_count
from qa.citations import display_date, paragraph_ref, quote_parts
from qa.errors import WhosaidError
from qa.export import Row, write_rows
from qa.questions import MAX_QUESTION_CHARS
from qa.records import Answer, Citation
from qa.speakers import name_key
from qa.timefilter import window_from_bounds
from qa.timeline import Timeline, build_timeline

log = logging.getLogger("whosaid.app")

UPLOAD_TYPES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
MAX_UPLOAD_MB = 20
ALL_SPEAKERS = "All speakers"
ORDERS = {"Relevance": None, "Oldest first": "date", "Newest first": "newest"}
MAX_EXPORT_FILES = 200  # answer downloads kept on disk (the oldest are removed)
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
.ws-answer .ws-date, .ws-point .ws-date { font-weight: 600; }
.ws-point { border-left: 3px solid #d1d5db; padding-left: .6em; }
.ws-point mark { background: #fde68a; color: inherit; }
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

    def ask(self, question: str, conv: qa.Conversation | None, speaker: str | None = None, window=None,
            order: str | None = None):
        """Answer in the session's conversation (a new one if None); returns (Answer, Conversation).
        `window` (`qa.timefilter.window_from_bounds`) and `order` are the date filter and order.

        While an upload is being indexed the answer comes from the documents indexed so far, and says
        so: waiting could take minutes and hold a chat worker, and an answer such as "no one by that
        name speaks" must not read as final while the upload may still bring that speaker.
        """
        conv = conv or self.assistant.conversation()
        pending = self.indexing
        self.assistant.refresh()
        try:
            answer = conv.ask(question, speaker=speaker, window=window, order=order)
        except Exception:
            # An upload committed while this question was being answered: follow it and try again.
            if not self.assistant.refresh():
                raise
            answer = conv.ask(question, speaker=speaker, window=window, order=order)
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

    def timeline(self, speaker: str, topic: str, window=None) -> Timeline:
        """The speaker's statements on the topic over time (`qa.timeline`)."""
        return build_timeline(self.assistant, speaker, topic, window)

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
    when = display_date(c.date)
    return f"{esc(c.title or c.doc_id)}{', ' + esc(when) if when else ''}, {paragraph_ref(c)}"


def link(url: str | None, label: str = "original page") -> str:
    """A link to the original page, or "" for no URL or one that is not an absolute http(s) URL (a document
    could carry `javascript:`). The URL is escaped as an attribute; the page opens in a new tab, without access
    to this one."""
    url = clean_url(url)
    if not url:
        return ""
    return f'<a class="ws-link" href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">' \
           f"{esc(label)}</a>"


def _quotes(citations: list[Citation], first: int, speaker: str | None) -> str:
    items = []
    for c in citations:
        who = "" if c.speaker and c.speaker == speaker else f"<strong>{esc(c.speaker or 'Unnamed source')}</strong>: "
        items.append(f'<li>{who}{esc(quote_parts(c))} <span class="ws-ref">— {_ref(c)}</span></li>')
    return f'<ol start="{first}">{"".join(items)}</ol>'


def _source(c: Citation, i: int) -> str:
    who = esc(c.speaker or "Unnamed source")
    when = display_date(c.date)
    date = f'<span class="ws-date">{esc(when)}</span> · ' if when else ""
    site = f" · {esc(c.site)}" if c.site else ""
    original = link(c.url)
    return (f'<div class="ws-source"><div class="ws-meta">[{i}] <strong>{who}</strong> · {date}'
            f'{esc(c.title or c.doc_id)}, {paragraph_ref(c)}{site} · {esc(c.doc_id)}'
            f'{" · " + original if original else ""}</div><p>{highlight(c)}</p></div>')


def highlight(c: Citation) -> str:
    """The cited paragraph (or passage), escaped, with each statement span of the citation in <mark>."""
    text, base = (c.paragraph_text, c.par_start) if c.paragraph_text and c.par_start is not None else (c.quote, c.start)
    out, pos = [], 0
    for a, b in sorted((max(a - base, 0), min(b - base, len(text))) for a, b in (c.parts or ((c.start, c.end),))):
        a = max(a, pos)
        if b <= a:
            continue
        out += [_esc_passage(text[pos:a]), "<mark>", _esc_passage(text[a:b]), "</mark>"]
        pos = b
    out.append(_esc_passage(text[pos:]))
    return "".join(out)


def _esc_passage(text: str) -> str:
    """`esc`, with a passage's paragraph breaks kept as line breaks."""
    return "<br><br>".join(esc(p) for p in re.split(r"\n\s*\n", text))


def answer_json(answer: Answer) -> dict:
    """The answer for API clients: `Answer.to_json` with each citation's paragraph, title and quote."""
    out = answer.to_json()
    out["citations"] = [{**c.to_json(), "paragraph": c.paragraph,
                         "last_paragraph": c.last_paragraph if c.last_paragraph is not None else c.paragraph,
                         "title": c.title, "quote": quote_parts(c), "kind": c.kind} for c in answer.citations]
    return out


def answer_rows(data: dict | None) -> list[Row]:
    """The citations of an answer (`answer_json`) as export rows."""
    return [Row(c.get("speaker"), c.get("date"), c["doc"], c.get("title"), c.get("paragraph", 0), c["start"], c["end"],
                c.get("kind"), c.get("text", ""), c.get("url")) for c in (data or {}).get("citations") or []]


def export_file(data: dict | None, folder: str | os.PathLike) -> str | None:
    """An answer's citations as a CSV file in `folder` (formula-safe, `qa.export`), or None when it cites nothing.
    The folder keeps the newest `MAX_EXPORT_FILES` files."""
    rows = answer_rows(data)
    if not rows:
        return None
    import io

    buf = io.StringIO()
    write_rows(rows, "csv", buf)
    content = buf.getvalue()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"whosaid-citations-{hashlib.blake2b(content.encode(), digest_size=6).hexdigest()}.csv"
    path.write_text(content, encoding="utf-8", newline="")
    old = sorted(folder.glob("whosaid-citations-*.csv"), key=lambda p: p.stat().st_mtime)
    for p in old[:-MAX_EXPORT_FILES]:
        p.unlink(missing_ok=True)
    return str(path)


# -- the timeline ---------------------------------------------------------------------------------
def timeline_frame(tl: Timeline):
    """The chart's data: one row per statement (its date, relevance score and source for the tooltip)."""
    import pandas as pd

    rows = [{"date": pd.Timestamp(_first_day(c.date or "")), "relevance": round(float(c.score), 3), "n": i,
             "title": (c.title or c.doc_id)[:80], "when": display_date(c.date)}
            for i, c in enumerate(tl.points, 1)]
    return pd.DataFrame(rows, columns=["date", "relevance", "n", "title", "when"])


def timeline_table(tl: Timeline, numbers: list[int] | None = None) -> list[list]:
    """Rows of the timeline's list: number, date, title, the quote (shortened)."""
    shown = numbers if numbers is not None else range(1, len(tl.points) + 1)
    out = []
    for n in shown:
        c = tl.points[n - 1]
        quote = quote_parts(c)
        out.append([n, display_date(c.date), c.title or c.doc_id, quote if len(quote) <= 160 else quote[:159] + "…"])
    return out


def render_point(c: Citation, n: int) -> str:
    """One statement of the timeline as HTML: date, speaker, source with a link, the paragraph highlighted."""
    original = link(c.url)
    return (f'<div class="ws-point"><div class="ws-meta">[{n}] <span class="ws-date">{esc(display_date(c.date))}</span>'
            f' · <strong>{esc(c.speaker or "Unnamed source")}</strong> · {esc(c.title or c.doc_id)}, {paragraph_ref(c)}'
            f' · {esc(c.doc_id)}{" · " + original if original else ""}</div><p>{highlight(c)}</p></div>')


def _first_day(iso: str) -> str:
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def in_range(tl: Timeline, lo: float, hi: float) -> list[int]:
    """Numbers of the points whose date lies in [lo, hi] (seconds since the epoch, as the chart's brush gives)."""
    out = []
    for i, c in enumerate(tl.points, 1):
        t = _dt.datetime.fromisoformat(_first_day(c.date or "")).replace(tzinfo=_dt.timezone.utc).timestamp()
        if lo - 43200 <= t <= hi + 43200:  # half a day either side: the brush snaps to the pixel
            out.append(i)
    return out


# -- the UI ---------------------------------------------------------------------------------------
def build_app(index_path: str | os.PathLike | None = None, concurrency: int = 2, top_k: int = 5) -> gr.Blocks:
    """The Gradio app over the index at `index_path` (see `WhoSaid`); launch it with `launch()`."""
    ws = WhoSaid(index_path, top_k=top_k)
    exports = tempfile.mkdtemp(prefix="whosaid-exports-")

    def respond(message: str, history: list, speaker: str | None, conv, date_from: str = "", date_to: str = "",
                order: str = "Relevance"):
        """Answer `message` (only statements by `speaker`, unless "All speakers"; only documents dated from
        `date_from` to `date_to`; in `order`); returns the chat and the answer."""
        history = list(history or [])
        if not (message or "").strip():
            return history, None, conv
        try:
            window = window_from_bounds(date_from, date_to, start_label="From", end_label="To")
        except ValueError as err:  # the filter, not the question: say what to fix, answer nothing
            history += [{"role": "user", "content": render_question(message)},
                        {"role": "assistant", "content": f'<div class="ws-answer"><p>{esc(str(err))}</p></div>'}]
            return history, None, conv
        try:
            answer, conv = ws.ask(message, conv, None if speaker in (None, "", ALL_SPEAKERS) else speaker,
                                  window=window, order=ORDERS.get(order))
            reply, data = render_answer(answer), answer_json(answer)
        except Exception as err:  # noqa: BLE001 - the user sees a message, the log the traceback
            log.exception("answering %r failed", message[:200])
            reply, data = f"<p>Sorry, this question could not be answered ({esc(type(err).__name__)}).</p>", None
        history += [{"role": "user", "content": render_question(message)},
                    {"role": "assistant", "content": reply}]
        return history, data, conv

    def download(data):
        path = export_file(data, exports)
        return gr.DownloadButton(value=path, visible=path is not None)

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

    def timeline_speakers():
        return gr.Dropdown(choices=[row[0] for row in ws.speakers()])

    def first_load():
        return panels() + (timeline_speakers(), gr.Chatbot(placeholder=ws.placeholder()))

    def pick_speaker(evt: gr.SelectData):
        return evt.row_value[0] if evt.row_value else ALL_SPEAKERS

    def show_timeline(who: str, topic: str, date_from: str, date_to: str):
        """Chart, list and heading of `who`'s statements on `topic`; the first statement opened."""
        if not (who or "").strip():
            return None, [], "<p>Choose a speaker.</p>", "", None
        try:
            window = window_from_bounds(date_from, date_to, start_label="From", end_label="To")
        except ValueError as err:
            return None, [], f"<p>{esc(str(err))}</p>", "", None
        tl = ws.timeline(who, topic or "", window)
        head = f'<p class="ws-timeline-head">{esc(tl.heading())}</p>'
        if not tl.points:
            return None, [], head, "", tl
        return timeline_frame(tl), timeline_table(tl), head, render_point(tl.points[0], 1), tl

    def select_range(tl: Timeline | None, evt: gr.SelectData):
        """A range dragged on the chart: its statements in the list, the first one opened."""
        if tl is None or not tl.points or not isinstance(evt.index, (list, tuple)) or len(evt.index) != 2:
            return gr.skip(), gr.skip()
        numbers = in_range(tl, float(evt.index[0]), float(evt.index[1]))
        if not numbers:
            return [], "<p>No statement in the range selected.</p>"
        return timeline_table(tl, numbers), render_point(tl.points[numbers[0] - 1], numbers[0])

    def select_row(tl: Timeline | None, evt: gr.SelectData):
        """A statement clicked in the list: open it."""
        if tl is None or not evt.row_value:
            return gr.skip()
        n = int(evt.row_value[0])
        return render_point(tl.points[n - 1], n) if 1 <= n <= len(tl.points) else gr.skip()

    with gr.Blocks(title="whosaid", analytics_enabled=False) as demo:
        gr.Markdown("## whosaid — who said what, with exact citations")
        summary = gr.Markdown(ws.summary(), elem_id="summary")
        conv = gr.State(None)  # this session's qa.Conversation (follow-ups); None until the first question
        timeline_state = gr.State(None)  # this session's last qa.timeline.Timeline
        with gr.Tab("Chat", elem_id="tab-chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    # HTML in, no Markdown or LaTeX: render_answer() escapes everything from the corpus.
                    chatbot = gr.Chatbot(label="Chat", show_label=False, height=560, render_markdown=False,
                                         sanitize_html=True, allow_tags=False, latex_delimiters=[], elem_id="chat",
                                         placeholder=ws.placeholder())
                    with gr.Row():
                        msg = gr.Textbox(placeholder=f"Ask who said what (up to {MAX_QUESTION_CHARS:,} characters)",
                                         max_length=MAX_QUESTION_CHARS, show_label=False, scale=5,
                                         elem_id="question")
                        ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    with gr.Row():
                        speaker = gr.Dropdown([ALL_SPEAKERS] + [r[0] for r in ws.speakers()], value=ALL_SPEAKERS,
                                              label="Only statements by", allow_custom_value=True, scale=3,
                                              elem_id="speaker")
                        date_from = gr.Textbox("", label="From", placeholder="e.g. 2013", max_lines=1, max_length=40,
                                               scale=1, elem_id="date-from")
                        date_to = gr.Textbox("", label="To", placeholder="e.g. 2014-06", max_lines=1, max_length=40,
                                             scale=1, elem_id="date-to")
                        order = gr.Radio(list(ORDERS), value="Relevance", label="Order", scale=2, elem_id="order")
                    with gr.Row():
                        clear_btn = gr.Button("Clear chat", scale=1, elem_id="clear")
                        export_btn = gr.DownloadButton("Download citations (CSV)", visible=False, scale=1,
                                                       elem_id="download")
                    gr.Examples(ws.examples(), inputs=msg, label="Try")
                    answer_data = gr.JSON(visible=False, label="answer")
                with gr.Column(scale=2):
                    with gr.Tab("Speakers"):
                        # fixed shares and wrapping: a long name wraps instead of pushing the count out of view
                        speakers_df = gr.Dataframe(ws.speakers(), headers=["Speaker", "Statements"],
                                                   interactive=False, wrap=True, column_widths=["72%", "28%"],
                                                   show_search="search",
                                                   label="Who speaks in the corpus (click one to filter)",
                                                   elem_id="speakers")
                    with gr.Tab("Documents"):
                        # no Format column: the id's extension says it, and a fourth column is too narrow to read
                        docs_df = gr.Dataframe(ws.documents(), headers=["Id", "Title", "Date"], wrap=True,
                                               column_widths=["30%", "42%", "28%"], interactive=False,
                                               show_search="search", label="Indexed documents (uploads first)",
                                               elem_id="documents")
                        files = gr.File(label=f"Add documents ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_MB} MB "
                                              "each)", file_count="multiple", file_types=list(UPLOAD_TYPES),
                                        elem_id="upload")
                        status = gr.Textbox(label="Upload", interactive=False, lines=2, elem_id="upload-status")
        with gr.Tab("Timeline", elem_id="tab-timeline"):
            with gr.Row():
                tl_speaker = gr.Dropdown([r[0] for r in ws.speakers()], value=None, label="Speaker",
                                         allow_custom_value=True, scale=3, elem_id="tl-speaker")
                tl_topic = gr.Textbox(label="Topic", placeholder="e.g. gas", max_lines=1, max_length=200, scale=3,
                                      elem_id="tl-topic")
                tl_from = gr.Textbox(label="From", placeholder="e.g. 2010", max_lines=1, max_length=40, scale=1,
                                     elem_id="tl-from")
                tl_to = gr.Textbox(label="To", max_lines=1, max_length=40, scale=1, elem_id="tl-to")
                tl_btn = gr.Button("Show", variant="primary", scale=1, elem_id="tl-show")
            tl_head = gr.HTML(elem_id="tl-head")
            tl_plot = gr.ScatterPlot(x="date", y="relevance", tooltip=["when", "title", "n"], height=320,
                                     x_title="date", y_title="relevance to the topic", elem_id="tl-plot",
                                     label="Statements over time (drag across points to list them)")
            with gr.Row():
                tl_table = gr.Dataframe(headers=["#", "Date", "Title", "Quote"], interactive=False, wrap=True,
                                        column_widths=["6%", "16%", "30%", "48%"], elem_id="tl-table",
                                        label="Statements (click one to open it)", scale=3)
                tl_point = gr.HTML(elem_id="tl-point", elem_classes=["ws-answer"])

        chat_io: dict[str, Any] = dict(fn=respond, inputs=[msg, chatbot, speaker, conv, date_from, date_to, order],
                                       outputs=[chatbot, answer_data, conv], concurrency_limit=concurrency,
                                       concurrency_id="chat")
        msg.submit(**chat_io, api_name="ask").then(lambda: "", None, msg, api_visibility="private") \
            .then(download, answer_data, export_btn, api_visibility="private")
        ask_btn.click(**chat_io, api_visibility="private").then(lambda: "", None, msg, api_visibility="private") \
            .then(download, answer_data, export_btn, api_visibility="private")
        # Clear chat starts over: the conversation, and the speaker and date filters back to everyone, any date.
        clear_btn.click(lambda: ([], None, None, ALL_SPEAKERS), None, [chatbot, answer_data, conv, speaker],
                        api_name="clear") \
            .then(lambda: ("", "", gr.DownloadButton(value=None, visible=False)), None, [date_from, date_to, export_btn],
                  api_visibility="private")
        chatbot.clear(lambda: (None, ALL_SPEAKERS), None, [conv, speaker], api_visibility="private")
        files.upload(upload, files, [status, files, docs_df, speakers_df, speaker, summary], api_name="upload",
                     show_progress_on=status).then(timeline_speakers, None, tl_speaker, api_visibility="private")
        speakers_df.select(pick_speaker, None, speaker, api_visibility="private")
        tl_io: dict[str, Any] = dict(fn=show_timeline, inputs=[tl_speaker, tl_topic, tl_from, tl_to],
                                     outputs=[tl_plot, tl_table, tl_head, tl_point, timeline_state],
                                     concurrency_limit=concurrency, concurrency_id="chat")
        tl_btn.click(**tl_io, api_name="timeline")
        tl_topic.submit(**tl_io, api_visibility="private")
        tl_plot.select(select_range, timeline_state, [tl_table, tl_point], api_visibility="private")
        tl_table.select(select_row, timeline_state, tl_point, api_visibility="private")
        demo.load(first_load, None, [docs_df, speakers_df, speaker, summary, tl_speaker, chatbot],
                  api_visibility="private")
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
    except WhosaidError as err:  # a ReadError too
        p.exit(2, f"error: {err}\n")
    launch(demo, host=args.host, port=args.port, share=args.share, auth=auth)


if __name__ == "__main__":
    main()
