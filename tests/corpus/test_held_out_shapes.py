"""Attribution on shapes the blind coref sets showed (PolNeAR articles nobody tuned for): a cue in an "as"
clause before the sentence it reports, a headline label that is no name, a person's full name the NER took
for an organisation, a company's name the NER took for a person ("the company" is then it, not its drug or
a newspaper), a description after a quote when the headline names no one, a name that opens its sentence
before a comma, "the firm X", a name compounding a poll or a filing, a leader who is no president. Every text
here is written for the test."""
from __future__ import annotations

from corpus.document import Document


def statements(attributor, text: str, title: str | None = None) -> list[tuple[str | None, str]]:
    result = attributor.attribute(Document(id="t.txt", text=text, title=title))
    return [(s.speaker, text[s.start:s.end]) for s in result.statements]


def said(attributor, text: str, content: str) -> list[str | None]:
    """The speakers of the statements whose content holds `content`."""
    return [who for who, words in statements(attributor, text) if content in words]


def test_a_cue_in_an_as_clause_reports_the_sentence_after_it(shared_attributor):
    text = ("The vote was close. As Mara Lindqvist noted, the plan is dead.\n\n"
            "As the Ledger's Tom Hargreave puts it, the council is trying to make residents an offer they "
            "cannot refuse.\n\n"
            "As the Corvent chief executive, Ilse Brandt, put it in her memo to staff, \"Imagine a company "
            "that no longer waits for its rivals.\"")
    assert said(shared_attributor, text, "the plan is dead") == ["Mara Lindqvist"]
    assert said(shared_attributor, text, "the council is trying") == ["Tom Hargreave"]
    assert said(shared_attributor, text, "Imagine a company") == ["Ilse Brandt"]


def test_an_as_clause_of_time_or_manner_reports_nothing(shared_attributor):
    text = "As Mara Lindqvist spoke, protesters gathered outside. The bill passed, as expected."
    assert said(shared_attributor, text, "protesters gathered") == []


def test_a_headline_label_that_is_no_name_is_no_source(shared_attributor):
    text = ("Just Leaked: Look At The Mayor's Response To The Flood Report\n\n"
            "In the spring, Mayor Elena Varga said at a press conference, \"No report reached my desk.\" "
            "The mayor reiterated: \"I was never told about the levee.\"")
    found = statements(shared_attributor, text)
    assert "Just Leaked" not in {who for who, _ in found}
    assert said(shared_attributor, text, "never told about the levee") == ["Elena Varga"]


def test_a_full_name_the_ner_reads_as_a_body_is_the_person_the_text_calls_ms(shared_attributor):
    text = ("Visa checks missed the attacker's views\n\n"
            "Tashfeen Malik passed three background checks, but none uncovered that she talked openly "
            "about her views.\n\n"
            "Ms. Malik moved to the country in 2014, officials said.")
    assert said(shared_attributor, text, "about her views") == ["Tashfeen Malik"]


def test_a_company_the_ner_reads_as_a_person_is_the_company(shared_attributor):
    text = ("Drugmaker recalls pills\n\n"
            "Helvix Pharma is recalling 1.2 million packs of its drug Corvadel, regulators said on Wednesday.\n\n"
            "Helvix said the contamination came from a supplier.\n\n"
            "The newspaper Le Quotidien reported on Tuesday that Helvix had been warned about the supplier. "
            "The company denied that.")
    assert said(shared_attributor, text, "came from a supplier") == ["Helvix Pharma"]
    assert [who for who, words in statements(shared_attributor, text) if words == "that"] == ["Helvix Pharma"]


def test_a_description_after_a_quote_is_the_one_in_focus_when_the_headline_names_no_one(shared_attributor):
    text = ("The candidates' favourite television shows\n\n"
            "Hillary Clinton, the Democratic front-runner, loves \"The Good Wife.\" \"Sometimes we need our fix!\" "
            "Clinton said.\n\n"
            "Donald Trump, the Republican front-runner, listed an NBC show as his guilty pleasure.\n\n"
            "\"My guilty pleasure TV show -- SNL, starring me,\" the billionaire business mogul told People.")
    assert said(shared_attributor, text, "starring me") == ["Donald Trump"]


