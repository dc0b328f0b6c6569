"""The `qa` command line: index a folder, ask questions, chat, attribute files.

Plain text for people, `--json` for machines (the contracts in ../shared/eval/README.md).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from qa import paths
from qa.errors import WhosaidError

MAX_WARNINGS = 20  # metadata warnings printed by `qa index` (the rest are counted)
INDEX_HELP = "index folder (default: $WHOSAID_INDEX or ~/.local/share/whosaid/index, built from the demo article)"


def _index_option(f):
    return click.option("--index", "index_path", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help=INDEX_HELP)(f)


def _fail(message: str, code: int = 2):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def open_index(index_path: Path | None, encoder: str | None = None):
    """Open the given index, or the default one (built from the demo article on first use)."""
    from qa.index import DB_NAME
    from qa.indexer import open_index as _open

    if index_path is None and not (paths.default_index() / DB_NAME).exists():
        click.echo(f"First run: indexing the demo article into {paths.default_index()} ...", err=True)
    index = _open(index_path, encoder=encoder)
    index.open_store()  # a store that cannot be reached fails here, with its message, not mid-answer
    return index


def _demo_note(index_path: Path, folder: Path) -> str | None:
    """A note when documents go into the default index that still holds the demo article a first `ask` put
    there: its speaker answers questions about "the President" too, which a user who never asked for it
    would not expect. Nothing is removed; the note says how to keep one's documents apart."""
    import sqlite3

    from qa.index import DB_NAME, connect

    seed = paths.seed_folder()
    if index_path != paths.default_index() or folder.resolve() == seed:
        return None
    con = connect(index_path / DB_NAME)
    try:
        n = con.execute("SELECT COUNT(*) FROM files WHERE folder = ?", (str(seed),)).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()
    if not n:
        return None
    return (f"note: the default index {index_path} also holds the demo article, indexed on first use; its "
            "speakers answer your questions too. To ask about your documents alone, index them into a folder "
            "of your own (--index DIR, or set WHOSAID_INDEX), or delete that folder and index again.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="whosaid")
def cli():
    """whosaid: who said what in your articles, press releases and transcripts, with citations."""


@cli.command("index")
@click.argument("folder", type=click.Path(path_type=Path))
@_index_option
@click.option("--prune", is_flag=True,
              help="also remove documents that were indexed from FOLDER and are gone from it (without it, they are "
                   "kept and the summary says how many)")
@click.option("--replace", is_flag=True,
              help="let a file replace a different document of the same id indexed from another folder or uploaded "
                   "(without it, such a file is skipped with a message)")
@click.option("--max-file-mb", type=float, default=None, metavar="MB",
              help="skip files larger than this (default: $WHOSAID_MAX_FILE_MB or 20; a .docx may unpack to 5 times "
                   "it; for a .jsonl file it applies to each line)")
@click.option("--encoder", default=None, help="encoder for a new index: minilm-onnx (default), minilm (torch) or minilm-int8 (fastest, approximate)")
@click.option("--store", default=None, metavar="URI",
              help="where a new index keeps its vectors: faiss (default), milvus-lite (a file in the index folder), "
                   "milvus-lite:PATH.db, or milvus://HOST:PORT (needs `pip install -e '.[scale]'`)")
@click.option("--ray", "use_ray", is_flag=True,
              help="read, attribute and embed with Ray Data on a local Ray (needs `pip install -e '.[scale]'`)")
@click.option("--ray-address", default=None, metavar="ADDRESS",
              help="with Ray Data on the cluster at ADDRESS (`auto` inside a cluster, or ray://HEAD:10001); implies --ray")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary (problems are still reported on stderr)")
def index_cmd(folder: Path, index_path: Path | None, prune: bool, replace: bool, max_file_mb: float | None,
              encoder: str | None, store: str | None, use_ray: bool, ray_address: str | None, quiet: bool):
    """Add the documents under FOLDER (.txt .md .html .pdf .docx .jsonl) to the index, incrementally.

    New and changed files are indexed; unchanged files are not read again. Nothing is removed unless --prune
    is given, and then only documents that came from FOLDER and are gone from it."""
    from corpus.readers import max_file_bytes
    from embeddings.encoder import encoder_kinds
    from qa.indexer import index_folder

    if encoder is not None and encoder not in encoder_kinds():
        _fail(f"--encoder {encoder!r} is not known: choose one of {', '.join(encoder_kinds())}")
    try:
        max_file_bytes(max_file_mb)
    except ValueError as err:
        _fail(str(err))
    index_path = index_path or paths.default_index()
    t0 = time.perf_counter()
    try:
        report = index_folder(folder, index_path, encoder=encoder, progress=None if not quiet else False,
                              store=store, ray_address=ray_address or ("local" if use_ray else None),
                              prune=prune, replace=replace, max_file_mb=max_file_mb)
    except WhosaidError as err:  # also a ReadError: FOLDER is missing, not a folder, or empty
        _fail(str(err))
    except KeyboardInterrupt:
        _fail(f"interrupted: the index at {index_path} is unchanged (embeddings computed so far are kept "
              "and reused by the next run)", 130)
    secs = time.perf_counter() - t0
    for s in report.skipped:
        click.echo(f"skipped {s.reason}", err=True)
    for w in report.warnings[:MAX_WARNINGS]:
        click.echo(f"warning: {w}", err=True)
    if len(report.warnings) > MAX_WARNINGS:
        click.echo(f"warning: ... and {len(report.warnings) - MAX_WARNINGS} more metadata warnings like these "
                   "(the documents were indexed; only the values named were ignored)", err=True)
    if report.prunable:
        n = len(report.prunable)
        shown = ", ".join(report.prunable[:5]) + (", ..." if n > 5 else "")
        click.echo(f"{n} document{'s are' if n != 1 else ' is'} gone from {folder} ({shown}); run with --prune to "
                   f"remove {'them' if n != 1 else 'it'} from the index", err=True)
    demo = _demo_note(index_path, folder)
    if demo:
        click.echo(demo, err=True)
    if quiet:
        return
    rate = report.new_paragraphs / secs if secs > 0 and report.new_paragraphs else 0.0
    click.echo(f"{index_path}: {report.documents} documents, {report.paragraphs} paragraphs")
    if not (report.added or report.changed or report.removed or report.reattributed):
        click.echo(f"  nothing to do: {report.unchanged} documents unchanged ({secs:.1f} s)")
    else:
        again = f", {report.reattributed} re-attributed" if report.reattributed else ""
        click.echo(f"  {report.added} added, {report.changed} changed, {report.removed} removed, "
                   f"{report.unchanged} unchanged{again}; {report.statements} statements found in them, "
                   f"{report.embedded} new paragraphs embedded")
        stages = {k: v for k, v in report.seconds.items() if k != "attribute_wait"}
        click.echo(f"  {secs:.1f} s" + (f" ({rate:.0f} paragraphs/s)" if rate else "") + "; "
                   + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
                   + (" (attribution in worker processes, alongside embedding)" if "attribute_wait" in report.seconds
                      else ""))
    if report.skipped:
        click.echo(f"  {len(report.skipped)} files skipped (see messages above); nothing already indexed was lost")


@cli.command("ask")
@click.argument("question", required=False)
@_index_option
@click.option("--json", "as_json", is_flag=True,
              help='machine output; without QUESTION, reads {"id", "conversation", "question"} lines on stdin')
@click.option("-k", "--top", default=5, show_default=True, help="citations per answer")
@click.option("--speaker", default=None, help="only statements by this speaker")
@click.option("--from", "date_from", default=None, metavar="DATE",
              help="only documents dated from DATE on (2013, 2013-05 or 2013-05-06); a question's own time wins")
@click.option("--to", "date_to", default=None, metavar="DATE", help="only documents dated up to DATE (its whole extent)")
@click.option("--order", type=click.Choice(["relevance", "date", "newest"]), default="relevance", show_default=True,
              help="order of the citations: best first, oldest first (date) or newest first")
def ask_cmd(question: str | None, index_path: Path | None, as_json: bool, top: int, speaker: str | None,
            date_from: str | None, date_to: str | None, order: str):
    """Answer QUESTION (or JSON lines on stdin with --json) from the index.

    Time in the question ("... in 2013", "since 2019", "between 2010 and 2014", "When did X first ...?")
    restricts the answer to documents dated then; undated documents are left out of such an answer."""
    from qa.assistant import Assistant
    from qa.timefilter import window_from_bounds

    try:
        window = window_from_bounds(date_from, date_to)
    except ValueError as err:
        _fail(str(err))
    try:
        assistant = Assistant(open_index(index_path), top_k=top)
    except WhosaidError as err:
        _fail(str(err))
    if question is not None:
        answer = assistant.conversation().ask(question, speaker=speaker, window=window, order=order)
        if as_json:
            click.echo(json.dumps(answer.to_json(None), ensure_ascii=False))
        else:
            click.echo(assistant.render_text(answer))
        return
    if not as_json:
        _fail("give a QUESTION, or --json to read questions from stdin")
    chats: dict = {}
    for lineno, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            q = row["question"]
            if not isinstance(q, str):
                raise TypeError(f'"question" must be a string, not {type(q).__name__}')
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            _fail(f"stdin line {lineno}: expected {{\"id\", \"conversation\", \"question\"}} ({exc})")
        conv = chats.setdefault(row.get("conversation"), assistant.conversation())
        answer = conv.ask(q, speaker=speaker, window=window, order=order)
        click.echo(json.dumps(answer.to_json(row.get("id")), ensure_ascii=False))
        sys.stdout.flush()


@cli.command("chat")
@_index_option
@click.option("-k", "--top", default=5, show_default=True, help="citations per answer")
def chat_cmd(index_path: Path | None, top: int):
    """Interactive chat: follow-up questions keep their context ("and about Russia?")."""
    from qa.assistant import Assistant

    try:
        assistant = Assistant(open_index(index_path), top_k=top)
    except WhosaidError as err:
        _fail(str(err))
    conv = assistant.conversation()
    stats = assistant.index.stats()
    click.echo(f"whosaid: {stats['documents']} documents, {stats['statements']} statements by "
               f"{stats['speakers']} speakers. Ask who said what; 'new' starts over, Ctrl-D quits.")
    for name, n in assistant.speakers.top(5):
        click.echo(f"  {name} ({n} statements)")
    while True:
        try:
            q = click.prompt(">", prompt_suffix=" ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        if not q.strip():
            continue
        if q.strip().lower() in ("new", "/new", "reset"):
            conv = assistant.conversation()
            click.echo("(new conversation)")
            continue
        click.echo(assistant.render_text(conv.ask(q)))


@cli.command("timeline")
@click.argument("speaker")
@click.argument("topic", required=False, default="")
@_index_option
@click.option("--by", type=click.Choice(["year", "month"]), default=None,
              help="group by year or month (default: month when the statements span two years or less)")
@click.option("--from", "date_from", default=None, metavar="DATE", help="only documents dated from DATE on")
@click.option("--to", "date_to", default=None, metavar="DATE", help="only documents dated up to DATE")
@click.option("--json", "as_json", is_flag=True, help="one JSON object: the statements with their citations")
def timeline_cmd(speaker: str, topic: str, index_path: Path | None, by: str | None, date_from: str | None,
                 date_to: str | None, as_json: bool):
    """SPEAKER's statements on TOPIC over time, per year (or month), with citations.

    SPEAKER is any name the corpus knows (a surname will do); without TOPIC, all their statements."""
    from qa.assistant import Assistant
    from qa.timefilter import window_from_bounds
    from qa.timeline import build_timeline

    try:
        window = window_from_bounds(date_from, date_to)
        assistant = Assistant(open_index(index_path))
    except ValueError as err:
        _fail(str(err))
    except WhosaidError as err:
        _fail(str(err))
    tl = build_timeline(assistant, speaker, topic, window)
    if as_json:
        click.echo(json.dumps(tl.to_json(), ensure_ascii=False))
    else:
        click.echo(tl.render_text(by))
    if tl.problem:
        sys.exit(1)


@cli.command("statements")
@_index_option
@click.option("--speaker", default=None, help="only this speaker's statements (any name the corpus knows)")
@click.option("--topic", default=None, help="only those on this topic (with --speaker as `qa timeline` chooses them; alone, everyone's)")
@click.option("--from", "date_from", default=None, metavar="DATE", help="only documents dated from DATE on")
@click.option("--to", "date_to", default=None, metavar="DATE", help="only documents dated up to DATE")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to this file (default: stdout)")
def statements_cmd(index_path: Path | None, speaker: str | None, topic: str | None, date_from: str | None,
                   date_to: str | None, fmt: str, output: Path | None):
    """Export statements (speaker, date, document, title, paragraph, span, kind, text, URL) as CSV or JSON lines.

    CSV cells that a spreadsheet would run as a formula (starting with = + - @) get a leading apostrophe."""
    from qa.assistant import Assistant
    from qa.export import statement_rows, write_rows
    from qa.timefilter import window_from_bounds

    try:
        window = window_from_bounds(date_from, date_to)
        assistant = Assistant(open_index(index_path))
        rows = statement_rows(assistant, speaker, topic, window)
        first = next(rows, None)
    except ValueError as err:
        _fail(str(err))
    except WhosaidError as err:
        _fail(str(err))
    import itertools

    all_rows = itertools.chain([first] if first is not None else [], rows)
    if output is None:
        n = write_rows(all_rows, fmt, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = write_rows(all_rows, fmt, fh)
    click.echo(f"{n} statements", err=True)


@cli.command("attribute")
@click.argument("files", nargs=-1, required=True, type=click.Path())  # str: "doc" is FILE exactly as given
@click.option("--json", "as_json", is_flag=True, help="one JSON object per statement (the attribution contract)")
def attribute_cmd(files: tuple[str, ...], as_json: bool):
    """Print the statements in FILES and who made them."""
    from corpus.attribution import Attributor
    from corpus.paragraphs import split_paragraphs
    from corpus.readers import ReadError, read_file

    items, failed = [], 0
    for f in files:
        try:
            for doc in read_file(f, str(f)):
                items.append((doc, split_paragraphs(doc)))
        except ReadError as err:
            click.echo(f"skipped {err}", err=True)
            failed += 1
    try:
        for (doc, _), result in zip(items, Attributor().attribute_many(items)):
            if as_json:
                for s in result.statements:
                    click.echo(json.dumps(s.to_json(doc.id), ensure_ascii=False))
                continue
            click.echo(click.style(f"{doc.id}", bold=True) + f"  ({len(result.statements)} statements)")
            for s in result.statements:
                who = s.speaker or f"[unresolved: {s.mention}]" if s.mention else (s.speaker or "[unknown]")
                via = f" <- {s.mention!r}" if s.mention and s.mention != s.speaker else ""
                click.echo(f"  ¶{s.paragraph} {who}{via} [{s.kind}, {s.cue or '-'}] {s.start}-{s.end}")
                click.echo(f"      {_clip(doc.text[s.start:s.end], 160)}")
    except WhosaidError as err:  # the spaCy pipeline is not installed
        _fail(str(err))
    if failed and not items:
        sys.exit(2)


@cli.command("speakers")
@_index_option
@click.option("--top", default=30, show_default=True)
@click.option("--all", "groups", is_flag=True, help="also unnamed groups that are quoted (\"Colleagues said\")")
def speakers_cmd(index_path: Path | None, top: int, groups: bool):
    """Who speaks in the corpus, most statements first: people, organisations and places."""
    from qa.assistant import Assistant

    try:
        assistant = Assistant(open_index(index_path))
    except WhosaidError as err:
        _fail(str(err))
    for name, n in assistant.speakers.top(top, groups=groups):
        click.echo(f"{n:6}  {name}")


@cli.command("info")
@_index_option
def info_cmd(index_path: Path | None):
    """What is in the index."""
    try:
        index = open_index(index_path)
    except WhosaidError as err:
        _fail(str(err))
    for k, v in index.stats().items():
        click.echo(f"{k:12} {v}")
    click.echo(f"{'path':12} {index.path}")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv=None):
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    cli.main(args=argv, prog_name="qa")


if __name__ == "__main__":
    main()
