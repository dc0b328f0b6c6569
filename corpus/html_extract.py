"""The article of an HTML page: its own markup first, trafilatura's heuristics for the rest.

trafilatura finds the main text of any page, but on a short page it may fall back to the whole
body (menus, footer, "All content on this site is licensed under ...") and it drops a lead that the
page marks as a heading. Many publishing systems say exactly where the article is: schema.org
microdata (`itemprop="articleBody"`, `itemprop="description"`) or microformats (`h-entry` with
`e-content` and `p-summary`). When a page does, the text is extracted from that element (and the
lead from the summary element shown above it), after removing what ARIA or HTML itself marks as
not part of the content: complementary boxes ("See also"), navigation, figures and their captions,
hidden elements, and pull quotes (a `<blockquote>` that repeats words printed in the body). A page
without such markup is handed to trafilatura whole, as before.
"""
from __future__ import annotations

import copy
import re

# Inside an article body, elements that are not the article's text, by their own markup.
NOT_CONTENT_XPATH = (
    ".//*[@role='complementary' or @role='navigation' or @role='banner' or @role='contentinfo'"
    " or @role='search' or @role='listbox' or @role='tablist' or @aria-hidden='true' or @hidden]"
    " | .//nav | .//aside | .//figure | .//figcaption | .//form | .//script | .//style | .//noscript"
)
BODY_XPATH = ("//*[@itemprop='articleBody']",
              "//*[contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')]"
              "//*[contains(concat(' ', normalize-space(@class), ' '), ' e-content ')]")
LEAD_XPATH = ("//*[@itemprop='description' and not(self::meta)]",
              "//*[contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')]"
              "//*[contains(concat(' ', normalize-space(@class), ' '), ' p-summary ')]")


PULL_QUOTE_SHARE = 0.5  # of a blockquote's 4-word runs found in the body: a pull quote, not a quotation


def _shingles(text: str, n: int = 4) -> set:
    words = text.split()
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def article_html(data: bytes) -> bytes | None:
    """A minimal page holding only the article the page marks up (lead + body), with the original
    <head> for metadata; None when the page marks up no article body, b"" when that body is empty."""
    from lxml import etree
    from lxml import html as lh

    try:
        tree = lh.fromstring(data)
    except (etree.ParserError, ValueError):
        return None
    body = next((found[0] for xp in BODY_XPATH if (found := tree.xpath(xp))), None)
    if body is None:
        return None
    body = copy.deepcopy(body)
    for el in body.xpath(NOT_CONTENT_XPATH):
        _drop(el)
    for el in [e for e in body.iter() if isinstance(e.tag, str) and _hidden_class(e.get("class"))]:
        _drop(el)
    text = _norm(" ".join(p.text_content() for p in body.iter("p") if p.getparent() is not None
                          and not any(a.tag == "blockquote" for a in p.iterancestors())))
    shingles = _shingles(text)
    for q in list(body.iter("blockquote")):
        own = _shingles(_norm(q.text_content()))
        # a pull quote: its words are printed in the body (a pull quote may leave words out)
        if own and len(own & shingles) >= PULL_QUOTE_SHARE * len(own):
            _drop(q)
    lead = next((found[0] for xp in LEAD_XPATH if (found := tree.xpath(xp))), None)
    page = lh.Element("html")
    head = tree.find("head")
    page.append(copy.deepcopy(head) if head is not None else lh.Element("head"))
    article = etree.SubElement(etree.SubElement(page, "body"), "article")
    if lead is not None and not any(a is body for a in lead.iterancestors()):
        lead_text = _norm(lead.text_content())
        if lead_text and lead_text not in text:  # (a media title repeating it is no paragraph)
            div = etree.SubElement(article, "div")
            for child in list(copy.deepcopy(lead).iter("p")):
                div.append(child)
            if not len(div):
                p = etree.SubElement(div, "p")
                p.text = lead.text_content().strip()
    # trafilatura looks for the same markup and would keep the body alone, without the lead: the
    # minimal page holds nothing else, so the markers are not needed any more
    for attr in ("itemprop", "class", "id", "role"):
        body.attrib.pop(attr, None)
    article.append(body)
    if not _norm(article.text_content()):
        return b""  # the page marks up an article with no text in it (a photo or video page)
    return lh.tostring(page, encoding="utf-8")


# class names that hide an element by the common CSS conventions ("hidden", "hidden-print",
# "visually-hidden", "sr-only", Bootstrap's "d-none")
_HIDDEN_CLASS = re.compile(r"^(?:hidden(?:[-_].*)?|.*[-_]hidden|sr-only|d-none|invisible)$")


def _hidden_class(cls: str | None) -> bool:
    return bool(cls) and any(_HIDDEN_CLASS.match(c) for c in (cls or "").split())


def _drop(el) -> None:
    """Remove an element but keep the text that follows it (lxml keeps it in `tail`)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail and tail.strip():
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
