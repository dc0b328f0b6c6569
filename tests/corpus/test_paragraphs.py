"""Paragraph splitting: exact offsets on random texts, and exact splits of hand-written ones."""
from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest

import corpus
from corpus.document import Document
from corpus.paragraphs import MAX_CHARS, is_debris, paragraph_spans, split_paragraphs
from corpus.readers import read_file

SEED = Path(corpus.__file__).parent / "data" / "seed" / "belarus-carpenter-meeting.txt"


def texts(text: str) -> list[str]:
    return [p.text for p in split_paragraphs(Document(id="t", text=text))]


def check_invariants(doc: Document) -> list:
    paragraphs = split_paragraphs(doc)
    assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    prev_end = -1
    covered = bytearray(len(doc.text))
    for p in paragraphs:
        assert p.doc_id == doc.id
        assert doc.text[p.start:p.end] == p.text
        assert p.text and not p.text[0].isspace() and not p.text[-1].isspace(), repr(p.text)
        assert not p.text.startswith("\ufeff"), repr(p.text)
        assert len(p.text) <= MAX_CHARS
        assert p.start >= prev_end, "paragraphs overlap or are out of order"
        prev_end = p.end
        # a paragraph never spans a blank line
        assert all(line.strip() for line in re.split(r"\r\n|\r|\n", p.text)), repr(p.text)
        covered[p.start:p.end] = b"\x01" * (p.end - p.start)
    # Nothing is lost: every visible character of a non-debris line is in some paragraph.
    body = int(doc.meta.get("front_matter_end", 0))
    for m in re.finditer(r"[^\r\n]+", doc.text[body:]):
        if m.group().strip() and not is_debris(m.group()):
            for i in range(body + m.start(), body + m.end()):
                assert covered[i] or doc.text[i].isspace() or doc.text[i] == "\ufeff", (i, m.group())
    return paragraphs


# -- property: offsets on random texts ---------------------------------------------------------

WORDS = ("the minister said talks would resume on Monday NATO Belarus “we will never” don’t "
         "U.S. Dr. 30 March 2024 café naïve — – (quoted) 'single' a I x").split()
NEWLINES = ["\n", "\n", "\r\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n", "\n\t\n"]
DEBRIS = ["  • 1", "* * *", "---", "12", " — ", "***", "3/14", "•", "  ##  "]
ODD_SPACE = ["", "", "", " ", "  ", "\t", "\u00a0", "\u2028", "\x0c", "\u3000"]


def random_sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", "?", "!", ".”", "", ",", ":"])


def random_line(rng: random.Random) -> str:
    kind = rng.choice(["prose", "prose", "prose", "long", "turn", "qa", "bullet", "debris", "heading", "blank"])
    if kind == "prose":
        line = random_sentence(rng, rng.randint(1, 14))
    elif kind == "long":
        line = " ".join(random_sentence(rng, rng.randint(5, 25)) for _ in range(rng.randint(5, 60)))
    elif kind == "turn":
        line = rng.choice(["SMITH", "MARY JONES", "Dr. Lee", "O’Brien"]) + ": " + random_sentence(rng, rng.randint(1, 20))
    elif kind == "qa":
        line = rng.choice(["Q", "A"]) + ": " + random_sentence(rng, rng.randint(1, 20))
    elif kind == "bullet":
        line = rng.choice(["- ", "* ", "• ", "– ", "1. ", "12) "]) + random_sentence(rng, rng.randint(1, 10))
    elif kind == "debris":
        line = rng.choice(DEBRIS)
    elif kind == "heading":
        line = "#" * rng.randint(1, 3) + " " + random_sentence(rng, rng.randint(1, 6))
    else:
        line = rng.choice(["", " ", "\t", "\u00a0"])
    return rng.choice(ODD_SPACE) + line + rng.choice(ODD_SPACE)


def random_text(rng: random.Random) -> str:
    out = [rng.choice(["", "", "\ufeff", "\n", "  \r\n"])]
    for _ in range(rng.randint(0, 40)):
        out.append(random_line(rng))
        out.append(rng.choice(NEWLINES))
    if rng.random() < 0.5 and len(out) > 1:
        out.pop()  # no newline at the end
    return "".join(out)


def test_offsets_and_numbers_on_random_texts():
    """No hypothesis in the venv: a fixed-seed generator over words, newlines (LF, CRLF, CR),
    blank lines, bullets, turns, headings, scrape debris and odd whitespace."""
    rng = random.Random(20240330)
    seen_cap = False
    for _ in range(400):
        text = random_text(rng)
        paragraphs = check_invariants(Document(id="r", text=text))
        seen_cap |= any(p.end - p.start > 1000 for p in paragraphs)
    assert seen_cap, "the generator should produce paragraphs long enough to be cut"


