"""Stateless helpers over spaCy's parse: what a token is, where a clause's parts begin and end.

Everything here reads one token, span or sentence of the parse and the word lists of `lexicon`,
and nothing of the document around it; the stages (`cues`, `continuations`, `resolution`) combine
them with what they know of the document.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import TokSpan
from corpus.attribution.clauses import subordinate_before_main
from corpus.attribution.control import hyphen_end, object_controller

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAUSAL = {"ccomp", "xcomp"}  # the dependency labels of a clausal complement
OBJECTS = {"dobj", "oprd", "attr", "prep", "acomp", "advcl"}  # ... and of what an object cue acts on


def cue_lemma(t: Token) -> str | None:
    """The lemma of the cue `t` is ("say" for "said"), an adjective's own word ("convinced"), "_clause"
    for any verb with a that-clause and a personal subject, or None when `t` is no cue."""
    lemma = lx.FORM_TO_LEMMA.get(t.lower_)
    if lemma and any(c.dep_ == "prt" and c.i == t.i + 1 and (lemma, c.lower_) in lx.NOT_CUE_PARTICLES
                     for c in t.children):
        return None  # "failed to show up"; not "polls show Clinton up"
    bare_participle = t.tag_ == "VBN" and t.dep_ in ("acl", "advcl") and not any(
        c.dep_ in ("aux", "auxpass") for c in t.children)  # passive: "Kyle, referred to as ...", "Asked whether ..."
    if lemma and t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and not bare_participle:
        return lemma
    if t.lower_ in lx.CUE_ADJECTIVES and t.pos_ in ("ADJ", "VERB") and t.dep_ in ("acomp", "ROOT", "ccomp", "conj"):
        if any(c.dep_ in ("ccomp", "prep", "xcomp") and (c.dep_ != "prep" or c.lower_ in lx.CUE_ADJECTIVE_PREPS)
               for c in t.children) or t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "that":
            return t.lower_
    if t.pos_ == "VERB" and t.lower_ not in lx.NOT_CUES and any(
            c.dep_ == "ccomp" and c.i > t.i and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            for c in t.children):
        # any verb with a that-clause ("made it clear that", "has maintained that"), if a person or
        # organisation is its subject (checked by the caller)
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is not None and (subj.pos_ == "PROPN" or subj.lower_ in lx.PERSONAL_SUBJECTS):
            return "_clause"
    return None


def person_noun(base: str) -> bool:
    """Is `base` (a singular noun) a word for people by what they do, by its ending ("proponent",
    "organizer", "strategist"), and not an act or a thing ("achievement", "comment")?"""
    return base.endswith(lx.PERSON_SUFFIXES) and not base.endswith(lx.NOT_PERSON_ENDINGS) and base not in lx.NOT_SOURCES


def subject(v: Token, known_name: Callable[[str], bool]) -> tuple[Token | None, str | None]:
    """The source of the cue `v` and its dependency label, found through conjunctions, participles and
    relative clauses; `known_name` tells a name the document knows (for `subject_fallback`)."""
    cur = v
    chain = []  # the heads climbed through from the cue
    outer = v.head.head
    if (v.dep_ == "conj" and v.head.dep_ == "ccomp" and outer.lower_ in lx.FORM_TO_LEMMA and v.tag_ == outer.tag_
            and v.head.tag_ != v.tag_ and any(c.dep_ == "ccomp" for c in v.children)
            and any(c.dep_ == "mark" or c.tag_ in ("WRB", "WP") for c in v.head.children if c.i < v.head.i)):
        # "The head of state noted that several districts had faced shortages and said that ...": the
        # parser joins "said" to the reported clause, but its form is the outer cue's ("noted", "said"),
        # not the reported verb's ("had faced"): the one who noted it said it
        cur = v.head.head
        chain.append(cur)
    for _ in range(4):
        if (cur is not v and v.tag_ == "VBG" and v.dep_ == "advcl" and cur.dep_ == "ccomp"
                and cur.head.lower_ in lx.FORM_TO_LEMMA and not any(
                    c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON") for c in cur.children)):
            # "Clinton said that the plan would fail, arguing that ...": the one who said it argues (but
            # "Aides say Ivanka Trump advises her father, reciting ...": Ivanka recites)
            cur = cur.head
            chain.append(cur)
        # the parser now and then hangs the subject on the auxiliary ("Grant | is convinced that ...")
        subjects = list(cur.children) + [g for a in cur.children if a.dep_ in ("aux", "auxpass")
                                                for g in a.children]
        # "Welcoming Mr Robertson, Mr Putin said": the object of an opening participle, parsed as a
        # second subject, is not the one who speaks
        if sum(c.dep_ in ("nsubj", "nsubjpass") and c.i < cur.i for c in subjects) > 1:
            subjects = [c for c in subjects if not _participle_object(c)]
        for c in subjects:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != v.i:
                c = hyphen_end(c)
                if c.lower_ in lx.RELATIVE_SUBJECTS and cur.dep_ == "relcl":
                    return cur.head, c.dep_
                if c.lower_ == "who" and cur.dep_ == "ccomp" and c.i == cur.left_edge.i:
                    # "..., said Slayton, ... and who is now supporting Rubio": a relative clause the parser
                    # made a complement; "who" is the subject before it
                    ante = next((k for k in cur.head.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < c.i and all(
                        t.is_punct or t.dep_ == "cc" for t in c.doc[k.right_edge.i + 1:c.i])), None)  # not "tells voters who"
                    if ante is not None:
                        return ante, c.dep_
                if c.lower_ == "it" and v.tag_ not in ("VBD", "VBZ", "VBP") and any(
                        h.pos_ == "ADJ" or h.lemma_ in lx.EXTRAPOSING_HEADS or h.lower_ in lx.EXTRAPOSING_HEADS for h in chain):
                    return None, None  # "it is worth noting", "it was too early to tell", "it goes without saying"
                appos = next((a for a in c.children if a.dep_ == "appos"), None)
                if appos is not None and is_dateline(c):
                    return appos, c.dep_  # "WASHINGTON -- President Obama ... said": Obama, not the city
                named = named_apposition(c)
                if named is not None:
                    return named, c.dep_
                return c, c.dep_
        if (controller := object_controller(cur)) is not None:
            return controller, "nsubj"
        if cur.dep_ in ("conj", "xcomp", "advcl", "acomp", "pcomp", "prep") and cur.head is not cur:
            if cur.dep_ == "prep" and cur.head.dep_ == "advmod" and cur.head.pos_ == "ADV":
                cur = cur.head  # "Trump stopped short of calling X racist": past the adverb to the verb
            cur = cur.head
            chain.append(cur)
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN"):
            addressed = _addressing_verb(cur)
            if addressed is not None:
                cur = addressed  # "Sanders emailed supporters saying ...": Sanders says it, not the supporters
                chain.append(cur)
                continue
            return cur.head, "nsubj"
        break
    # "..., said Trump." parsed with Trump as an object
    if v.lower_ in lx.INVERTED_CUE_FORMS:
        for c in v.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "appos") and c.pos_ == "PROPN":
                return c, "nsubj"
    return subject_fallback(v, known_name)


def _addressing_verb(part: Token) -> Token | None:
    """The verb whose hearer an -ing word hangs on, where the parser made the word describe the hearer:
    "emailed supporters saying", "wrote to members saying", "told reporters saying"."""
    if part.dep_ != "acl" or part.tag_ != "VBG":
        return None
    hearer = part.head
    verb = hearer.head
    to = hearer.dep_ == "pobj" and verb.lower_ == "to"
    if to:
        hearer, verb = verb, verb.head
    lemma = lx.FORM_TO_LEMMA.get(verb.lower_)
    if hearer.dep_ in ("dobj", "dative", "prep") and verb.pos_ == "VERB" and (
            lemma in lx.ADDRESSING_VERBS or to and lemma == "write"):  # "wrote to members saying", not "wrote a man calling"
        return verb
    return None


def _participle_object(s: Token) -> bool:
    """ "Welcoming Mr Robertson,": a phrase that opens the sentence with an -ing word and ends in a comma."""
    sd = s.doc
    first, last = sd[s.left_edge.i], s.right_edge
    comma = last.text == "," or (last.i + 1 < len(sd) and sd[last.i + 1].text == ",")
    return first.i == s.sent.start and first.lower_.endswith("ing") and len(first) > 5 and first.i < s.i and comma


def is_vocative(s: Token) -> bool:
    """Is `s` a hearer the sentence addresses, not its subject: "Mr President, we have repaired ...",
    "Colleagues, I believe ...", "Governor Pence, recently the New York Times ... reported"? The
    phrase opens the sentence, is names, titles or a word of address ("Colleagues", "Ladies and
    gentlemen") without an article, a comma ends it, and the parser hangs it loose on the clause
    (an adverbial noun, an interjection) or the clause after the comma has a subject of its own."""
    sd = s.doc
    sent = s.sent
    a, b = s.left_edge.i, s.right_edge.i + 1
    while a < b and sd[a].is_punct:
        a += 1
    if a != _first_word(sent):
        return False
    if sd[a].lower_ == "dear":
        a += 1
    if b >= sent.end or sd[b].text != ",":
        return False
    words = [t for t in sd[a:b] if not t.is_punct]
    if not words or any(t.tag_ in ("DT", "PRP", "PRP$", "POS") or t.like_num for t in words):
        return False
    if not all(t.pos_ == "PROPN" or t.text[:1].isupper() or t.lower_ in lx.VOCATIVE_WORDS or t.lower_ in ("and", "of")
               for t in words):
        return False
    if s.dep_ in ("npadvmod", "intj", "dep", "vocative"):
        return True
    # the verb has a subject of its own after the comma ("Colleagues, I believe ...", parsed as two subjects)
    heads = {s.head, sent.root}
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > b for h in heads for c in h.children)


def addressed_appos(s: Token, v: Token) -> Token | None:
    """ "Dr. Ferraro, the Harbour Board's environmental statement says ...": a name that opens the sentence
    and addresses the hearer, which the parser made the subject with the real one in apposition (the
    verb follows the apposition with no comma to close it). The apposition, or None."""
    opens = s.left_edge.i == _first_word(s.sent) or s.doc[s.left_edge.i - 1].text == ":"  # after a turn's label
    if s.pos_ != "PROPN" or s.head.i != v.i or not opens:
        return None
    appos = next((a for a in s.children if a.dep_ == "appos" and a.i > s.i), None)
    if appos is None or appos.pos_ != "NOUN" or s.doc[appos.left_edge.i - 1].text != ",":
        return None
    if not any(k.dep_ in ("det", "poss") for k in appos.children) or appos.right_edge.i + 1 != v.i:
        return None
    return appos


def _first_word(sent: Span) -> int:
    """The index of the first token of a sentence that is not punctuation (an opening quote)."""
    return next((t.i for t in sent if not t.is_punct and not t.is_space), sent.start)


def subject_fallback(v: Token, known_name: Callable[[str], bool]) -> tuple[Token | None, str | None]:
    """The parser lost the subject ("... the editorial board of the Washington Post Trump said that ...");
    a finite verb of saying right after a name or pronoun has found it."""
    if v.tag_ in ("VBD", "VBZ", "VBP") and v.i > 0:
        j = v.i - 1
        while j > 0 and v.doc[j].pos_ == "ADV":
            j -= 1
        prev = v.doc[j]
        if prev.pos_ == "PROPN" or prev.lower_ in lx.PERSONAL_SUBJECTS or (
                prev.text[:1].isupper() and known_name(prev.text)):
            return prev, "nsubj"  # the tagger reads "Trump" as a noun now and then
        if prev.text == ",":
            # "Flynn, a top Trump surrogate, said": skip the apposition back to the name
            k = j - 1
            while k > 0 and v.doc[k].text != "," and j - k < 12:
                k -= 1
            if k > 0 and v.doc[k].text == "," and v.doc[k - 1].pos_ == "PROPN":
                return v.doc[k - 1], "nsubj"
    return None, None


def mention_span(s: Token) -> TokSpan:
    """Token span of a source mention: the subject without relative clauses and appositions."""
    a = s.left_edge.i
    b = s.i + 1
    for c in s.rights:
        if c.dep_ in ("appos", "relcl", "acl", "punct", "advmod", "parataxis") or c.text in (",", "("):
            break
        b = c.right_edge.i + 1
    while a < s.i and s.doc[a].dep_ in ("punct", "cc", "preconj"):
        a += 1
    return TokSpan(a, b)


def to_sentence_end(v: Token, b: int, sent: Span, adjuncts_end: bool = False) -> int:
    """Reported content runs to the end of the sentence, up to a new cue or clause break; with
    `adjuncts_end` (an object's content) also up to the cue's own adjuncts ("attacked Machado | in
    early-morning tweets"), another verb of its ("... and suggested") or a clause the writer adds
    (", which ...")."""
    sd = v.doc
    end = b
    stops = set()
    if subordinate_before_main(v):
        # "When Trump suggested that Cuba would sue, | Rubio fired back": the main clause after the cue's
        # own is the writer's
        sent = sd[sent.start:max(b, v.right_edge.i + 1)]
    if adjuncts_end:
        verbs = [c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        stops = {c.left_edge.i for c in v.children if c.i >= b and (
            c.dep_ == "prep" and c.lower_ in lx.ADJUNCT_PREPS or c.dep_ in ("npadvmod", "advcl") or c in verbs
            or c.dep_ == "cc" and any(x.i > c.i for x in verbs))}
    for t in sd[b:sent.end]:
        if t.text in (";", "—", "--", "―") or (t.text == ":" and t.i > b) or t.i in stops or (
                t.lower_ == "according" and t.i + 1 < len(sd) and sd[t.i + 1].lower_ == "to" and sd[t.i - 1].text == ","):
            break
        if adjuncts_end and ends_object(t):
            break
        if t.lower_ in lx.FORM_TO_LEMMA and t.pos_ == "VERB" and (t.tag_ == "VBG" or t.dep_ in ("conj", "ROOT")):
            break  # ", adding that ...": the next statement starts here
        if t.dep_ == "nsubj" and t.head.i >= b and t.head.lower_ in lx.FORM_TO_LEMMA:
            end = min(end, max(b, t.left_edge.i))  # "..., | the poll found"
            break
        end = t.i + 1
    while end > b and (sd[end - 1].is_punct and sd[end - 1].text not in ("”", "\"", "’", "'", ")")):
        end -= 1
    return max(b, end)


def rest_of_sentence(v: Token, s: Token, sent: Span, lemma: str) -> TokSpan | None:
    """For a verb of saying the parser left without a clause: what follows its clause.

    "he told a meeting of leaders that few people understood ...": from "that" on;
    "Trump said after the convention he would not accept ...": after the adverbials.
    """
    sd = v.doc
    i = v.i + 1
    if s.i > v.i:  # "said Trump"
        i = max(i, s.right_edge.i + 1)
    that = next((t for t in sd[i:min(sent.end, i + 14)] if t.lower_ == "that" and t.dep_ in ("mark", "nsubj", "dobj")
                 and t.tag_ in ("IN", "WDT")), None)
    if that is not None:
        i = that.i
    elif lemma in lx.CUES_WITH_HEARER:
        objs = [c for c in v.rights if c.dep_ in ("dobj", "dative")]
        if objs:
            i = max(i, objs[-1].right_edge.i + 1)
    end = sent.end
    while end > i and sd[end - 1].is_punct:
        end -= 1
    toks = sd[i:end]
    if len(toks) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in toks) or toks[0].is_punct and toks[0].text != "“":
        return None
    if that is None and toks[0].dep_ == "mark" and toks[0].lower_ in lx.TIME_MARKS:
        return None  # "..., Quina Jones said | as she moved through the city": when, not what
    if any(t.dep_ == "nsubj" for t in toks) or that is not None:
        return TokSpan(i, end)
    return None


def without_headline_verb(ent: Span) -> Span:
    """The name without a headline's verb the NER took into it: "Obama Says (Museum Tells)", "Marco Rubio
    Responds (To Question)", "Ben Carson Defends". A verb by its tag (says, explained, will), or for a
    person a plural-looking word that is an inflected verb of saying ("Defends", "Tweets"). Places are
    left whole (United States), and so are names whose words are only names (Theresa May, Edward Said)."""
    if ent.label_ not in ("PERSON", "ORG") or len(ent) < 2:
        return ent
    for k, t in enumerate(ent):
        if k == 0:
            continue
        low = t.lower_
        verb = t.tag_ in ("VBZ", "VBD", "VBN", "VBP", "MD") or ent.label_ == "PERSON" and t.tag_ == "NNPS" and (
            lx.FORM_TO_LEMMA.get(low) not in (None, low))
        if verb:
            from spacy.tokens import Span

            return Span(ent.doc, ent.start, ent.start + k, label=ent.label_)
    return ent


def author(t: Token) -> Token | None:
    """Who wrote the tweets, letter or statement `t`: its possessor ("Trump's tweets", "Trump's flurry of
    tweets"), the subject of the verb that put it out ("Trump unleashed a series of tweets"), or the one
    it is by ("a poll by RealClearPolitics", "polls compiled by ...", "an analysis of FEC data by ...")."""
    for _ in range(3):
        poss = next((c for c in t.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        named = [c for c in t.children if c.pos_ == "PROPN" and (c.dep_ == "compound" or c.dep_ == "nmod" and (
            c.ent_type_ in ("ORG", "PERSON") or any(k.dep_ == "prep" and any(o.pos_ == "PROPN" for o in k.children)
                                                  for k in c.children)))]
        # ("One Club for Growth ad", not "a January 2016 study", "A Feb. 1 letter")
        if named:
            return named[-1]  # "a Donald Trump tweet"
        by = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in lx.AUTHOR_PREPS), None)
        author = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if author is not None:
            return author  # "a letter from his doctor"
        inside = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "in"), None) if t.lower_ in lx.PUBLISHED_IN_NOUNS else None
        paper = next((c for c in inside.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None) if inside is not None else None
        if paper is not None:
            return paper  # "a new article in Politico"
        for c in t.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and c.lower_ in lx.MAKING_VERBS:  # "polls compiled by ..."
                agent = next((a for a in c.children if a.dep_ == "agent"), None)
                author = next((a for a in agent.children if a.dep_ == "pobj"), None) if agent is not None else None
                if author is not None:
                    return author
            if c.dep_ == "prep" and c.lower_ == "of":  # "an analysis of FEC data by Crowdpac"
                for o in (a for a in c.children if a.dep_ == "pobj"):
                    by = next((a for a in o.children if a.dep_ == "prep" and a.lower_ == "by"), None)
                    author = next((a for a in by.children if a.dep_ == "pobj"), None) if by is not None else None
                    if author is not None and author.text[:1].isupper():
                        return author
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
            t = t.head.head  # "a flurry of tweets", "a series of tweets"
            continue
        sender = next((r for r in t.children if r.dep_ == "relcl" and r.lower_ in lx.PUBLISHING_FORMS | lx.PRODUCING_FORMS), None)
        if sender is not None and (subj := next((c for c in sender.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which")), None)):
            return subj  # "a letter the Sanders campaign sent the DNC"
        if t.dep_ == "dobj" and t.head.lower_ in lx.PUBLISHING_FORMS | lx.PRODUCING_FORMS:
            # "Trump unleashed a series of ...", "The Washington Post recently ran a piece that noted"
            return next((c for c in t.head.children if c.dep_ == "nsubj"), None)
        return None
    return None


def missed_names(sd: Doc, tok_ent: dict[tuple[int, int], Span], pi: int, surnames: set[str]) -> list[Span]:
    """Person spans for full names the NER missed: a given name from the lexicon's lists right before
    the surname of a person the NER did find ("Ivanka Trump told ...", in an article that names Donald
    Trump), so the surname does not link to that other person. Not inside a longer name ("Mario Vargas
    Llosa"), and not "Rose Bowl", which shares its surname with no one."""
    from spacy.tokens import Span

    out = []
    for t in sd:
        if t.i == 0 or t.pos_ != "PROPN" or t.tag_ != "NNP" or (pi, t.i) in tok_ent or t.lower_ not in surnames:
            continue
        given = sd[t.i - 1]
        if (given.dep_ == "compound" and given.head.i == t.i and (pi, given.i) not in tok_ent
                and given.lower_ in lx.MALE_NAMES | lx.FEMALE_NAMES
                and not (t.i > 1 and sd[t.i - 2].dep_ == "compound" and sd[t.i - 2].head.i == t.i)):
            out.append(Span(sd, given.i, t.i + 1, label="PERSON"))
    return out


def named_apposition(s: Token) -> Token | None:
    """The name the parser hangs on a subject that names no one: "With 50 days until the election,
    Minyon Moore, a senior adviser, called ..." (Moore as an apposition of "election"). Only for a
    singular common noun that is no role or body (a role is resolved as a description: "Italy's
    Northern League leader Matteo Salvini"), and only a person or organisation the NER names: not
    "The day, Monday", not a pair ("the vote, Clinton and Kaine"), a possessive ("The stop, Sanders's
    first") or a parenthesis."""
    if s.pos_ != "NOUN" or s.tag_ != "NN" or s.lower_ in lx.SOURCE_NOUNS:
        return None
    for a in s.children:
        if (a.dep_ == "appos" and a.pos_ == "PROPN" and a.ent_type_ in ("PERSON", "ORG")
                and not any(c.dep_ in ("conj", "case") for c in a.children)
                and not any(t.text == "(" for t in s.doc[s.i + 1:a.i])):
            return a
    return None


def is_dateline(t: Token) -> bool:
    """A dateline opening a story: "WASHINGTON --", "NEW YORK —"."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return (t.text.isupper() and len(t.text) > 2 and t.i <= 3 and nxt is not None
            and nxt.text in ("--", "—", "–", "-", "―"))


def honorific(ent: Span) -> str | None:
    """The gendered honorific before a name the NER left out of it ("Mr." of "Mr. Obama")."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in lx.HONORIFICS_MALE | lx.HONORIFICS_FEMALE:
        return prev.text.rstrip(".")
    return None


def ends_object(t: Token) -> bool:
    """Where an object's content ends though the parser hangs the rest on it: a weekday ("blasted Clinton
    as a “disgrace” | Wednesday") or a clause the writer adds ("criticized the ruling | , which came ...")."""
    if t.dep_ == "npadvmod" and t.lower_ in lx.TIME_WORDS and t.head.pos_ in ("NOUN", "PROPN"):
        return True
    return t.text == "," and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in lx.RELATIVE_OPENERS


def evidence_source(s: Token) -> bool:
    """A poll, study or document: what it shows is reported as its finding."""
    low = s.lower_
    return low in lx.EVIDENCE_NOUNS or (low[:-1] if low.endswith("s") else low) in lx.EVIDENCE_NOUNS


EMBEDDING_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "xcomp", "pcomp", "parataxis"})


def embedded(t: Token) -> bool:
    """Is `t` inside a clause under its sentence's main clause ("Axelrod said the attention helped
    Clinton, who did not need it as Obama did": Clinton and Obama are, Axelrod is not)?"""
    h = t
    while h.head.i != h.i:
        if h.dep_ in EMBEDDING_DEPS:
            return True
        h = h.head
    return False


_COPULAS = frozenset({"is", "was", "be", "been", "being", "became", "become", "becomes", "becoming",
                      "remains", "remained", "remain"})
_SERVING = frozenset({"served", "serves", "serving", "serve"})


def predicated_role(root: Token) -> str | None:
    """A role the sentence says its subject holds: "Donald Trump would become the Republican
    presidential candidate", "Clinton, who served as secretary of state," -> the role up to its head
    noun (not "Trump is not the nominee", nor a role the sentence asks about)."""
    verb: Token | None = root.head
    if root.dep_ != "nsubj":  # "Clinton, who served as secretary of state"
        verb = next((c for c in root.children if c.dep_ == "relcl"
                     and any(t.dep_ == "nsubj" and t.lower_ == "who" for t in c.children)), None)
    if verb is None or any(t.dep_ == "neg" for t in verb.children) or verb.sent[-1].text == "?":
        return None
    if verb.lower_ in _COPULAS:
        noun = next((t for t in verb.children if t.dep_ == "attr"), None)
    elif verb.lower_ in _SERVING:
        prep = next((t for t in verb.children if t.dep_ == "prep" and t.lower_ == "as"), None)
        noun = next((t for t in prep.children if t.dep_ == "pobj"), None) if prep is not None else None
    else:
        return None
    if (noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ not in lx.OFFICES
            or any(t.dep_ == "case" for t in noun.children)):  # "is the candidate's first ... backer"
        return None
    toks = [t for t in noun.doc[noun.left_edge.i:noun.i + 1] if t.dep_ not in ("det", "punct", "case", "poss")
            and t.tag_ != "POS" and not any(a.dep_ == "poss" for a in t.ancestors if a.i <= noun.i and a is not noun)]
    return " ".join(t.text for t in toks) or None


def hyphenated_role(t: Token) -> str | None:
    """The role word a hyphen joins to `t` ("front-runner", "co-founder"), which the tokenizer splits."""
    sd = t.doc
    if t.i < 2 or sd[t.i - 1].text != "-" or sd[t.i - 1].whitespace_ or sd[t.i - 2].whitespace_:
        return None
    word = f"{sd[t.i - 2].lower_}-{t.lower_}"
    return word if word in lx.ROLE_NOUNS | lx.OCCUPATIONS else None


def which_follows(t: Token) -> bool:
    """Does a "which" clause follow the name ending at `t`: "Politifact (which is not known as ...)",
    "Gallup, which ..."? Then it names a body, not a person."""
    nxt = [n.lower_ for n in t.doc[t.i + 1:t.i + 3]]
    return nxt[:1] == ["which"] or nxt[:1] in (["("], [","]) and nxt[1:] == ["which"]


def proxy_word(low: str) -> bool:
    """Is `low` a word for people who speak for someone else ("spokeswoman", "attorneys")?"""
    return low in lx.PROXY_ROLES or (low.endswith("s") and low[:-1] in lx.PROXY_ROLES) or (
        low.endswith("men") and low[:-3] + "man" in lx.PROXY_ROLES)
