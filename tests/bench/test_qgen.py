"""The calibration question generators on made-up text (no PolNeAR, no site mirror, no index).

They check what makes a generated question trustworthy: whose statement a turn paragraph is, that
a said_about question's gold is every statement of that speaker naming the topic, that a negative's
topic never occurs where its speaker speaks, and that a seed gives the same file.
"""
from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from bench import calibrate, qgen
from bench.gen_transcript_questions import label_names, label_of, page_statements


@pytest.fixture(scope="module")
def nlp():
    return qgen.load_nlp()


def test_names_lose_titles_parentheses_and_initials():
    assert qgen.clean_name("Sen. Bernie Sanders (I-Vt.)") == ["Bernie", "Sanders"]
    assert qgen.clean_name("Mr. Trump's") == ["Trump"]
    assert qgen.name_key(["Joseph", "R.", "Biden"]) == "joseph biden"
    assert qgen.name_key(["Trump"]) == "|trump"
    assert qgen.surname("|trump") == qgen.surname("donald trump") == "trump"


def test_turn_labels_are_told_from_sentences_with_a_colon():
    assert label_of("President of Russia Vladimir Putin: Good afternoon, colleagues.") == (
        "President of Russia Vladimir Putin", len("President of Russia Vladimir Putin: "))
    assert label_of("Prime Minister of Japan Shinzo Abe (retranslated): Thank you.")[0] == "Prime Minister of Japan Shinzo Abe"
    assert label_of("Question: What about the harbour?")[0] == "Question"
    assert label_of("Benjamin Netanyahu: (retranslated): Mr President.")[1] == len("Benjamin Netanyahu: (retranslated): ")
    assert label_of("The President noted: the harbour matters.") is None
    assert label_of("Now, colleagues: let us begin.") is None


def test_a_long_label_takes_the_name_of_the_short_one(nlp):
    names = label_names(["President of Russia Vladimir Putin", "Vladimir Putin", "Question",
                         "Governor of Pskov Region Andrei Turchak", "Head of the Federal Agency"], nlp,
                        "Mr Turchak, how are the hospitals?")
    assert names["President of Russia Vladimir Putin"] == names["Vladimir Putin"] == "Vladimir Putin"
    assert names["Question"] is None
    assert names["Governor of Pskov Region Andrei Turchak"] == "Andrei Turchak"
    assert names["Head of the Federal Agency"] is None


PAGE = """Meeting with Governor Ana Lopez

Vladimir Putin met with Governor of Harbour Region Ana Lopez.

President of Russia Vladimir Putin: Ms Lopez, how is the ferry pier project going?

Governor of Harbour Region Ana Lopez: Mr President, the ferry pier will open in May.

We have also repaired the harbour road and the old lighthouse.

Question: Will the fishermen get new boats?

Vladimir Putin: The fishermen will get new boats next year.

* * *

The work on the ferry pier continues.
"""


def test_turn_paragraphs_belong_to_the_label_until_the_next_label(nlp):
    statements, mentions, _ = page_statements("p.txt", PAGE, nlp(PAGE), nlp)
    turns = [(s.name, PAGE[s.start:s.end]) for s in statements if s.cue == "say"]
    assert turns == [
        ("Vladimir Putin", "Ms Lopez, how is the ferry pier project going?"),
        ("Ana Lopez", "Mr President, the ferry pier will open in May."),
        ("Ana Lopez", "We have also repaired the harbour road and the old lighthouse."),
        (None, "Will the fishermen get new boats?"),
        ("Vladimir Putin", "The fishermen will get new boats next year."),
    ]
    assert "ana lopez" in mentions and "putin" in mentions


def test_terms_drop_determiners_and_keep_the_topic(nlp):
    text = "Senator Ana Lopez said his new border wall would cost taxpayers billions in Texas."
    doc = nlp(text)
    groups = qgen.terms_in(doc, 0, len(text), exclude={"ana", "lopez"})
    firsts = [g[0].text for g in groups]
    assert "Texas" in firsts
    assert "the border wall" in [t.text for g in groups for t in g]
    assert not any("lopez" in t.lemmas for g in groups for t in g)


