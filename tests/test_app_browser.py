"""The app in a real browser: Debian's chromium driven by playwright (never a browser of its own).

A person's path (type a question, read the answer, open its sources; a screenshot is kept in the
test's tmp folder) and the injection check: markup, script and Markdown in a document or a
question show as text and run nothing.
"""
from __future__ import annotations

import os
import re
import shutil
from urllib.parse import urlparse

import pytest

import qa
from qa import paths
from tests.test_app import GRADIO_NOISE, start_server

pytestmark = [pytest.mark.browser, pytest.mark.model, GRADIO_NOISE]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = """Fruit market <script>window.__pwned = 1</script> report

John Smith, a fruit trader in Lisbon, said that bananas <img src=x onerror="window.__pwned=2"> are **really** great, \
see [this](javascript:window.__pwned=3) and $$x^2$$ too.
"""


LONG_NAME = "Alexandra Konstantinopolskaya-Wittgenstein"
LONG = f"""Sanctions debate

“We will answer in kind,” said {LONG_NAME}, the deputy foreign minister, on Monday.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, minilm):
    corpus = tmp_path_factory.mktemp("browser-corpus")
    shutil.copy(paths.seed_folder() / "belarus-carpenter-meeting.txt", corpus)
    (corpus / "evil.txt").write_text(EVIL, encoding="utf-8")
    (corpus / "long.txt").write_text(LONG, encoding="utf-8")
    idx = tmp_path_factory.mktemp("browser") / "index"
    qa.index_folder(corpus, idx, encoder="minilm", progress=False)
    srv = start_server(idx)
    yield srv
    srv.demo.close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed: apt-get install -y chromium (.ci/run does)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    width, height = getattr(request, "param", (1400, 1000))
    page = browser.new_page(viewport={"width": width, "height": height})
    local = urlparse(server.url).netloc
    # Only the local server: a page that tried to reach anything else would fail the same way in CI.
    page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).netloc == local
               else route.abort())
    page.goto(server.url)
    yield page
    page.close()


def ask(page, question: str):
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    answer = page.locator("#chat .ws-answer").last
    answer.wait_for(timeout=60_000)
    return answer


def test_ask_see_the_answer_and_open_its_sources(page, tmp_path):
    answer = ask(page, "What did he say about NATO?")
    assert "What did he say about NATO?" in page.locator("#chat .ws-question").last.inner_text()
    assert answer.locator("p strong").first.inner_text() == "Aleksandr Lukashenko"
    first_quote = answer.locator("ol li").first.inner_text()
    assert "NATO is going to fight Russia or Belarus" in first_quote and re.search(r"¶9(–10)?$", first_quote)
    details = answer.locator("details")
    assert not details.evaluate("d => d.open") and not answer.locator("mark").first.is_visible()
    answer.locator("summary").click()
    assert details.evaluate("d => d.open")
    source = answer.locator(".ws-source").first
    assert source.locator("mark").first.is_visible()
    assert "¶9" in source.locator(".ws-meta").inner_text()
    assert "Aleksandr Lukashenko" in source.locator(".ws-meta strong").inner_text()
    page.wait_for_timeout(500)  # the chatbot scrolls itself to the bottom as the sources open
    for name, target in (("nato-answer.png", answer), ("nato-sources.png", answer.locator("summary"))):
        target.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        shot = tmp_path / name
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    print(f"screenshots: {tmp_path}")


def test_markup_in_documents_and_questions_shows_as_text(page, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    question = '<img src=x onerror="window.__pwned=4"> What did John Smith say about bananas?'
    answer = ask(page, question)
    answer.locator("summary").click()
    text = answer.inner_text()
    assert 'bananas <img src=x onerror="window.__pwned=2"> are **really** great' in text
    assert "[this](javascript:window.__pwned=3) and $$x^2$$ too." in text  # in the highlighted paragraph
    assert "Fruit market <script>window.__pwned = 1</script> report, ¶2" in text
    assert question in page.locator("#chat .ws-question").last.inner_text()
    chat = page.locator("#chat")
    assert chat.locator(".ws-answer img, .ws-question img, .ws-answer script, a[href^='javascript'], "
                        ".katex, .ws-answer em").count() == 0

    page.get_by_role("tab", name="Documents").click()
    docs = page.locator("#documents")
    docs.get_by_text("Fruit market <script>", exact=False).first.wait_for(timeout=10_000)
    assert docs.locator("script, img").count() == 0
    page.screenshot(path=str(tmp_path / "injection.png"), full_page=True)
    assert page.evaluate("window.__pwned") is None and dialogs == []


@pytest.mark.parametrize("page", [(1024, 800)], indirect=True)
def test_layout_on_a_laptop_screen(page, tmp_path):
    """The empty chat says what to ask; the tables keep every column in view and headers whole."""
    placeholder = page.locator("#chat .ws-placeholder")
    placeholder.wait_for(timeout=10_000)
    assert placeholder.inner_text().startswith("Ask who said what in 3 documents")
    assert "What did Aleksandr Lukashenko say about …?" in placeholder.inner_text()

    def fits(table: str) -> None:
        box = page.locator(f"#{table} table").first.evaluate(
            "t => { const r = t.parentElement.getBoundingClientRect(); return [r.left, r.right]; }")
        for th in page.locator(f"#{table} th").all():
            header = th.locator(".header")
            name = header.inner_text()
            left, right = th.evaluate("e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }")
            assert box[0] - 1 <= left and right <= box[1] + 1, f"{table}: {name!r} is out of view"
            lines = header.evaluate("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")
            assert lines < 1.5, f"{table}: {name!r} wraps onto {lines:.0f} lines"

    page.locator("#speakers").get_by_text(LONG_NAME).first.wait_for(state="attached", timeout=10_000)
    fits("speakers")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#documents").get_by_text("long.txt").first.wait_for(state="attached", timeout=10_000)
    fits("documents")
    page.screenshot(path=str(tmp_path / "laptop.png"))