def test_a_name_that_opens_its_sentence_before_a_comma_is_its_subject(context_of):
    ctx = context_of("And Obama, for all the progress he helped wrangle from world leaders, seems to agree.")
    roles = {(ctx.table.entities[eid].name, role) for _, eid, role in ctx.table.timeline}
    assert ("Obama", "subject") in roles


def test_in_someones_view_frames_the_rest_of_the_sentence_as_theirs(shared_attributor):
    text = ("The mayor stood by her words and deeds. Senator Ann Reyes met the water board on Monday. In her view, "
            "the tariff cap is a mistake. In Halloran's view, the deal was weak. In the words of one trustee, the plan "
            "is \"dead on arrival.\"")
    assert said(shared_attributor, text, "the tariff cap is a mistake") == ["Ann Reyes"]
    assert said(shared_attributor, text, "the deal was weak") == ["Halloran"]
    assert said(shared_attributor, text, "dead on arrival") == [None]
    assert said(shared_attributor, text, "deeds") == []
    text = "In view of the persisting threats, the ministry has prepared separate accommodation for everyone."
    assert statements(shared_attributor, text) == []


def test_a_cue_inside_the_sentence_it_reports_keeps_the_subject_before_it(shared_attributor):
    text = "Rates are low. And that, as Mara Lindqvist points out, is quite a bit right now."
    assert [w for who, w in statements(shared_attributor, text) if who == "Mara Lindqvist"] == [
        "that, as Mara Lindqvist points out, is quite a bit right now"]


def test_a_generic_label_with_a_name_in_brackets_is_that_person(shared_attributor):
    text = ("Forum on water\n\n"
            "MODERATOR (ANNE BRIGHTWATER): Good evening and welcome to the forum on water tariffs tonight.\n\n"
            "TOMAS HERRICK: Thank you. Our voters live at the end of the pipe, not the beginning of it.\n\n"
            "MODERATOR: Mr. Herrick, would your party support a second freeze next year then?\n\n"
            "TOMAS HERRICK: Only with a fund for rural wells, and we said so from the start.")
    result = shared_attributor.attribute(Document(id="t.txt", text=text))
    turns = [(s.speaker, text[s.start:s.end][:12]) for s in result.statements if s.cue == ":"]
    assert turns == [("Anne Brightwater", "Good evening"), ("Tomas Herrick", "Thank you. O"),
                     ("Anne Brightwater", "Mr. Herrick,"), ("Tomas Herrick", "Only with a ")]


def test_the_people_of_a_photo_caption_are_not_the_ones_he_stands_for(shared_attributor):
    text = ("George Zimmerman is auctioning off the gun. Zimmerman said he had received offers for the gun. "
            "He did not elaborate.\n\n"
            "Jane Doe/Reuters.\n\n"
            "Police officer Timothy Smith holds up the gun used by George Zimmerman during the 2013 trial.\n\n"
            "\u201cThe firearm is fully functional and in its original holster,\u201d he added.")
    assert said(shared_attributor, text, "fully functional") == ["George Zimmerman"]


def test_a_role_the_text_gives_as_former_does_not_rule_a_candidate_out(shared_attributor):
    text = ("The candidates' favourite television shows\n\n"
            "Hillary Clinton, the Democratic front-runner, loves \"The Good Wife.\" \"Sometimes we need our fix!\" "
            "Clinton said.\n\n"
            "Donald Trump, the Republican front-runner and former host of the reality show \"The Apprentice,\" "
            "listed an NBC show as his guilty pleasure.\n\n"
            "\"My guilty pleasure TV show -- SNL, starring me,\" the billionaire business mogul told People.")
    assert said(shared_attributor, text, "starring me") == ["Donald Trump"]


