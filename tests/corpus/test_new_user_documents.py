"""Attribution on shapes a new user's documents showed us (transcript labels in capitals with a title, a
hearer addressed before the subject, a described office named after no body, a hyphenated title, a
place's name before a common noun, a description after a quote, a minister "of" a portfolio, a hearer
the parser gave the reported clause to, a company's legal form, a quote joined to its own tag; from later
users: "the federation" named in an apposition, "the government" that is no newspaper, the country after
"President of", "she" after an unnamed spokeswoman, a prime minister who is not the deputy, an office no
one on a panel holds, a union described by its members, an opposition leader who is no prime minister, a
governor the NER took for a place). Every text here is written for the test."""
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


def test_the_federation_is_the_federation_named_in_an_apposition(shared_attributor):
    text = ("Owen Pryce, general secretary of the Trades Federation, said his members would not accept a return to "
            "five days. The federation says more than 200 employers have signed agreements with it.")
    assert said(shared_attributor, text, "200 employers") == ["Trades Federation"]


def test_the_government_is_no_newspaper_and_no_board(shared_attributor):
    text = ("Drugmaker recalls pills\n\n"
            "Helvix Pharma is recalling 1.2 million packs of its drug Corvadel, regulators said on Wednesday.\n\n"
            "The Marland Water Board said it had not been consulted. French newspaper Le Quotidien reported on "
            "Tuesday that Helvix had been warned about the supplier.\n\n"
            "The government said it was monitoring supplies.")
    assert said(shared_attributor, text, "monitoring supplies") == [None]


def test_the_first_word_after_president_of_is_the_country(shared_attributor):
    text = ("The President of Veldora Mikhail Orlan held a meeting with Energy Minister Arkady Volnov.\n\n"
            "The head of state noted that the tariff review was overdue.")
    assert said(shared_attributor, text, "the tariff review was overdue") == ["Mikhail Orlan"]


def test_she_after_an_unnamed_spokeswoman_is_the_spokeswoman(shared_attributor):
    text = ("Outside the courthouse, Nadia Farouk, who represents the plaintiffs, called the ruling \"a turning "
            "point.\" Farouk said her clients would seek internal documents.\n\n"
            "Velacorp said it was considering an appeal. \"This case has no merit,\" a company spokeswoman said in "
            "an emailed statement. She declined to comment on the audit.")
    whos = said(shared_attributor, text, "on the audit")
    assert whos and set(whos) == {None}
    text = "Hillary Clinton spoke in Iowa on Monday. A Clinton spokesman said the event drew 2,000 people. She said the economy was her focus."
    assert said(shared_attributor, text, "the economy was her focus") == ["Hillary Clinton"]


def test_the_prime_minister_is_not_the_deputy_prime_minister(shared_attributor):
    text = ("Coalition rift deepens\n\n"
            "Deputy Prime Minister Marta Ilves hit back. \"If the finance minister has a better plan, she should "
            "publish it,\" Ilves said.\n\n"
            "The prime minister, who has so far avoided taking sides, urged calm. \"Disagreement inside a coalition is "
            "healthy,\" the veteran leader told a party meeting. Prime Minister Jonas Aalto added that he expected a "
            "compromise.")
    assert said(shared_attributor, text, "Disagreement inside a coalition") == ["Jonas Aalto"]


def test_an_office_no_one_holds_is_not_the_panels_host(shared_attributor):
    text = ("Transcript: panel on drought and farming\n\n"
            "HOST (MAYA OKONKWO): Good evening. With me tonight are Dr. Lena Fischbach, a hydrologist, and Daniel "
            "Corrigan, chair of the Ellery Valley Farmers' Association.\n\n"
            "DR. LENA FISCHBACH: It's the worst we have measured since records began in 1911.\n\n"
            "DANIEL CORRIGAN: Thank you, Maya. Our members have cut their water use by a third since 2019.\n\n"
            "So when the minister stands up and says farmers must \"do their part,\" my members ask what we have "
            "been doing.\n\n"
            "HOST (MAYA OKONKWO): Let us turn to prices then, and to what the shops are charging.")
    assert said(shared_attributor, text, "do their part") == [None]


def test_a_union_described_by_its_members_is_no_body_without_that_word(shared_attributor):
    text = ("A survey by Civica Research found that 61 percent of staff favour the four-day week.\n\n"
            "Unions are split. The industrial workers' union warns that factories with continuous shifts cannot "
            "simply close on Fridays.")
    assert said(shared_attributor, text, "continuous shifts") == [None]


def test_the_opposition_leader_is_the_senator_who_leads_the_opposition_not_the_prime_minister(shared_attributor):
    text = ("Finance Minister Helena Strand defended her plan to raise the fuel levy.\n\n"
            "Senator Margit Olander, who leads the opposition Rural Alliance, accused the government of punishing "
            "families. She told reporters that the rebate was a paper promise. The opposition leader also demanded "
            "an independent audit of the road fund.\n\n"
            "Prime Minister Jonas Reke said only that he had full confidence in his finance minister.\n\n"
            "Dora Fenwick, a political scientist, said both women were playing to their own voters.")
    assert said(shared_attributor, text, "an independent audit") == ["Margit Olander"]


def test_a_governor_the_ner_takes_for_a_place_is_the_governor_and_his_he(shared_attributor):
    text = ("The President held a meeting on the heating season.\n\n"
            "Governor of the Lorsk region Emil Varga reported on the situation in the region. He said that the "
            "replacement of 46 kilometres of pipes had begun.")
    assert said(shared_attributor, text, "on the situation in the region") == ["Emil Varga"]
    assert said(shared_attributor, text, "46 kilometres of pipes") == ["Emil Varga"]



def test_a_span_of_time_is_no_source(shared_attributor):
    text = ("The tribunal upheld the ban on Thursday. Corvane now has 30 days to decide whether to appeal. "
            "Years of delay showed that the plan had failed, the chairman said.")
    assert said(shared_attributor, text, "whether to appeal") == []
    assert said(shared_attributor, text, "the plan had failed") == [None]  # the chairman's, unnamed; not "Years"
