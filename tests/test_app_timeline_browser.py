"""The timeline and the chat's dates in a real browser (Debian's chromium through playwright, as
tests/test_app_browser.py): the chart draws one point per statement, dragging across a point lists and
opens its statement, a row opens another; the chat's date filter, the sources' dates and links, and the
CSV download. Screenshots are kept in the test's tmp folder."""
from __future__ import annotations

import csv
import io

import pytest

import qa
from tests import test_app_browser
from tests.qa.dated import FORUM_URL, make_dated
from tests.test_app import GRADIO_NOISE, start_server

pytestmark = [pytest.mark.browser, pytest.mark.model, GRADIO_NOISE]
# The list's rows: Gradio's Dataframe draws them as a virtual list of divs (its <tbody> is a hidden sizing row).
ROWS = "#tl-table .virtual-body [role='row']"
browser, page = test_app_browser.browser, test_app_browser.page  # the fixtures, over this module's server


@pytest.fixture(scope="module")
def server(tmp_path_factory, minilm):
    folder = make_dated(tmp_path_factory.mktemp("dated-browser"))
    idx = tmp_path_factory.mktemp("dated-browser-index") / "index"
    qa.index_folder(folder, idx, encoder="minilm", progress=False)
    srv = start_server(idx)
    yield srv
    srv.demo.close()


def choose(page, elem_id: str, value: str) -> None:
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(value)
    page.locator("ul[role='listbox'] li", has_text=value).first.click()


def test_the_timeline_draws_its_points_and_a_dragged_range_opens_them(page, tmp_path):
    page.get_by_role("tab", name="Timeline").click()
    choose(page, "tl-speaker", "Ivan Petrov")
    page.locator("#tl-topic input, #tl-topic textarea").first.fill("gas")
    page.locator("#tl-show").click()
    head = page.locator("#tl-head")
    head.get_by_text("Ivan Petrov on gas: 3 statements").wait_for(timeout=60_000)
    points = page.locator("#tl-plot svg .mark-symbol path")
    points.nth(2).wait_for(timeout=30_000)
    assert points.count() == 3
    assert "5 March 2012" in page.locator("#tl-point").inner_text()  # the first statement opens with the chart
    page.locator("#tl-plot").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    shot = tmp_path / "timeline.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000

    boxes = sorted((p.bounding_box() for p in points.all()), key=lambda b: b["x"])
    middle = boxes[1]  # 10 June 2013
    y = middle["y"] + middle["height"] / 2
    page.mouse.move(middle["x"] - 15, y)
    page.mouse.down()
    page.mouse.move(middle["x"] + middle["width"] + 15, y, steps=8)
    page.mouse.up()
    opened = page.locator("#tl-point")
    opened.get_by_text("10 June 2013").wait_for(timeout=15_000)
    assert "We will never cut gas supplies to Europe" in opened.inner_text()
    assert opened.locator(f"a[href='{FORUM_URL}'][target='_blank']").count() == 1
    rows = page.locator(ROWS)
    rows.first.wait_for(timeout=15_000)
    assert rows.count() == 1 and "10 June 2013" in rows.first.inner_text()
    page.screenshot(path=str(tmp_path / "timeline-selected.png"), full_page=True)

    page.locator("#tl-show").click()  # the whole list again; a row opens its statement
    page.locator(ROWS).nth(2).wait_for(timeout=30_000)
    page.locator(ROWS).nth(2).locator("[role='gridcell']").nth(1).click()
    page.locator("#tl-point").get_by_text("1 February 2016").wait_for(timeout=15_000)
    print(f"screenshots: {tmp_path}")


def test_the_date_filter_sources_and_the_csv_download(page, tmp_path):
    page.locator("#date-from input, #date-from textarea").first.fill("2013")
    page.locator("#date-to input, #date-to textarea").first.fill("2013")
    box = page.locator("#question textarea")
    box.fill("What did Petrov say about gas?")
    box.press("Enter")
    answer = page.locator("#chat .ws-answer").last
    answer.wait_for(timeout=60_000)
    assert "in 2013" in answer.locator("p").first.inner_text()
    answer.locator("summary").click()
    source = answer.locator(".ws-source").first
    assert "10 June 2013" in source.locator(".ws-meta").inner_text()
    link = source.locator("a.ws-link")
    assert link.get_attribute("href") == FORUM_URL and link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")
    button = page.locator("#download")
    button.wait_for(state="visible", timeout=30_000)
    with page.expect_download() as info:
        button.click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert rows and {r["date"][:4] for r in rows} == {"2013"} and rows[0]["speaker"] == "Ivan Petrov"
    assert FORUM_URL in {r["url"] for r in rows}
    page.screenshot(path=str(tmp_path / "dated-answer.png"), full_page=True)

    page.locator("#clear").click()  # starts over: no chat, any date, nothing to download
    page.locator("#chat .ws-answer").first.wait_for(state="detached", timeout=15_000)
    for box_id in ("date-from", "date-to"):
        box = page.locator(f"#{box_id} input, #{box_id} textarea").first
        page.wait_for_function("e => e.value === ''", arg=box.element_handle(), timeout=15_000)
    button.wait_for(state="hidden", timeout=15_000)