@pytest.mark.parametrize("text", ["", " ", "\n\n\r\n", "  • 1\n* * *\n", "\ufeff", "x", "\u00a0word\u00a0"])
def test_invariants_on_edge_texts(text):
    check_invariants(Document(id="e", text=text))


def test_front_matter_offset_respected():
    text = "---\ntitle: T\n---\nBody line one.\n"
    doc = Document(id="m", text=text, format="md", meta={"front_matter_end": 17})
    assert [(p.start, p.text) for p in split_paragraphs(doc)] == [(17, "Body line one.")]


# -- the seed article --------------------------------------------------------------------------

def test_seed_article():
    doc = read_file(SEED)[0]
    paragraphs = check_invariants(doc)
    assert len(paragraphs) == 10
    assert paragraphs[0].text == "Meeting with U.S. Deputy Assistant Secretary of Defense Dr Michael Carpenter"
    assert paragraphs[0].start == 0
    # the gallery counter "  • 1" above paragraph 2 is dropped; offsets still index the file
    assert "•" in doc.text and not any("•" in p.text for p in paragraphs)
    assert paragraphs[1].text.startswith("The Republic of Belarus")
    assert paragraphs[1].start == doc.text.index("The Republic of Belarus") == 84
    assert paragraphs[1].text.endswith("on 30 March.")
    assert paragraphs[6].text.startswith("“Our military doctrine")
    assert [p.number for p in paragraphs if "NATO" in p.text] == [9]
    assert paragraphs[9].text.endswith("want peace and accord in Europe.")


# -- hand-written layouts ----------------------------------------------------------------------

def test_blank_line_blocks():
    text = "Alpha one.\n\nBeta two\ncontinues.\n\n\n  Gamma three.  \r\n\r\nDelta."
    assert [(p.start, p.end, p.text) for p in split_paragraphs(Document(id="b", text=text))] == [
        (0, 10, "Alpha one."), (12, 31, "Beta two\ncontinues."), (36, 48, "Gamma three."), (54, 60, "Delta.")]


LONG1 = ("The finance minister presented the annual budget to parliament on Tuesday, promising lower taxes "
         "for families and more money for schools and hospitals across the country.")
SHORT = "Opposition leaders said the plan was unaffordable."
LONG2 = ("“We will not support a budget that borrows from our children,” said Maria Keller, the leader of "
         "the opposition, in a statement issued after the speech on Tuesday evening")
LONG3 = ("Economists were divided: some welcomed the tax cuts while others warned that the deficit would grow "
         "again next year if the economy slowed down as expected")


def test_one_line_per_paragraph():
    assert len(LONG1) >= 150 and len(LONG2) >= 150
    # LONG2 and LONG3 have no final period: a long line is a paragraph by itself anyway.
    text = "\n".join([LONG1, SHORT, LONG2, LONG3, "He declined to comment."]) + "\n"
    assert texts(text) == [LONG1, SHORT, LONG2, LONG3, "He declined to comment."]


P1 = ("The finance minister presented the annual budget to parliament on Tuesday. She promised lower taxes "
      "for families and more money for schools and hospitals across the whole country.")
P2 = ("Opposition leaders said the plan was unaffordable and that the government had not explained how "
      "it would pay for the promised tax cuts without new borrowing.")
P3 = "The vote is expected next month after the committee hearings, officials said on Wednesday."


def test_hard_wrapped_paragraphs():
    wrapped = [textwrap.fill(p, 70) for p in (P1, P2, P3)]
    assert all(len(w.splitlines()[-1]) < 50 for w in wrapped)  # each paragraph's last line is short
    assert all(len(line) > 60 for w in wrapped for line in w.splitlines()[:-1])
    text = "\n".join(wrapped)
    assert [t.replace("\n", " ") for t in texts(text)] == [P1, P2, P3]
    assert texts(text.replace("\n", "\r\n")) == [w.replace("\n", "\r\n") for w in wrapped]


def test_hard_wrapped_paragraph_with_sentence_end_mid_line_stays_whole():
    text = textwrap.fill(P1 + " " + P2, 70)
    assert texts(text) == [text]


