"""Citation text: statements shown in their whole sentences, abbreviations not taken for sentence ends."""
from qa.citations import merge_spans, quote_parts
from qa.records import Citation

PARAGRAPH = ("The talks went on. The country is open to dialogue, President Ana Ruiz said as she met U.S. envoy "
             "Dr. Tom Hale on Monday. Nothing was signed. “We will talk again,” she added.")


def citation(parts):
    base = 1000
    spans = [(base + PARAGRAPH.index(p), base + PARAGRAPH.index(p) + len(p)) for p in parts]
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    return Citation(doc_id="d.txt", paragraph=3, start=start, end=end, speaker="Ana Ruiz", score=1.0,
                    quote=PARAGRAPH[start - base:end - base], par_start=base, par_end=base + len(PARAGRAPH),
                    parts=tuple(spans), paragraph_text=PARAGRAPH)


def test_a_statement_is_shown_in_its_sentence_past_abbreviations():
    c = citation(["The country is open to dialogue"])
    assert quote_parts(c) == ("The country is open to dialogue, President Ana Ruiz said as she met U.S. envoy "
                              "Dr. Tom Hale on Monday.")


def test_sentences_left_out_between_statements_are_marked():
    c = citation(["The country is open to dialogue", "“We will talk again,”"])
    assert quote_parts(c).endswith("on Monday. … “We will talk again,” she added.")


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)]) == [(0, 4), (5, 12)]


def test_a_title_in_capitals_is_no_sentence_end():
    text = "DR. LUCIA FERRARO: I'm afraid I don't. The statement relies on one season of data."
    start = text.index("I'm")
    c = Citation(doc_id="d.txt", paragraph=8, start=start, end=len(text), speaker="Lucia Ferraro", score=1.0,
                 quote=text[start:], par_start=0, par_end=len(text), parts=((start, len(text)),), paragraph_text=text)
    assert quote_parts(c) == text
