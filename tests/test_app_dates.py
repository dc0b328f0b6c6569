"""The app's dates through its API: the date filter and order next to the speaker filter, sources that say
when and where (a link only to an http(s) page), the timeline endpoint and the answer's CSV download."""
from __future__ import annotations

import csv
import io

import pytest

import app
import qa
from qa.records import Answer, Citation
from tests.qa.dated import FORUM_URL, PETROV, make_dated
from tests.test_app import GRADIO_NOISE, client, start_server

pytestmark = [pytest.mark.model, GRADIO_NOISE]


@pytest.fixture(scope="module")
def server(tmp_path_factory, minilm):
    folder = make_dated(tmp_path_factory.mktemp("dated-app"))
    idx = tmp_path_factory.mktemp("dated-app-index") / "index"
    qa.index_folder(folder, idx, encoder="minilm", progress=False)
    srv = start_server(idx)
    yield srv
    srv.demo.close()


def ask(c, question, speaker=app.ALL_SPEAKERS, date_from="", date_to="", order="Relevance"):
    history, data = c.predict(question, [], speaker, date_from, date_to, order, api_name="/ask")
    content = history[-1]["content"]
    return ("".join(p.get("text", "") for p in content) if isinstance(content, list) else content), data


def test_the_date_filter_and_the_sources_say_when_and_where(server):
    html, data = ask(client(server), "What did Petrov say about gas?", date_from="2013", date_to="2013")
    assert data["found"] and {c["date"][:4] for c in data["citations"]} == {"2013"}
    assert "between" not in data["answer"] and "in 2013" in data["answer"]
    forum = next(c for c in data["citations"] if c["url"])
    assert (forum["url"], forum["date"], forum["title"]) == (FORUM_URL, "2013-06-10", "Petrov at the energy forum in Vienna")
    assert '<span class="ws-date">10 June 2013</span>' in html
    assert (f'<a class="ws-link" href="{FORUM_URL}" target="_blank" rel="noopener noreferrer nofollow">original page</a>'
            in html)


def test_a_bad_date_filter_says_what_to_fix(server):
    html, data = ask(client(server), "What did Petrov say about gas?", date_from="2013-02-30")
    assert data is None and "From &#x27;2013-02-30&#x27;: &#x27;2013-02-30&#x27; is not a date" in html


def test_old_clients_without_the_date_inputs_still_work(server):
    history, data = client(server).predict("What did Petrov say about gas?", [], app.ALL_SPEAKERS, api_name="/ask")
    assert data["found"] and len(data["citations"]) == 5


def test_order_oldest_first(server):
    _, data = ask(client(server), "What did Petrov say about gas?", order="Oldest first")
    dated = [c["date"] for c in data["citations"] if c["date"]]
    assert dated == sorted(dated) and dated[0] == "2012-03-05"


def test_timeline_endpoint(server):
    plot, table, head, point = client(server).predict(PETROV, "gas", "", "", api_name="/timeline")
    assert "Ivan Petrov on gas: 3 statements in 3 documents, 2012–2016 (1 undated left out)" in head
    assert [row[1] for row in table["data"]] == ["5 March 2012", "10 June 2013", "1 February 2016"]
    assert plot["datatypes"]["date"] == "temporal" and plot["columns"][:3] == ["date", "relevance", "n"]
    assert [(row[2], row[4]) for row in plot["data"]] == [(1, "5 March 2012"), (2, "10 June 2013"), (3, "1 February 2016")]
    assert "5 March 2012" in point and "<mark>" in point
    plot, table, head, point = client(server).predict(PETROV, "gas", "2020", "", api_name="/timeline")
    assert (plot, table["data"], point) == (None, [], "")
    assert "No dated statement by Ivan Petrov since 2020 in the corpus." in head


def test_a_link_only_for_http_pages_and_escaped():
    base = dict(doc_id="a.html", paragraph=1, start=0, end=5, speaker="X", score=1.0, quote="Hello", title="T<b>",
                paragraph_text="Hello", par_start=0, par_end=5, date="2013-05")
    for bad in ("javascript:alert(1)", "data:text/html,<script>", "/relative/page", "http://x.org/\"onmouseover=\"a"):
        html = app.render_answer(Answer("q", True, "X said:", citations=[Citation(**base, url=bad)]))
        assert "<a " not in html and "T&lt;b&gt;" in html and "May 2013" in html
    html = app.render_answer(Answer("q", True, "X said:", citations=[Citation(**base, url="https://x.org/a?b=1&c=<")])
                             )
    assert "<a " not in html  # a raw "<" is not a URL a page would give
    html = app.render_answer(Answer("q", True, "X said:", citations=[Citation(**base, url="https://x.org/a?b=1&c=2")]))
    assert 'href="https://x.org/a?b=1&amp;c=2"' in html


def test_the_download_is_the_answer_s_citations_as_formula_safe_csv(tmp_path):
    data = {"citations": [
        {"doc": "a.txt", "start": 0, "end": 9, "speaker": "=HYPERLINK(\"http://evil\")", "text": "+1 rise", "date": "2013",
         "title": "@SUM(A1)", "url": None, "paragraph": 2, "kind": "direct"},
        {"doc": "b.txt", "start": 3, "end": 7, "speaker": "Ann", "text": "-5% and 'fine'", "date": None, "title": "T",
         "url": "https://x.org/b", "paragraph": 1, "kind": "indirect"}]}
    path = app.export_file(data, tmp_path)
    rows = list(csv.DictReader(io.StringIO(open(path, encoding="utf-8").read())))
    assert [r["speaker"] for r in rows] == ["'=HYPERLINK(\"http://evil\")", "Ann"]
    assert [r["text"] for r in rows] == ["'+1 rise", "'-5% and 'fine'"] and rows[0]["title"] == "'@SUM(A1)"
    assert list(rows[0]) == ["speaker", "date", "doc", "title", "paragraph", "start", "end", "kind", "text", "url"]
    assert rows[1]["url"] == "https://x.org/b" and rows[0]["paragraph"] == "2"
    assert app.export_file({"citations": []}, tmp_path) is None and app.export_file(None, tmp_path) is None


def test_a_passage_shows_its_paragraphs_apart_escaped_and_its_range():
    text = "“Tax <b>cuts</b> now,” she said.\n\n“And jobs,” she added."
    parts = ((0, text.index(" she said")), (text.index("“And"), text.index(" she added")))
    c = Citation(doc_id="a.txt", paragraph=4, last_paragraph=5, start=0, end=parts[1][1], speaker="X", score=1.0,
                 quote=text[:parts[1][1]], paragraph_text=text, par_start=0, par_end=len(text), parts=parts)
    html = app.render_answer(Answer("q", True, "X said:", citations=[c]))
    assert "¶4–5" in html and "<b>" not in html and "&lt;b&gt;cuts" in html
    assert "</mark> she said.<br><br><mark>“And jobs,”</mark>" in html
