"""Fixtures for the attribution stages: one spaCy pipeline per session, and a document's context."""
from __future__ import annotations

import pytest

from corpus.attribution import Attributor
from corpus.attribution.context import DocContext, build_context
from corpus.document import Document
from corpus.paragraphs import split_paragraphs


@pytest.fixture(scope="session")
def shared_attributor():
    return Attributor()


@pytest.fixture
def context_of(shared_attributor):
    """`context_of(text)`: the DocContext of a document, parsed as attribution parses it."""
    def make(text: str, title: str | None = None) -> DocContext:
        doc = Document(id="t.txt", text=text, title=title)
        paras = split_paragraphs(doc)
        return build_context(doc, paras, list(shared_attributor.parse([paras])))
    return make
