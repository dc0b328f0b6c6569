"""Metadata sidecars: csv and jsonl, nesting, jsonl document ids, day/month order, and bad files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from corpus.document import Document
from corpus.metadata import Tier, describe, html_metadata
from corpus.sidecars import Sidecars, is_sidecar

TODAY = dt.date(2021, 6, 15)
NO_GUESS = SimpleNamespace(date=None, title=None, url=None, sitename=None, hostname=None)
PAGE = ('<html><head><meta property="og:title" content="Page title"/>'
        '<meta property="article:published_time" content="2014-11-28"/></head><body></body></html>')


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_a_csv_sidecar_overrides_the_files(tmp_path):
    write(tmp_path / "metadata.csv", "Path,Date,Title,URL,Publisher\n"
                                     "a.html,2003-04-05,Sidecar title,https://x.example/a,Example Agency\n"
                                     "b.txt,,Only a title,,\n"
                                     "sub/c.md,2010,,,\n")
    sc = Sidecars(tmp_path, TODAY)
    a = sc.get("a.html")
    assert (a.date, a.title, a.url, a.site, a.tier) == ("2003-04-05", "Sidecar title", "https://x.example/a",
                                                        "Example Agency", Tier.SIDECAR)
    assert a.date_source == "sidecar metadata.csv:2"
    page_meta = html_metadata(PAGE, "a.html", NO_GUESS, TODAY)
    meta = describe("a.html", "", page_meta, sidecar=a, today=TODAY)
    assert (meta.date, meta.title) == ("2003-04-05", "Sidecar title")
    b = describe("2016-01-02-b.txt", "text", sidecar=sc.get("b.txt"), today=TODAY)
    assert (b.title, b.date) == ("Only a title", "2016-01-02")  # an empty cell leaves the field to the file
    assert sc.get("sub/c.md").date == "2010" and sc.get("./sub//c.md") is not None
    assert sc.get("nothing.txt") is None
    assert sc.problems == [] and sc.unused() == []


def test_a_nested_jsonl_sidecar_wins_for_its_folder_and_names_jsonl_documents(tmp_path):
    write(tmp_path / "metadata.csv", "file;date\nsub/x.txt;2001-01-01\nsub/items.jsonl;2002-02-02\n")
    write(tmp_path / "sub" / "metadata.jsonl", '{"path": "x.txt", "date": "2005-05-05"}\n'
                                               '{"id": "items.jsonl#7", "title": "Row seven"}\n'
                                               'not json\n[1, 2]\n{"date": "2001"}\n')
    sc = Sidecars(tmp_path, TODAY)
    assert sc.get("sub/x.txt").date == "2005-05-05"
    assert sc.get("sub/items.jsonl#7").title == "Row seven"
    assert sc.get("sub/items.jsonl#8").date == "2002-02-02"   # the file's row covers its other documents
    where = str(tmp_path / "sub" / "metadata.jsonl")
    assert any(f"{where}:3" in p and "not valid JSON" in p for p in sc.problems)
    assert any(f"{where}:4" in p and "not a JSON object" in p for p in sc.problems)
    assert any(f"{where}:5" in p and "no path" in p for p in sc.problems)


def test_sidecar_day_month_order_from_its_own_rows(tmp_path):
    write(tmp_path / "dmy" / "metadata.csv", "path,date\na.txt,25/12/2016\nb.txt,03/04/2016\n")
    write(tmp_path / "mixed" / "metadata.csv", "path,date\na.txt,25/12/2016\nb.txt,12/25/2016\nc.txt,03/04/2016\n")
    dmy = Sidecars(tmp_path / "dmy", TODAY)
    assert dmy.get("b.txt").date == "2016-04-03"
    mixed = Sidecars(tmp_path / "mixed", TODAY)
    assert mixed.get("a.txt").date == "2016-12-25" and mixed.get("c.txt").date is None
    assert any("both day-first and month-first" in p for p in mixed.problems)
    assert any("c.txt" not in p and "03/04/2016" in p and "ambiguous" in p for p in mixed.problems)


def test_sidecar_problems_are_listed_not_raised(tmp_path):
    write(tmp_path / "a" / "metadata.csv", "name,date\nx.txt,2001\n")
    write(tmp_path / "b" / "metadata.csv", b"path,title\nx.txt,Caf\xe9\n")
    write(tmp_path / "c" / "metadata.csv", "path,date\nx.txt,2001-02-30\nx.txt,2002\ny.txt,2003\n")
    sc = Sidecars(tmp_path, TODAY)
    a, b, c = (str(tmp_path / d / "metadata.csv") for d in "abc")
    assert any(a in p and "no path (or file, id) column" in p and "name, date" in p for p in sc.problems)
    assert any(b in p and "UTF-8" in p for p in sc.problems)
    assert any(f"{c}:2" in p and "2001-02-30" in p for p in sc.problems)
    assert any(f"{c}:3" in p and "again" in p for p in sc.problems)
    sc.get("c/x.txt")
    assert list(sc.unused()) == [f"{c}:4: names 'c/y.txt', which is not a document in {tmp_path}; "
                                        f"check the path column"]


def test_is_sidecar():
    assert is_sidecar("a/metadata.csv") and is_sidecar("METADATA.JSONL") and not is_sidecar("a/meta.csv")


def test_apply_puts_the_row_over_the_document(tmp_path):
    write(tmp_path / "metadata.csv", "path,date,url,site\nsub/a.txt,2004-05-06,https://x.example/a,Example Agency\n"
                                     "b.txt,,,Only a site\n")
    sc = Sidecars(tmp_path, TODAY)
    doc = Document(id="sub/a.txt", text="The envoy met the minister on 30 March.", title="A", date=None,
                   meta={"partial_date": "--03-30", "front_matter_end": 0})
    out = sc.apply(doc)
    assert (out.date, out.title, out.source) == ("2004-05-06", "A", "Example Agency")
    assert out.meta == {"front_matter_end": 0, "date_source": "sidecar metadata.csv:2", "date_precision": "day",
                        "url": "https://x.example/a"}
    assert out.hash != doc.hash  # a new date re-indexes the document
    b = Document(id="b.txt", text="x", date="2001", source="Own site")
    assert sc.apply(b).date == "2001" and sc.apply(b).source == "Only a site"
    c = Document(id="c.txt", text="x")
    assert sc.apply(c) is c
