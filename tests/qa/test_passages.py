"""Citations as passages: one speaker's cited statements in adjacent paragraphs are one citation (a quote
run over several short news paragraphs), never taking in a statement that was not cited, never with a
statement much less relevant than the passage's best, never across another speaker's paragraph, never longer than MAX_PASSAGE paragraphs; "who said S" cites one paragraph."""
from __future__ import annotations

import pytest

from qa import Assistant, Index, index_folder
from qa.citations import CLOSE_RELATIVE, MAX_PASSAGE, make_citations, source_ref
from qa.evidence import Scored
from tests.qa.builders import write

HEARING = (
    "Senator grills bank chief over fake accounts\n\n"
    "“You should resign over the fake accounts scandal,” Senator Maria Lind told the bank's chief executive.\n\n"
    "“You squeezed your employees to the breaking point to open fake accounts,” Lind said.\n\n"
    "“The fake accounts were opened to push up the stock price,” she said.\n\n"
    "“The only way the banks will change is if executives who allowed fake accounts face jail,” Lind said.\n\n"
    "“Nobody who opened fake accounts should keep a bonus,” she added.\n\n"
    "The chief executive, Robert Hale, said the bank had fired the staff who opened the fake accounts.\n\n"
    "“We regret the fake accounts deeply,” Hale said.\n")


@pytest.fixture(scope="module")
def hearing(tmp_path_factory, minilm):
    root = tmp_path_factory.mktemp("hearing")
    write(root / "docs" / "hearing.txt", HEARING)
    index_folder(root / "docs", root / "idx", progress=False)
    return Index(root / "idx")


def _by_paragraph(index, speaker):
    return {s.paragraph_id: s for s in index.statements() if s.speaker == speaker}


def test_a_quote_run_over_short_paragraphs_is_one_citation(hearing):
    answer = Assistant(hearing).conversation().ask("What did Maria Lind say about the fake accounts?")
    assert answer.found and answer.speaker == "Maria Lind"
    first = answer.citations[0]
    assert first.last_paragraph - first.paragraph + 1 == MAX_PASSAGE
    text = hearing.document_text("hearing.txt")
    assert first.quote == text[first.start:first.end]                 # still exactly the document's text
    assert first.paragraph_text == text[first.par_start:first.par_end]
    assert len(first.parts) == MAX_PASSAGE and all(first.start <= a < b <= first.end for a, b in first.parts)
    assert f"¶{first.paragraph}–{first.last_paragraph}" in source_ref(first)
    # her five paragraphs are two passages, not five citations
    lind = [c for c in answer.citations if c.speaker == "Maria Lind"]
    assert sum(c.last_paragraph - c.paragraph + 1 for c in lind) == 5 and len(lind) == 2


def test_only_cited_statements_join_a_passage(hearing):
    lind = _by_paragraph(hearing, "Maria Lind")
    pids = sorted(lind)
    # the second and fourth of her paragraphs are cited, the third is not: two citations
    scored = [Scored(lind[pids[1]], 1.0), Scored(lind[pids[3]], 0.9)]
    cits = make_citations(hearing, scored)
    assert [(c.paragraph, c.last_paragraph) for c in cits] == [(3, 3), (5, 5)]
    # once the third is cited too, it joins them: one passage, in reading order
    cits = make_citations(hearing, scored + [Scored(lind[pids[2]], 0.8)])
    assert [(c.paragraph, c.last_paragraph) for c in cits] == [(3, 5)]
    assert cits[0].score == 1.0 and cits[0].parts == tuple(sorted((s.start, s.end) for s in
                                                                  (lind[p] for p in pids[1:4])))
    # a statement much less relevant than the passage's best stays a citation of its own
    assert CLOSE_RELATIVE == 0.7
    cits = make_citations(hearing, scored + [Scored(lind[pids[2]], 0.6)])
    assert [(c.paragraph, c.last_paragraph) for c in cits] == [(3, 3), (5, 5), (4, 4)]


def test_another_speakers_paragraph_ends_a_passage_and_the_limit_counts_passages(hearing):
    statements = [s for s in hearing.statements() if s.speaker]
    scored = [Scored(s, 1.0 - i / 100) for i, s in enumerate(statements)]
    cits = make_citations(hearing, scored)
    assert all(c.last_paragraph - c.paragraph < MAX_PASSAGE for c in cits)
    by_speaker = {}
    for c in cits:
        by_speaker.setdefault(c.speaker, []).append((c.paragraph, c.last_paragraph))
    assert by_speaker["Maria Lind"] == [(2, 4), (5, 6)] and by_speaker["Robert Hale"] == [(7, 8)]
    assert len(make_citations(hearing, scored, limit=2)) == 2
    assert [(c.paragraph, c.last_paragraph) for c in make_citations(hearing, scored, passage=1)] == \
        [(p, p) for p in range(2, 9)]


def test_who_said_cites_the_paragraph_that_says_it(hearing):
    answer = Assistant(hearing).conversation().ask("Who said the fake accounts were opened to push up the stock price?")
    assert answer.found and answer.speaker == "Maria Lind"
    assert answer.citations[0].paragraph == answer.citations[0].last_paragraph == 4


def test_what_else_after_the_whole_run_was_cited_says_so(hearing):
    chat = Assistant(hearing).conversation()
    first = chat.ask("What did Maria Lind say about the fake accounts?")
    assert sum(c.last_paragraph - c.paragraph + 1 for c in first.citations if c.speaker == "Maria Lind") == 5
    again = chat.ask("What else did she say about the fake accounts?")
    assert not again.found and again.citations == []
    assert again.text.startswith("Nothing else by Maria Lind about the fake accounts in the corpus beyond what was cited")


COUNCIL = (
    "Meeting of the council on digital trade\n\n"
    "Anna Berg: Colleagues, let us begin.\n\n"
    "Today Mr Olsen proposed holding a summit on digital trade. We have supported this idea, and we will "
    "attend the summit gladly.\n\n"
    "Karl Olsen: Thank you. The summit on digital trade can be a forum of our experts.\n\n"
    "Anna Berg: Agreed.\n")


def test_a_passage_never_runs_over_another_speakers_words(tmp_path, minilm):
    # Olsen's proposal, reported inside Berg's turn, and his own turn next: Berg's words lie between them
    write(tmp_path / "docs" / "council.txt", COUNCIL)
    index_folder(tmp_path / "docs", tmp_path / "idx", progress=False)
    index = Index(tmp_path / "idx")
    olsen = sorted((s for s in index.statements() if s.speaker == "Karl Olsen"), key=lambda s: s.start)
    assert len(olsen) == 2 and olsen[0].paragraph_id != olsen[1].paragraph_id
    cits = make_citations(index, [Scored(olsen[1], 1.0), Scored(olsen[0], 0.9)])
    assert [(c.paragraph, c.last_paragraph) for c in cits] == [(4, 4), (3, 3)]
    assert all("We have supported" not in c.quote for c in cits)
