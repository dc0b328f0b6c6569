"""Dates, titles and URLs reach the index, sidecars included: a changed sidecar row re-indexes exactly
the files it names, an unchanged folder stays untouched, and problems are warnings."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.index import Index
from qa.indexer import index_folder
from tests.qa.builders import CORPUS_META, make_corpus, write


def build(folder: Path, idx: Path, **kwargs):
    return index_folder(folder, idx, encoder="fake", progress=False, **kwargs)


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = make_corpus(tmp_path / "docs")
    write(folder / "news" / "2019-06-01-ferry.txt", "Ferry\n\nThe ferry company said crossings would resume.\n")
    return folder


def records(idx: Path) -> dict:
    with Index(idx) as ix:
        return {d.id: (d.title, d.date, d.source, d.url) for d in ix.documents()}


def test_every_format_is_dated_in_the_index(docs, tmp_path, fake_encoder):
    build(docs, tmp_path / "idx")
    got = records(tmp_path / "idx")
    assert {k: v[:3] for k, v in got.items() if k in CORPUS_META} == {k: v[:3] for k, v in CORPUS_META.items()}
    assert got["news/2019-06-01-ferry.txt"][1] == "2019-06-01"
    with Index(tmp_path / "idx") as ix:
        assert ix.document_dates()["news/2019-06-01-ferry.txt"] == "2019-06-01"
        assert ix.document_dates()["news/bridge.txt"] is None


def test_a_sidecar_dates_the_files_and_its_changes_reindex_only_what_they_name(docs, tmp_path, fake_encoder):
    idx = tmp_path / "idx"
    sidecar = docs / "metadata.csv"
    write(sidecar, "path,date,url\nnews/bridge.txt,2011-04-05,https://example.org/bridge\n")
    first = build(docs, idx)
    assert first.added == 8 and first.warnings == []
    assert records(idx)["news/bridge.txt"][1:] == ("2011-04-05", None, "https://example.org/bridge")
    assert "metadata.csv" not in records(idx)

    again = build(docs, idx)
    assert (again.added, again.changed, again.files_read) == (0, 0, 0)

    write(sidecar, "path,date,url\nnews/bridge.txt,2011-04-05,https://example.org/bridge-2\n"
                   "notes/budget.md,2020-01-31,\n")
    changed = build(docs, idx)
    assert (changed.changed, changed.added, changed.files_read) == (2, 0, 2)  # bridge.txt and budget.md only
    got = records(idx)
    assert got["news/bridge.txt"][3] == "https://example.org/bridge-2"
    assert got["notes/budget.md"][1] == "2020-01-31"  # over its front matter's 2024-03-01

    sidecar.unlink()
    back = build(docs, idx)
    assert (back.changed, back.files_read) == (2, 2)
    got = records(idx)
    assert got["news/bridge.txt"][1:] == (None, None, None) and got["notes/budget.md"][1] == "2024-03-01"


def test_sidecar_problems_are_warnings_and_lose_nothing(docs, tmp_path, fake_encoder):
    write(docs / "metadata.jsonl", '{"path": "news/bridge.txt", "date": "2011-02-30"}\n'
                                   '{"path": "news/nope.txt", "date": "2011"}\nnot json\n')
    report = build(docs, tmp_path / "idx")
    assert report.added == 8 and report.skipped == []
    text = "\n".join(report.warnings)
    assert "metadata.jsonl:1" in text and "2011-02-30" in text
    assert "names 'news/nope.txt', which is not a file" in text
    assert "metadata.jsonl:3: is not valid JSON" in text
    assert records(tmp_path / "idx")["news/bridge.txt"][1] is None


def test_cli_index_prints_metadata_warnings(docs, tmp_path, fake_encoder):
    from click.testing import CliRunner

    from qa.cli import cli

    write(docs / "metadata.csv", "path,date\nnews/bridge.txt,31/02/2011\n")
    result = CliRunner().invoke(cli, ["index", str(docs), "--index", str(tmp_path / "idx"), "--encoder", "fake"])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "metadata.csv:2" in result.output and "31/02/2011" in result.output