def test_transcript_turns():
    text = ("JOHN SMITH: Good evening and welcome to the programme.\n"
            "MARY JONES: Thank you for having me, John.\n"
            "JOHN SMITH: Let us start with the budget.\n")
    assert texts(text) == [
        "JOHN SMITH: Good evening and welcome to the programme.",
        "MARY JONES: Thank you for having me, John.",
        "JOHN SMITH: Let us start with the budget."]


def test_transcript_turn_continued_on_next_line():
    text = ("SMITH: Minister, will taxes rise next year, as the opposition claims they\n"
            "will after the election?\n"
            "MINISTER: No.\n"
            "We have ruled that out for the whole of this parliament, and the budget shows it.\n"
            "SMITH: Thank you.")
    assert texts(text) == [
        "SMITH: Minister, will taxes rise next year, as the opposition claims they\nwill after the election?",
        "MINISTER: No.\nWe have ruled that out for the whole of this parliament, and the budget shows it.",
        "SMITH: Thank you."]


def test_question_and_answer_pairs():
    text = "Q: What did the minister say?\nA: That talks would resume.\nQ: When?\nA: On Monday.\n"
    assert texts(text) == ["Q: What did the minister say?", "A: That talks would resume.", "Q: When?", "A: On Monday."]


def test_bullet_lists():
    text = ("The minister listed three priorities:\n"
            "- lower taxes for families\n"
            "• more money for schools\n"
            "* new hospitals\n"
            "1. first numbered point\n"
            "2) second numbered point")
    assert texts(text) == [
        "The minister listed three priorities:", "- lower taxes for families", "• more money for schools",
        "* new hospitals", "1. first numbered point", "2) second numbered point"]


def test_heading_line_is_its_own_paragraph():
    assert texts("# Budget day\nThe minister spoke for an hour.") == ["# Budget day", "The minister spoke for an hour."]


def test_debris_lines_dropped_without_shifting():
    text = "First paragraph.\n* * *\nSecond paragraph.\n  12  \n\n  • 3\nThird."
    assert [(p.start, p.text) for p in split_paragraphs(Document(id="d", text=text))] == [
        (0, "First paragraph."), (23, "Second paragraph."), (55, "Third.")]


def test_markdown_front_matter_is_not_a_paragraph(tmp_path):
    path = tmp_path / "day.md"
    path.write_text("---\ntitle: Budget day\ndate: 2024-03-01\n---\n\nThe minister spoke.\n\nHe left.\n", encoding="utf-8")
    doc = read_file(path)[0]
    assert [(p.number, p.text) for p in check_invariants(doc)] == [(1, "The minister spoke."), (2, "He left.")]


# -- long paragraphs ---------------------------------------------------------------------------

def test_long_paragraph_cut_at_sentence_ends():
    sentences = [f"Sentence number {i} of the committee report described the evidence in detail." for i in range(70)]
    text = " ".join(sentences)
    assert len(text) > 5000
    pieces = texts(text)
    assert len(pieces) > 1
    assert all(len(p) <= MAX_CHARS for p in pieces)
    assert all(p.startswith("Sentence number ") and p.endswith("in detail.") for p in pieces)
    assert " ".join(pieces) == text  # nothing lost, cut only at the spaces between sentences


def test_long_paragraph_without_sentence_end_cut_at_whitespace():
    words = [f"w{i:04d}" for i in range(1000)]
    text = " ".join(words)
    assert len(text) > 5000
    spans = paragraph_spans(text)
    assert len(spans) > 1
    assert all(b - a <= MAX_CHARS for a, b in spans)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert text[end:start] == " "  # cut between words, never inside one
    assert " ".join(text[a:b] for a, b in spans) == text


def test_transcript_lines_with_titles_and_notes_are_their_own_paragraphs():
    # one line per turn, no blank lines: a label with a title ("of the ... Region") or a note in
    # brackets cuts like a bare "Name:" does
    text = ("Meeting with the Governor\n"
            "Vladimir Putin: Good afternoon, Mr Petrov. How are things in the region?\n"
            "Governor of the Pskov Region Ivan Petrov: Good afternoon, Mr President. The roads are better.\n"
            "Vladimir Putin: Good.\n"
            "Ivan Petrov: We also opened two schools this year.\n"
            "Question (retranslated): And the hospitals?\n")
    assert texts(text) == [
        "Meeting with the Governor",
        "Vladimir Putin: Good afternoon, Mr Petrov. How are things in the region?",
        "Governor of the Pskov Region Ivan Petrov: Good afternoon, Mr President. The roads are better.",
        "Vladimir Putin: Good.",
        "Ivan Petrov: We also opened two schools this year.",
        "Question (retranslated): And the hospitals?"]