def test_paraphrase_is_a_clause_in_other_words(nlp):
    text = "The tax increase will really hurt every small business in the state, and nobody wants that."
    doc = nlp(text)
    out = qgen.paraphrase(doc, 0, len(text), random.Random(0))
    assert out and out != text and "really" not in out and out.startswith("the tax increase will hurt")
    first_person = "I think we will really win the state by a large margin next year."
    assert qgen.paraphrase(nlp(first_person), 0, len(first_person), random.Random(0)) is None
    fragment = "Romney as an out-of-touch rich guy who inherited much of his wealth."
    assert qgen.paraphrase(nlp(fragment), 0, len(fragment), random.Random(0)) is None


DOCS = {
    "a.txt": "Harbour news\n\nAna Lopez said the ferry pier would reopen in May.\n\n"
             "Lopez also said the ferry pier needs new funding from the state.\n\n"
             "John Smith said the tax increase will hurt small business owners.",
    "b.txt": "Budget news\n\nJohn Smith said the tax increase is a mistake for small business.\n\n"
             "Mary Jones said the lighthouse restoration will cost two million dollars.",
    "c.txt": "More news\n\nMary Jones said the lighthouse restoration starts next week.\n\n"
             "Ana Lopez said the ferry pier will bring tourists back.",
    "d.txt": "Other news\n\nJohn Smith said the tax increase starts in April.\n\n"
             "Mary Jones said the lighthouse restoration has a new architect.",
    "e.txt": "Sports news\n\nPeter Brown said the stadium roof will be finished in June.\n\n"
             "The stadium roof has cost ten million dollars so far.",
    "f.txt": "Sports news\n\nPeter Brown said the stadium roof still leaks after the storm.",
}
SAID = [("a.txt", "Ana Lopez said ", "ana lopez", "Ana Lopez"), ("a.txt", "Lopez also said ", "ana lopez", "Ana Lopez"),
        ("a.txt", "John Smith said ", "john smith", "John Smith"), ("b.txt", "John Smith said ", "john smith", "John Smith"),
        ("b.txt", "Mary Jones said ", "mary jones", "Mary Jones"), ("c.txt", "Mary Jones said ", "mary jones", "Mary Jones"),
        ("c.txt", "Ana Lopez said ", "ana lopez", "Ana Lopez"), ("d.txt", "John Smith said ", "john smith", "John Smith"),
        ("d.txt", "Mary Jones said ", "mary jones", "Mary Jones"), ("e.txt", "Peter Brown said ", "peter brown", "Peter Brown"),
        ("f.txt", "Peter Brown said ", "peter brown", "Peter Brown")]


@pytest.fixture(scope="module")
def corpus(nlp):
    statements = []
    for doc, lead, key, name in SAID:
        text = DOCS[doc]
        start = text.index(lead) + len(lead)
        end = text.index("\n", start) if "\n" in text[start:] else len(text)
        paras = qgen.paragraphs(text)
        statements.append(qgen.Statement(doc, start, end, key, name, qgen.para_of(paras, start), "say"))
    mentions = {d: {k for dd, _, k, _ in SAID if dd == d} | {k.split()[-1] for dd, _, k, _ in SAID if dd == d} for d in DOCS}
    return qgen.Corpus(texts=dict(DOCS), parsed={d: nlp(t) for d, t in DOCS.items()},
                       paragraphs={d: qgen.paragraphs(t) for d, t in DOCS.items()}, statements=statements,
                       mentions=mentions, names={k: n for _, _, k, n in SAID})


def test_said_about_gold_is_every_statement_of_the_speaker_on_the_topic(corpus):
    b = qgen.QuestionBuilder(corpus, seed=3, min_docs=1, max_pf=1.0)
    qs = b.said_about(10, cap=10, prefix="t")
    pier = [q for q in qs if "ferry pier" in q.question]
    assert pier, [q.question for q in qs]
    q = pier[0]
    assert q.speaker == "Ana Lopez"
    assert {(g["doc"], g["evidence"][:20]) for g in q.gold} == {
        ("a.txt", "the ferry pier would"), ("a.txt", "the ferry pier needs"), ("c.txt", "the ferry pier will ")}
    for q in qs:
        for g in q.gold:
            assert corpus.texts[g["doc"]][g["start"]:g["end"]].startswith(g["evidence"])


