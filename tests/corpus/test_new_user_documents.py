"""Attribution on shapes a new user's documents showed us (transcript labels in capitals with a title, a
hearer addressed before the subject, a described office named after no body, a hyphenated title, a
place's name before a common noun, a description after a quote, a minister "of" a portfolio, a hearer
the parser gave the reported clause to, a company's legal form, a quote joined to its own tag). Every text
here is written for the test."""
from __future__ import annotations

from corpus.document import Document


def statements(attributor, text: str) -> list[tuple[str | None, str]]:
    """(speaker, content) of each statement, but a transcript turn's own (its cue is the label's colon)."""
    result = attributor.attribute(Document(id="t.txt", text=text))
    return [(s.speaker, text[s.start:s.end]) for s in result.statements if s.cue != ":"]


def said(attributor, text: str, content: str) -> list[str | None]:
    """The speakers of the statements whose content holds `content`."""
    return [who for who, words in statements(attributor, text) if content in words]


def turns(attributor, text: str, content: str) -> list[str | None]:
    """The speakers of the transcript turns whose words hold `content`."""
    result = attributor.attribute(Document(id="t.txt", text=text))
    return [s.speaker for s in result.statements if s.cue == ":" and content in text[s.start:s.end]]


FORUM = """Ferry terminal forum

JANET MBEKI: Good evening. Our panellists are Graham Fairweather of the Harbour Board and Dr. Lucia Ferraro.

GRAHAM FAIRWEATHER: Thank you, Janet. The terminal would bring 300 jobs to the town.

JANET MBEKI: Dr. Ferraro, the Harbour Board's environmental statement says the impact would be "minor and temporary." Do you agree?

DR. LUCIA FERRARO: I'm afraid I don't. The statement relies on a single season of survey data.

Dredging would put a plume of sediment over the seagrass for months.

GRAHAM FAIRWEATHER: The county highways department has told us the road can't take that volume.
"""


def test_a_label_in_capitals_with_a_title_opens_a_turn(shared_attributor):
    assert turns(shared_attributor, FORUM, "relies on a single season") == ["Lucia Ferraro"]
    assert turns(shared_attributor, FORUM, "a plume of sediment") == ["Lucia Ferraro"]


def test_a_hearer_addressed_before_the_subject_is_not_the_source(shared_attributor):
    assert said(shared_attributor, FORUM, "the impact would be") == ["Harbour Board"]


def test_a_described_office_that_shares_no_word_with_a_body_is_not_that_body(shared_attributor):
    assert said(shared_attributor, FORUM, "can't take that volume") == [None]


def test_a_hyphenated_title_with_a_name_in_apposition_is_that_person(shared_attributor):
    text = ("The report was written by Felix Amadi. His co-author, Hannah Stroud, said the government should "
            "require installers to be certified.")
    assert said(shared_attributor, text, "require installers") == ["Hannah Stroud"]


def test_a_name_that_only_modifies_a_noun_is_no_company(shared_attributor):
    text = ("The developer, Fenwright Homes, wants to rebuild the estate.\n\n"
            "Councillor Owen Laidlaw, who represents the Calloway ward, said a survey was needed.\n\n"
            "The company said in a written response that a ballot was not required.")
    assert said(shared_attributor, text, "a ballot was not required") == ["Fenwright Homes"]


def test_a_description_after_a_quote_is_the_one_who_spoke_it(shared_attributor):
    text = ("\u201cWe are not going anywhere,\u201d said Marguerite Osei, chair of the tenants' association. "
            "\u201cThese homes are ours.\u201d\n\n"
            "The 61-year-old, who has lived on the estate since 1989, said the association had collected "
            "1,400 signatures.")
    assert said(shared_attributor, text, "had collected 1,400 signatures") == ["Marguerite Osei"]


def test_he_after_a_minister_of_a_portfolio_is_that_minister(shared_attributor):
    text = ("The President held a meeting with Minister of Finance Sorin Balan and Minister of Energy Radu "
            "Petrescu.\n\n"
            "The Minister of Finance reported that tax revenues were 6.8 percent higher. He noted that the "
            "deficit remained within the limit.\n\n"
            "Radu Petrescu, for his part, said that gas reserves stood at 58 percent.")
    assert said(shared_attributor, text, "the deficit remained") == ["Sorin Balan"]


def test_what_a_hearer_was_informed_of_is_a_statement(shared_attributor):
    text = ("Radu Petrescu said gas reserves were high. The Minister of Energy informed the meeting that an "
            "agreement would be signed in April.")
    assert said(shared_attributor, text, "an agreement would be signed") == ["Radu Petrescu"]


def test_a_companys_legal_form_does_not_make_it_another_company(shared_attributor):
    text = ("Dockworkers at Halvorsen Logistics extend strike\n\n"
            "A strike by dockworkers at Halvorsen Logistics ASA entered its second week on Wednesday.\n\n"
            "Halvorsen Logistics denied that strike-breakers had been used.")
    speakers = {who for who, _ in statements(shared_attributor, text) if who}
    assert speakers == {"Halvorsen Logistics ASA"}


def test_a_quote_with_its_own_tag_is_not_also_the_content_of_a_cue_before_it(shared_attributor):
    text = ("Marcus Delaney, the EPA's regional administrator, told the committee that the agency had ordered "
            "repeat sampling. \u201cWe don't issue a warning on one sample,\u201d he said. \u201cWhen the second "
            "round confirmed the problem, we acted.\u201d")
    assert said(shared_attributor, text, "on one sample") == ["Marcus Delaney"]