def test_a_government_of_a_nationality_is_that_country_or_no_one(shared_attributor):
    text = ("Donald Trump met donors at a hotel in New York on Monday. The Turkish government said it had paid for "
            "the event.")
    assert said(shared_attributor, text, "paid for the event") == [None]
    text = "Turkey paid for the event in New York, officials said. The Turkish government said it had paid for the event."
    assert said(shared_attributor, text, "it had paid for the event") == ["Turkey"]


def test_the_president_is_not_the_vice_president(shared_attributor):
    text = ("Vice President Joseph R. Biden Jr. met the commanders in Iraq on Monday.\n\n"
            "The president said the troops would stay through the spring.")
    assert said(shared_attributor, text, "troops would stay") == [None]


def test_some_democrats_are_a_group_and_no_she(shared_attributor):
    text = ("Hillary Clinton won five states on Tuesday.\n\n"
            "Some Democrats worry that Mrs. Clinton will struggle to match the turnout of 2008.\n\n"
            "The challenge for Mrs. Clinton is reversed from 2008, when she sought to counter Mr. Obama's appeal to "
            "young voters.")
    assert said(shared_attributor, text, "counter Mr. Obama's appeal") == ["Hillary Clinton"]
    assert said(shared_attributor, text, "will struggle to match") == [None]  # a group the text does not name, no person


def test_an_email_sent_from_someone_says_what_they_wrote(shared_attributor):
    text = ("According to The Guardian, an email was sent from the club's executive director, Jeremy Boreing, to the "
            "club members. The email said the club would wind down its foundation.\n\n"
            "The email went on to say that fewer people pay the dues that keep the club open.")
    assert said(shared_attributor, text, "fewer people pay the dues") == ["Jeremy Boreing"]


def test_a_person_the_text_brings_in_as_the_firm_x_is_a_body(shared_attributor):
    text = ("Velacorp had argued that the customers could not show they had suffered any financial loss. Its lead "
            "lawyer, Richard Ames of the firm Ames Holloway, told the court at a hearing last month that the suit was "
            "baseless.\n\n"
            "Velacorp said it was disappointed and was considering an appeal. \"We continue to believe this case has "
            "no merit, and we will defend ourselves vigorously,\" a company spokeswoman said in an emailed statement. "
            "She declined to comment on the audit.\n\n"
            "Ames did not respond to a request for comment.\n\n"
            "Speaker of the House Newt Gingrich backed the plan in 1994. In July, Gingrich said the plan was dead.")
    assert said(shared_attributor, text, "the suit was baseless") == ["Richard Ames"]
    assert said(shared_attributor, text, "to a request for comment") == ["Richard Ames"]
    assert said(shared_attributor, text, "the plan was dead") == ["Newt Gingrich"]


def test_a_name_compounding_a_poll_or_a_filing_is_its_producer(shared_attributor):
    text = ("The Velmont Tribune's analysis of the race was published on Monday.\n\n"
            "The latest Pollvista average of state polls shows that Carrow leads by four points. "
            "The FEC filings show that the campaign spent $2 million on ads. "
            "A new Florida poll found that the race is tied.")
    assert said(shared_attributor, text, "Carrow leads") == ["Pollvista"]
    assert said(shared_attributor, text, "spent $2 million") == ["FEC"]
    assert said(shared_attributor, text, "the race is tied") != ["Florida poll"]


def test_a_leader_is_a_president_but_an_opposition_leader_is_no_president(shared_attributor):
    text = ("President Arvid Kallen met opposition leader Sofia Markel on Monday. Markel said the talks were "
            "useful.\n\n"
            "The President said that the budget would be balanced. The Kaldorian leader added that taxes "
            "would not rise.")
    assert said(shared_attributor, text, "the budget would be balanced") == ["Arvid Kallen"]
    assert said(shared_attributor, text, "taxes would not rise") == ["Arvid Kallen"]
