"""bench/gap_pronouns on made-up GAP rows: the TSV is read as GAP writes it, each pronoun's pick is
sorted into right / the other name / nobody, and only nominative pronouns count by default."""
from __future__ import annotations

import pytest

from bench.gap_pronouns import parse_tsv, resolve, summarize
from corpus.attribution import Attributor

HEADER = "ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref\tURL\n"


def row(id_: str, text: str, pronoun_at: str, a: str, a_gold: bool, b: str, b_gold: bool) -> str:
    pos = text.index(pronoun_at)
    pronoun = pronoun_at.split()[0]
    return "\t".join([id_, text, pronoun, str(pos), a, str(text.index(a)), str(a_gold).upper(), b,
                      str(text.index(b)), str(b_gold).upper(), "http://example.org"]) + "\n"


TEXT = "John Smith hired Peter Jones in May. He said the new manager would start at once."
TSV = (HEADER
       + row("t-1", TEXT, "He said", "John Smith", True, "Peter Jones", False)
       + row("t-2", TEXT, "He said", "John Smith", False, "Peter Jones", True)
       + row("t-3", "Mary Brown met Anna Green. Her talk was long.", "Her talk", "Mary Brown", True, "Anna Green", False)
       + row("t-4", TEXT, "He said", "John Smith", False, "Peter Jones", False))


@pytest.fixture(scope="module")
def rows():
    return resolve(parse_tsv(TSV), Attributor())


def test_the_tsv_is_read_with_offsets_and_gold():
    ex = parse_tsv(TSV)
    assert [e.id for e in ex] == ["t-1", "t-2", "t-3", "t-4"]
    assert ex[0].pronoun == "He" and ex[0].text[ex[0].pos:ex[0].pos + 2] == "He"
    assert (ex[0].a_gold, ex[0].b_gold, ex[1].a_gold, ex[1].b_gold) == (True, False, False, True)
    assert ex[2].text[ex[2].b_pos:].startswith("Anna Green")


def test_picks_are_sorted_by_kind(rows):
    kinds = {r["id"]: r["kind"] for r in rows}
    # the rule sends "He said" to the main clause's subject, John Smith: right for t-1, the other name for t-2
    assert kinds["t-1"] == "right" and kinds["t-2"] == "other-name" and kinds["t-4"] == "neither"
    assert {r["id"]: r["dep"] for r in rows}["t-1"] == "nsubj"


def test_only_nominative_pronouns_count_by_default(rows):
    nom = summarize(rows, all_pronouns=False)
    assert nom["pronouns"] == 3 and nom["scored"] == 2 and nom["right"] == 1 and nom["accuracy"] == 0.5
    assert nom["gold_named_before"] == 1.0
    every = summarize(rows, all_pronouns=True)
    assert every["pronouns"] == 4 and every["scored"] == 3