def test_negative_topics_never_occur_where_the_speaker_speaks(corpus):
    b = qgen.QuestionBuilder(corpus, seed=1, min_docs=1, max_pf=1.0)
    qs = b.negatives(6, near_share=0.5, min_statements=1, prefix="t")
    assert {q.meta["kind"] for q in qs} == {"near", "far"}
    for q in qs:
        key = {n: k for _, _, k, n in SAID}[q.speaker]
        term = q.meta["term"].removeprefix("the ").lower()
        own = [s for s in corpus.statements if s.speaker == key]
        if q.meta["kind"] == "far":         # not in any document where the speaker speaks
            assert not any(term in corpus.texts[d].lower() for d in {s.doc for s in own}), q.question
        else:                               # in such a document, but only in someone else's paragraph
            paras = {(s.doc, s.para) for s in own}
            assert not any(term in corpus.texts[d][a:b].lower() for d, j in paras
                           for a, b in [corpus.paragraphs[d][j]]), q.question
            assert any(term in corpus.texts[s.doc].lower() for s in own), q.question
        assert q.gold == []


def test_the_same_seed_gives_the_same_questions(corpus):
    counts = {"said_about": 4, "who_said": 3, "negative": 3, "topic": 2, "followup": 1}
    one = [q.row() for q in qgen.build_sets(corpus, counts, seed=5, prefix="t", min_statements=1, min_docs=1,
                                                max_pf=1.0)]
    two = [q.row() for q in qgen.build_sets(corpus, counts, seed=5, prefix="t", min_statements=1, min_docs=1,
                                                max_pf=1.0)]
    assert one == two and len({q["id"] for q in one}) == len(one)
    assert {q["type"] for q in one} >= {"said_about", "negative"}


def test_calibrate_names_each_failure_kind():
    fake = SimpleNamespace(hits=lambda c, g: c["doc"] == g["doc"] and c["start"] == g["start"],
                           same_person=lambda a, b: a.split()[-1] == (b or "x").split()[-1])
    gold = [{"doc": "a.txt", "start": 0, "end": 5}]
    q = {"id": "1", "type": "said_about", "question": "?", "speaker": "Ana Lopez", "gold": gold}
    cit = lambda doc, start, who: {"doc": doc, "start": start, "end": start + 5, "speaker": who, "score": 0.5}  # noqa: E731
    assert calibrate.classify(q, {"found": False, "citations": []}, fake)["kind"] == "not_found_but_there"
    assert calibrate.classify(q, {"found": True, "citations": [cit("b.txt", 0, "John Smith")]}, fake)["kind"] == "wrong_speaker"
    assert calibrate.classify(q, {"found": True, "citations": [cit("b.txt", 0, "Ana Lopez")]}, fake)["kind"] == "right_speaker_wrong_text"
    late = [cit("b.txt", 0, "Ana Lopez")] * 3 + [cit("a.txt", 0, "Ana Lopez")]
    assert calibrate.classify(q, {"found": True, "citations": late}, fake)["kind"] == "low_rank"
    assert calibrate.classify(q, {"found": True, "citations": [cit("a.txt", 0, "Ana Lopez")]}, fake)["kind"] == "ok"
    neg = dict(q, type="negative", gold=[])
    assert calibrate.classify(neg, {"found": True, "citations": []}, fake)["kind"] == "answered_when_absent"


def test_gold_attribution_tells_whom_qa_attribute_credits(tmp_path):
    """A stand-in `qa` (a script following the attribution contract) credits the gold span of one
    failed question to the asked person and another's to someone else."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ana Lopez said the pier opens in May. John Smith said taxes rise.")
    fake = tmp_path / "qa"
    fake.write_text("#!/usr/bin/env python3\nimport json, sys\n"
                    "for f in sys.argv[3:]:\n"
                    "    print(json.dumps({'doc': f, 'speaker': 'Ana Lopez', 'start': 15, 'end': 37}))\n"
                    "    print(json.dumps({'doc': f, 'speaker': 'Mary Jones', 'start': 54, 'end': 65}))\n")
    fake.chmod(0o755)
    questions = {"1": {"gold": [{"doc": "x/a.txt", "start": 15, "end": 37}]},
                 "2": {"gold": [{"doc": "x/a.txt", "start": 54, "end": 65}]},
                 "3": {"gold": [{"doc": "x/a.txt", "start": 0, "end": 9}]}}
    rows = [{"id": i, "type": "said_about", "kind": "not_found_but_there", "speaker": who}
            for i, who in (("1", "Ana Lopez"), ("2", "John Smith"), ("3", "Ana Lopez"))]
    same = lambda a, b: a.split()[-1] == (b or "x").split()[-1]  # noqa: E731
    calibrate.gold_attribution([str(fake)], str(corpus), rows, questions, same)
    assert [r["gold_attributed"] for r in rows] == ["speaker", "other", "nobody"]
