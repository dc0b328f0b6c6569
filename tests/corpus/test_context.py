"""The document context every attribution stage reads (corpus/attribution/context.py)."""
from __future__ import annotations

from corpus.attribution.candidate import TokSpan


def test_a_quote_left_open_continues_in_the_next_paragraph(context_of):
    ctx = context_of("Mayor Tom Hale spoke.\n\n“We spent every dollar.\n\n“Next year we fix the schools.”")
    assert [q.continued for q in ctx.quotes[2]] == [True]
    assert ctx.in_quote(2, ctx.paras[2].start + 5) and not ctx.in_quote(0, 3)


def test_turns_are_found_once_and_their_speakers_are_people_of_the_table(context_of):
    ctx = context_of("Debate.\n\nHOLT: What is your plan?\n\nKAINE: More agents at the border.\n\n"
                     "And better technology for them.\n\nHOLT: Thank you.")
    assert ctx.turn_of(0) is None
    assert [ctx.turn_of(i).continuation for i in (1, 2, 3, 4)] == [False, False, True, False]
    kaine = ctx.turn_entity(ctx.turn_of(3).turn)
    assert kaine.name == "Kaine" and kaine.kind == "person" and ctx.table.link_single("Kaine", 0) is kaine


def test_a_speakers_titles_are_descriptors_and_a_label_is_no_name_of_its_own(context_of):
    ctx = context_of("Meeting on energy\n\nPresident of Russia Vladimir Putin: How are the oil exports?\n\n"
                     "Energy Minister Alexander Novak: Exports grew by three percent.\n\n"
                     "Vladimir Putin: And gas?\n\nAlexander Novak: Gas exports are stable.")
    people = {e.name for e in ctx.table.entities if e.kind == "person"}
    assert people == {"Vladimir Putin", "Alexander Novak"}  # not "Energy Minister Alexander Novak"
    assert ctx.table.match_description("the Energy Minister", 10 ** 6).name == "Alexander Novak"
    assert ctx.table.match_description("the Russian President", 10 ** 6).name == "Vladimir Putin"


def test_a_title_the_ner_glues_to_a_name_is_a_descriptor(context_of):
    ctx = context_of("Belarus President Alexander Lukashenko met the delegation.")
    [e] = [e for e in ctx.table.entities if e.kind == "person"]
    assert e.name == "Alexander Lukashenko" and "president" in e.descriptors


def test_an_interviews_answers_are_the_interviewees(context_of):
    ctx = context_of("An interview with Jane Moss\n\nJane Moss has led the union since 2010.\n\n"
                     "Q: Will the strike go ahead?\n\nA: Yes. The members voted for it.")
    assert ctx.turn_entity(ctx.turn_of(2).turn) is None
    assert ctx.turn_entity(ctx.turn_of(3).turn).name == "Jane Moss"
    # two people before the first turn: nobody can tell whose the answers are
    ctx = context_of("Talks\n\nJane Moss and Tom Hale met.\n\nQ: Will the strike go ahead?\n\nA: Yes, it will.")
    assert ctx.turn_entity(ctx.turn_of(3).turn) is None


def test_an_interviews_questions_are_the_interviewer_its_introduction_names(context_of):
    intro = "Interview: Jane Moss on the strike\n\nJane Moss has led the union since 2010. She spoke with "
    turns = ("Question: Will the strike go ahead?\n\nJane Moss: Yes. The members voted for it.\n\n"
             "Question: For how long?\n\nJane Moss: A week.")
    ctx = context_of(intro + "our correspondent Tom Hale.\n\n" + turns)
    assert [ctx.turn_entity(ctx.turn_of(i).turn).name for i in (2, 4)] == ["Tom Hale", "Tom Hale"]
    # a press conference's questions are many people's: no one is named as the one asking
    ctx = context_of(intro + "reporters.\n\n" + turns)
    assert ctx.turn_entity(ctx.turn_of(2).turn) is None


def test_a_token_of_a_name_finds_its_entity(context_of):
    ctx = context_of("Senator Mary Cole spoke on Monday.")
    cole = next(t for t in ctx.sdocs[0] if t.text == "Cole")
    assert ctx.entity_at(0, cole).name == "Mary Cole"
    assert ctx.known_name("Cole") and not ctx.known_name("Monday")


def test_a_token_span_maps_to_trimmed_characters(context_of):
    ctx = context_of("Grant, a farmer, said no.")
    start, end = ctx.span(0, TokSpan(1, 5))  # ", a farmer ,"
    assert ctx.text[start:end] == "a farmer"


def test_a_person_name_has_no_digits_colons_or_lower_case_words():
    from corpus.attribution.entities import EntityTable

    table = EntityTable()
    assert table.add_person("the approximately four in 10 Iowa Republicans", 0) is None
    assert table.add_person("Poll: Voters", 0) is None
    assert table.add_person("some Democrats", 0) is None
    assert table.add_person("Maria de la Cruz", 0).name == "Maria de la Cruz"
    assert table.add_person("Ludwig van Beethoven", 0).name == "Ludwig van Beethoven"


def test_an_organisation_keeps_a_first_word_that_is_also_a_title(context_of):
    ctx = context_of("The Justice Department opened an inquiry into General Motors.")
    orgs = {e.name for e in ctx.table.entities if e.kind == "org"}
    assert {"Justice Department", "General Motors"} <= orgs


def test_an_organisation_the_ner_found_that_ends_in_a_given_name_and_surname_is_a_titled_person(shared_attributor):
    from spacy.tokens import Span

    from corpus.attribution.ner_repairs import titled_person

    def org(text: str) -> Span:
        doc = shared_attributor.nlp.make_doc(text)
        return Span(doc, 0, len(doc), label="ORG")

    assert titled_person(org("Acme CEO Carly Fiorell"))
    assert not titled_person(org("Morgan Stanley"))          # the surname is a given name too
    assert not titled_person(org("Mary Kay Foundation"))     # a body by its name
    assert not titled_person(org("ROME - Bernie Sands"))     # a dateline before the name
    assert not titled_person(org("Rome - Bernie Sands"))
    assert titled_person(org("spokesman Marc-Antoine Duval"))  # a hyphenated given name


def test_a_title_case_headline_phrase_is_no_person_unless_the_body_names_one(context_of):
    ctx = context_of("St. Paul Votes To Condemn The Mayor's Parking Ban.\n\n"
                     "The St. Paul City Council on Wednesday approved a resolution. Council member Dai Thao "
                     "said the ban was unfair.\n\nThao Plans Appeal, Says Mayor Erred.")
    people = {e.name for e in ctx.table.entities if e.kind == "person"}
    assert "Dai Thao" in people
    assert not any("Votes" in n or "Ban" in n for n in people)


def test_a_short_form_of_a_given_name_is_the_same_person(context_of):
    ctx = context_of("Sen. Charles Grassley chairs the committee. Chuck Grassley said the hearing would wait.")
    assert [e.name for e in ctx.table.entities if e.kind == "person"] == ["Charles Grassley"]


def test_a_given_name_alone_finds_the_person_by_either_form(context_of):
    ctx = context_of("Michael Bloomberg spoke first. Mike Bloomberg then took questions.\n\n"
                     "Warren said Mike should pay the same rate as his secretary.")
    mike = next(t for t in ctx.sdocs[1] if t.text == "Mike")
    assert ctx.table.link_single("Mike", ctx.abs(1, mike)).name == "Michael Bloomberg"


def test_a_one_word_person_used_only_as_a_place_to_post_is_a_platform(context_of):
    ctx = context_of("The account Trump retweeted on Twitter was a trap set up by Ashley Feinberg.\n\n"
                     "Feinberg posted the quote on Twitter, and his Twitter account shared it.")
    kinds = {n: e.kind for e in ctx.table.entities for n in e.names}
    assert kinds.get("Twitter") == "org"
    assert kinds.get("Ashley Feinberg") == "person"


def test_a_dateline_the_ner_glued_to_a_name_is_cut_off(context_of):
    text = ("Republican assails elites as he accepts party nomination\n\n"
            "CLEVELAND - Donald Trump painted a dire portrait of a lawless nation as he accepted the nomination.")
    ctx = context_of(text)
    [trump] = [e for e in ctx.table.entities if e.kind == "person"]
    assert trump.name == "Donald Trump" and min(trump.positions) == text.index("Donald")
    assert "cleveland" not in trump.descriptors
    assert not any("CLEVELAND" in n for e in ctx.table.entities for n in e.names)


def test_a_census_given_name_the_text_never_writes_lower_case_starts_a_missed_name(context_of):
    text = ("Networks did not cut away from Trump.\n\n"
            "Fox News’ Bret Baier noticed that none of the networks cut away for Clinton. He commented that his "
            "network held on Trump.")
    people = {e.name for e in context_of(text).table.entities if e.kind == "person"}
    assert "Bret Baier" in people
    # a census given name that is also a word the text writes in lower case is no sign of a name
    from corpus.attribution.context import _given_and_surname

    sd = context_of("Students at Sterling Hall said the money ran out.").sdocs[0]
    assert [s.text for s in _given_and_surname(sd, {}, 0)] == ["Sterling Hall"]
    assert _given_and_surname(sd, {}, 0, lower=frozenset({"sterling"})) == []


def test_an_office_the_sentence_says_someone_holds_is_a_descriptor(context_of):
    def descriptors(text):
        return {e.name: e.descriptors for e in context_of(text).table.entities if e.kind == "person"}
    d = descriptors("A year ago it seemed unlikely Donald Trump would become the Republican presidential candidate.")
    assert {"republican", "candidate"} <= d["Donald Trump"]
    assert "secretary" in descriptors("Hillary Clinton served as secretary of state.")["Hillary Clinton"]
    # not a figure of speech, a negation, a question, or a role the sentence gives someone else
    assert not descriptors("Donald Trump was the star of the final evening.")["Donald Trump"]
    assert not descriptors("Donald Trump is not the nominee yet.")["Donald Trump"]
    assert not descriptors("Is Donald Trump the nominee?")["Donald Trump"]
    assert "candidate" not in descriptors("Peter Thiel is the candidate's first prominent backer.")["Peter Thiel"]
