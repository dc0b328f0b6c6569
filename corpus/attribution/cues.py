"""Candidate statements of one paragraph: what each cue outside a quote reports, and who it names.

The cues: a transcript turn ("HOLT: ..."), a headline ("Ted Cruz Refuses to Disavow ..."), a verb or
adjective of saying or believing ("said", "is convinced that"), a reporting noun with its owner
("Trump's claim that ..."), and "according to". Each candidate carries its source token (resolved
later, in `resolution`) and its content: an adjacent quote (direct), the clausal complement or what
the cue acts on (indirect), or such a complement containing a quote (mixed).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.attribution import lexicon as lx
from corpus.attribution.candidate import Candidate, CharSpan, TokSpan
from corpus.attribution.clauses import as_clause, reduced_relative_noun, trailing_cue
from corpus.attribution.context import DocContext
from corpus.attribution.courtesy import only_courtesy
from corpus.attribution.datelines import subject_after_dateline
from corpus.attribution.framing import according, in_view
from corpus.attribution.names import person_and_title
from corpus.attribution.quotes import Quote
from corpus.attribution.syntax import (
    CLAUSAL,
    OBJECTS,
    addressed_appos,
    cue_lemma,
    ends_object,
    evidence_source,
    is_vocative,
    mention_span,
    person_noun,
    rest_of_sentence,
    subject,
    subject_fallback,
    to_sentence_end,
)
from corpus.attribution.turns import ParagraphTurn, speaker_label

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SOURCE_LABEL = re.compile(r"^\s*[\"“]?(?P<name>[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})[ \t]*:[ \t]+(?=\S)")
GAP_ONLY = re.compile(r"^[\s,;:.\-—–]*$")  # what may stand between a quote and the clause it belongs to
HEADLINE = re.compile(r"^\s*(?:[A-Z][A-Z ]+[:–-]\s+)?(?:[A-Z][a-z]+ing\b[^,]{0,60},\s+)?(?P<src>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|of|the|and|de)){0,6}?)"
                      r"\s+(?P<cue>[A-Za-z]+s)\b\s*(?P<content>\S.*)$", re.S)
_HEADLINE_CUES = frozenset(f for f, lemma in lx.FORM_TO_LEMMA.items() if f.endswith("s") and f != lemma
                           and lemma in lx.OBJECT_CUES | lx.HEADLINE_CUE_LEMMAS)


def candidates(ctx: DocContext, pi: int) -> list[Candidate]:
    """The candidate statements of paragraph `pi`, in the order their cues appear."""
    sd, cfg = ctx.sdocs[pi], ctx.config
    out: list[Candidate] = []
    pt = ctx.turn_of(pi)
    if pt is not None:
        turn = _turn(ctx, pt)
        if turn:
            out.append(turn)
    elif pi == 0 and cfg.headlines:
        labelled = _labelled_headline(ctx, pi)
        if labelled:
            out.append(labelled)  # "Cruz: Trump Would ...", and the headline's own verbs after it
        else:
            head = _headline(ctx, pi)
            if head:
                return [head]
    for sent in sd.sents:
        for t in sent:
            pos = ctx.abs(pi, t)
            if ctx.in_quote(pi, pos) or (pt is not None and pos < pt.content_start):
                continue  # words in quotes are the speaker's, and a speaker label is no clause
            if t.lower_ == "according" and t.i + 1 < len(sd) and sd[t.i + 1].lower_ == "to":
                c = according(ctx, pi, t, sent) if cfg.according_to else None
            elif t.lower_ == "in" and t.dep_ == "prep":
                c = in_view(ctx, pi, t, sent) if cfg.according_to else None  # "In his view, ..."
            elif t.pos_ == "NOUN" and t.lower_ in lx.NOUN_CUES:
                c = _nominal(ctx, pi, t) if cfg.nominal_cues else None
            else:
                c = verb_cue(ctx, pi, t, sent)
            if c is None or not _says_something(ctx, c) or (pt is not None and not _kept_in_turn(ctx, pt, c)):
                continue
            if not any(o.start < c.end and c.start < o.end and o.src_tok is c.src_tok for o in out):
                out.append(c)
    if pi == 0 and not out and cfg.headlines and pt is None:
        # a sentence-case headline the parser did not read as a clause ("Trump questions the
        # fairness of moderators ahead of debate")
        head = _headline(ctx, pi, any_case=True)
        if head:
            out.append(head)
    return out


def _turn(ctx: DocContext, pt: ParagraphTurn) -> Candidate | None:
    """The words of a transcript turn in one paragraph: everything after the label (or the whole
    paragraph the turn continues in), the turn's speaker's; none for a stage direction ("(Laughter.)")
    or words that are only courtesy ("Thank you, Mr President.", "Good afternoon.")."""
    if pt.stage:
        return None
    a, b = pt.content_start, pt.content_end
    while a < b and ctx.text[a].isspace():
        a += 1
    while b > a and ctx.text[b - 1].isspace():
        b -= 1
    if b <= a or only_courtesy(ctx.text[a:b]):
        return None
    label = pt.turn.label
    colon = ctx.text.find(":", label.end, label.content_start)
    colon = colon if colon >= 0 else label.end
    return Candidate(a, b, "direct", pt.paragraph, mention=CharSpan(label.start, label.end),
                     cue=CharSpan(colon, colon + 1), cue_text=":", turn=pt.turn.index)


def _kept_in_turn(ctx: DocContext, pt: ParagraphTurn, c: Candidate) -> bool:
    """Inside a turn a cue keeps its own statement when it reports someone else ("The Governor said
    that ...", "According to the minister, ..."), or when the one speaking says "I think", "we
    believe" (theirs, resolved to the turn's speaker); not "as you said" (whom the speaker
    addresses), not "Russia believes" (a country the one speaking speaks for or about: the turn's
    words hold it), and not a first person in a turn of nobody in particular ("Question: I would
    like to ask ...")."""
    if c.src_tok is None:
        return True
    low = c.src_tok.lower_
    place = ctx.entity_at(c.par, c.src_tok)
    if low in lx.PRONOUNS_SECOND or (place is not None and place.place):
        return False  # "Russia believes ...": the one speaking speaks for the country, in the turn's words
    return low not in lx.PRONOUNS_FIRST or ctx.turn_entity(pt.turn) is not None


def _says_something(ctx: DocContext, c: Candidate) -> bool:
    """A content with a word of its own: not "you" ("Thank you"), "everyone" or "them all"."""
    words = re.findall(r"[^\W\d_]+", ctx.text[c.start:c.end].lower())
    return c.turn is not None or any(w not in lx.EMPTY_CONTENT for w in words) or bool(re.search(r"\d", ctx.text[c.start:c.end]))


def _labelled_headline(ctx: DocContext, pi: int) -> Candidate | None:
    """A headline that names its source before a colon: "Poll: Clinton and Trump in dead heat",
    "Pence: Gennifer Flowers Won't Be at Debate" (a person the article names)."""
    p = ctx.paras[pi]
    m = _SOURCE_LABEL.match(p.text)
    if not m or len(ctx.paras) < 2 or len(re.findall(r"[^\W\d_]{2,}", p.text[m.end():])) < 2:
        return None
    name = m.group("name")
    a, b = p.start + m.start("name"), p.start + m.end("name")
    if name.lower() in lx.HEADLINE_SOURCES:
        return Candidate(p.start + m.end(), p.end, "direct", pi, mention=CharSpan(a, b), cue=CharSpan(b, b + 1),
                         cue_text=":", source_name=name)
    known = ctx.table.link_single(name.split()[-1].title(), p.start) is not None
    verbal = any(t.pos_ in ("ADV", "VERB", "AUX") for t in ctx.sdocs[pi].char_span(m.start("name"), m.end("name"), alignment_mode="expand") or ())
    if speaker_label(name) is None or not (known or len(name.split()) >= 2 and not name.isupper() and not verbal) or (
            name.split()[-1].lower() in lx.HEADLINE_EVENTS):
        return None  # "Note:", "The plan:", "Foreign Ministry Briefing:", "Just Leaked:"; a one-word source only when the article names it
    return Candidate(p.start + m.end(), p.end, "direct", pi, mention=CharSpan(a, b), cue=CharSpan(b, b + 1),
                     cue_text=":", label=person_and_title(name)[0])


def _headline(ctx: DocContext, pi: int, any_case: bool = False) -> Candidate | None:
    """A title-case headline the tagger cannot read: "Ted Cruz Refuses to Disavow Graham Endorsement"."""
    p = ctx.paras[pi]
    words = p.text.split()
    cfg = ctx.config
    if len(words) > cfg.headline_max_words or (
            not any_case and sum(w[:1].isupper() for w in words) < cfg.headline_title_case * len(words)):
        return None
    m = HEADLINE.match(p.text)
    if not m or m.group("cue").lower() not in _HEADLINE_CUES:
        return None
    a, b = p.start + m.start("content"), p.start + len(p.text.rstrip(" .!?"))
    for semi in (i for i, ch in enumerate(p.text) if ch == ";" and i > m.start("content")):
        # "Trump questions the fairness of moderators; Talk compared to ...": a second headline, but
        # not a semicolon inside a quote ("Says 'We Will Win; They Will Lose'") or an entity ("AT&amp;T")
        if not any(q.start <= p.start + semi < q.end for q in ctx.quotes[pi]) and not re.search(
                r"&#?\w+$", p.text[:semi]):
            b = min(b, p.start + semi)
            break
    src_a, src_b = p.start + m.start("src"), p.start + m.end("src")
    sd = ctx.sdocs[pi]
    head = next((t for t in reversed(list(sd)) if ctx.abs(pi, t) < src_b), None)
    if head is None or b - a < 4:
        return None
    if head.pos_ == "NOUN" and not (_speaking_noun(ctx, pi, head) or evidence_source(head)
                                    or ctx.table.link_single(head.text.title(), p.start) is not None):
        return None  # "Gas talks in Minsk": a noun that cannot speak (and no one the text names), not a source
    cue_a = p.start + m.start("cue")
    return Candidate(a, b, "mixed" if any(q.start >= a and q.end <= b for q in ctx.quotes[pi]) else "indirect",
                     pi, head, CharSpan(src_a, src_b), CharSpan(cue_a, cue_a + len(m.group("cue"))), m.group("cue"))


def source_ok(ctx: DocContext, s: Token, pi: int, lemma: str, has_clause: bool = False) -> bool:
    """Can `s` be the source of a cue of `lemma`: a name, a pronoun, or a noun for people, a body or a
    document (any noun for a verb of saying proper or a cue with a clause, but not an abstract one, nor a span
    of time: "Corvane has 30 days to decide whether to appeal")?"""
    if s.lower_ in lx.TIME_SPANS and (s.ent_type_ in ("DATE", "TIME") or s.pos_ == "NOUN"):
        return False
    if s.pos_ == "PROPN" or (pi, s.i) in ctx.tok_ent:
        return True
    low = s.lower_
    if low in lx.QUANTIFIERS:
        of = next((c for c in s.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if group is not None and group.lower_ not in lx.QUANTIFIED_NOT_SOURCES:
            return source_ok(ctx, group, pi, lemma, has_clause)
    if s.pos_ == "PRON" or s.tag_ in ("DT", "PRP"):
        # "a win that led her to declare": the object a "to" clause hangs on (`syntax._object_controller`)
        return low in lx.SOURCE_PRONOUNS or low in ("him", "her") and s.dep_ == "dobj"
    if (lemma in lx.CORE_SPEECH or has_clause) and s.pos_ in ("NOUN", "PROPN") and low not in lx.NOT_SOURCES:
        return True
    if s.pos_ in ("NOUN", "PROPN", "ADJ"):
        if s.text[:1].isupper() and ctx.known_name(s.text):
            return True  # a known name the tagger took for a noun ("Trump")
        base = low[:-3] + "y" if low.endswith("ies") else low[:-1] if low.endswith("s") else low
        if low in lx.SOURCE_NOUNS or base in lx.SOURCE_NOUNS:
            return True
        # people by what they do: proponents, organizers, strategists, residents, participants
        return person_noun(base)
    return False


def _speaking_noun(ctx: DocContext, pi: int, s: Token) -> bool:
    """A noun for someone who can speak: a name, a person by role or by what they do, a body."""
    if s.pos_ == "PROPN" or (pi, s.i) in ctx.tok_ent or s.pos_ == "PRON":
        return True
    low = s.lower_
    base = low[:-3] + "y" if low.endswith("ies") else low[:-1] if low.endswith("s") else low
    return bool({low, base} & (lx.SOURCE_NOUNS | lx.SPEAKING_GROUPS)) or person_noun(base)


def verb_cue(ctx: DocContext, pi: int, v: Token, sent: Span) -> Candidate | None:
    """The statement a cue verb or adjective `v` reports: "Grant said that ...", "“...,” she said"."""
    lemma = cue_lemma(v) or ("put" if as_clause(v, "put") else None)  # "As Ruth Marcus puts it, ..."
    if not lemma:
        return None
    s, sdep = _cue_subject(ctx, pi, v)
    if s is None or not source_ok(ctx, s, pi, lemma, any(c.dep_ == "ccomp" for c in v.children)):
        return None
    if v.dep_ in ("acl", "relcl") and v.head is s and not _speaking_noun(ctx, pi, s):
        return None  # "rules allowing associations to keep players", "estimates showing ...": no one speaks
    if sdep == "nsubjpass" and lemma != "convince" and not (v.dep_ == "pcomp" and v.head.lower_ == "as" and v.head.head.lower_ in ("quoted", "cited")):
        by_agent = _by_agent(ctx, pi, v, s, lemma)  # not "Kovar was quoted as saying that ...": Kovar says it
        if by_agent is not None or lemma in lx.PASSIVE_HEARERS:
            return by_agent
    content = _content(v, s, sent, lemma, ctx.config.object_cues)
    if content is not None and _ANONYMITY.match(v.doc[content.a:content.b].text):
        return None  # "one driver, who asked not to be named": how the source is kept unnamed, not what was said
    return _statement(ctx, pi, v, s, content)


_ANONYMITY = re.compile(r"^(?:that (?:he|she|they) )?not (?:to )?be (?:named|identified|quoted by name)\b", re.I)


def _cue_subject(ctx: DocContext, pi: int, v: Token) -> tuple[Token | None, str | None]:
    if (n := reduced_relative_noun(v)) is not None:
        return n, "nsubj"  # "a letter the Sanders campaign sent the DNC alleging that ...": the letter alleges
    s, sdep = subject(v, ctx.known_name)
    if s is not None and ctx.turn_of(pi) is not None and is_vocative(s):
        # "Mr President, you said ...", "Colleagues, ...": whom the speaker addresses is no source
        other = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > s.right_edge.i), None)
        return (other, other.dep_) if other is not None else (None, None)
    if s is not None and ctx.turn_of(pi) is not None and (said := addressed_appos(s, v)) is not None:
        return said, "nsubj"  # "Dr. Ferraro, the Harbour Board's statement says ...": the statement says it
    if s is not None and ctx.in_quote(pi, ctx.abs(pi, s)):
        # the parser gave the cue a subject from inside the quote ("it will ...," said James Acton):
        # a second subject outside it is the speaker
        outside = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != s.i
                        and not ctx.in_quote(pi, ctx.abs(pi, c))), None)
        s, sdep = (outside, outside.dep_) if outside is not None else subject_fallback(v, ctx.known_name)
    return (subject_after_dateline(ctx, pi, v, s), sdep) if s is not None else (s, sdep)


def _by_agent(ctx: DocContext, pi: int, v: Token, s: Token, lemma: str) -> Candidate | None:
    """"Clinton has been endorsed by dozens of papers": the agent spoke, the subject is the content."""
    agent = next((c for c in v.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None and source_ok(ctx, pobj, pi, lemma) and lemma in lx.OBJECT_CUES | {"report", "say", "write"}:
        a, b = ctx.span(pi, TokSpan(s.left_edge.i, s.right_edge.i + 1))
        cue = CharSpan(ctx.abs(pi, v), ctx.abs(pi, v) + len(v.text))
        return Candidate(a, b, "indirect", pi, pobj, ctx.span(pi, mention_span(pobj)), cue, v.text)
    return None


def _content(v: Token, s: Token, sent: Span, lemma: str, object_cues: bool = True) -> TokSpan | None:
    """The tokens of what the cue `v` of source `s` reports, if not a quote next to it; with
    `object_cues`, what an object cue acts on is content too."""
    content, clausal = (TokSpan(*span), True) if (span := as_clause(v, lemma)) else _clause_content(v, s, lemma)
    if content is None and lemma in lx.CORE_SPEECH:
        content = rest_of_sentence(v, s, sent, lemma)
    finding = lemma == "show" and evidence_source(s)  # "polls show Clinton ahead"
    # "Republicans view the deal as a betrayal": a verb of belief with an object and how it is seen
    seen_as = lemma in lx.SEEING_AS and any(c.dep_ == "dobj" for c in v.children) and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in v.children)
    from_objects = False  # the content is what the cue acts on ("attacked Machado"), not a clause
    if content is None and object_cues and (lemma in lx.OBJECT_CUES or finding or seen_as):
        content = _object_content(v, lemma)
        from_objects = content is not None
    if content is not None and lemma in lx.CLAUSAL_ONLY and not (clausal or finding or seen_as):
        content = None  # "knows the area" is no statement; "polls show Clinton ahead" is one
    if content is not None and content.a > v.i:
        content = TokSpan(content.a, to_sentence_end(v, content.b, sent, adjuncts_end=from_objects))
    return content


def _clause_content(v: Token, s: Token, lemma: str) -> tuple[TokSpan | None, bool]:
    """The cue's clausal complement, or the clause a parenthetical cue interrupts ("The plan will
    fail, he said"); and whether there was one."""
    sd = v.doc
    comps = [c for c in v.children if c.dep_ in CLAUSAL and c.i != s.i
             and not (lemma == "continue" and c.dep_ == "xcomp")  # "continues to trail": no statement
             and not (v.i < s.i < c.i and any(k.dep_ == "nsubj" and k.lower_ in lx.RELATIVE_SUBJECTS and k.i == c.left_edge.i
                                              for k in c.children))]  # "..., said Turry, who ... remembered": his relative clause
    if not comps and v.dep_ == "acomp":
        comps = [c for c in v.head.children if c.dep_ in CLAUSAL]
    if not comps and lemma in lx.ADDRESSING_VERBS:
        # "informed the meeting that an agreement would be signed": the parser made the reported clause a
        # relative clause of the hearer, but a relative clause has no "that" of its own before its subject
        comps = [r for o in v.children if o.dep_ in ("dobj", "dative") for r in o.children if r.dep_ == "relcl"
                 and any(k.dep_ == "mark" and k.lower_ == "that" and k.i == r.left_edge.i for k in r.children)]
    right = [c for c in comps if c.i > v.i]
    left = [c for c in comps if c.i < v.i and c.i < s.i]
    if right:
        # the rest of the cue's clause after the complement's start ("..., because ...")
        end = max(c.right_edge.i for c in right)
        for c in v.rights:
            if c.i > end and c.dep_ == "advcl" and c.tag_ == "VBG" and c.lower_ in lx.FORM_TO_LEMMA:
                break  # "..., arguing that ...": the next statement, attributed on its own
            if c.i > end and c.dep_ == "prep" and c.lower_ == "according":
                break  # "..., according to the Associated Press": whom the writer has it from, a statement of its own
            if c.i > end and c.dep_ in ("advcl", "prep", "npadvmod", "advmod", "cc", "dobj", "oprd"):
                end = c.right_edge.i
            elif c.i > end and c.dep_ not in ("punct",):
                break
        a = min(c.left_edge.i for c in right)
        # "... that the plan would fail, arguing that ...": the next statement, even inside the complement
        end = next((t.i - 2 for t in sd[a + 2:end + 1] if t.dep_ == "advcl" and t.tag_ == "VBG"
                    and t.lower_ in lx.FORM_TO_LEMMA and sd[t.i - 1].text == ","), end)
        # "..., the Tribune reports.", "..., according to a campaign aide": a source of its own
        end = next((t.left_edge.i - 2 for t in sd[a + 2:end + 1] if trailing_cue(t) or t.lower_ == "according" and t.nbor(-1).text == ","
                    and t.i + 1 < len(sd) and t.nbor().lower_ == "to"), end)
        return TokSpan(a, end + 1), True
    if left:
        return TokSpan(min(c.left_edge.i for c in left), max(c.right_edge.i for c in left) + 1), True
    if v.dep_ == "parataxis" and s.i > v.head.i or (v.dep_ == "parataxis" and v.i < v.head.i):
        # "The plan will fail, he said" / "Too often, Mr. Clarke said, the debate is ..."
        h = v.head
        a, b = h.left_edge.i, h.right_edge.i + 1
        cue_a, cue_b = min(v.left_edge.i, s.left_edge.i), max(v.right_edge.i, s.right_edge.i) + 1
        if cue_a <= a:
            a = cue_b
        if cue_b >= b:
            b = cue_a
        if b > a and not (lemma in lx.CLAUSAL_ONLY and s.lower_ in lx.GENERIC_SUBJECTS):  # "you know", "I guess"
            return TokSpan(a, b), True  # "His leverage, they believe, isn't going anywhere"
    if v.dep_ == "conj" and lemma in lx.CORE_SPEECH and trailing_cue(s) and not any(c.dep_ in ("dobj", "prep", "xcomp") for c in v.children):
        # "Fans also chanted “Build a wall,” referring to ..., the Chicago Tribune reports.": the parser
        # joins the trailing cue to a verb of the sentence it reports
        return TokSpan(v.sent.start, s.left_edge.i - 1), True
    return None, False


def _object_content(v: Token, lemma: str) -> TokSpan | None:
    """What an object cue acts on: "attacked Machado", "spoke about the economy", "compared Trump to a coach"."""
    preps = lx.PREPS_BY_CUE.get(lemma, lx.OBJECT_PREPS)
    objs: list[Token] = []
    for c in v.rights:
        if not objs and c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i == v.i + 1:
            objs.append(c)  # "compared Trump to a coach", with the name parsed as an adverbial
            continue
        if objs and lemma not in lx.PREPS_BY_CUE and (c.dep_ == "prep" and c.lower_ in lx.ADJUNCT_PREPS
                                                      or c.dep_ == "npadvmod"):
            break  # "attacked Machado | in early-morning tweets on Friday"
        if c.dep_ in OBJECTS and (c.dep_ != "prep" or c.lower_ in preps) and c.dep_ != "advcl":
            objs.append(c)
        elif objs and c.dep_ == "prep" and c.lower_ in lx.COMPARING_PREPS.get(lemma, ()):
            objs.append(c)  # "compared Trump to a coach"; not "executives, compared with women"
    particle = any(c.dep_ == "prt" and c.lower_ in preps for c in v.children)  # "pointed out the flaws"
    if lemma in lx.PREPS_BY_CUE and not particle and not any(c.dep_ == "prep" for c in objs):
        objs = []
    if not objs:
        return None
    a, b = objs[0].left_edge.i, max(c.right_edge.i for c in objs) + 1
    b = next((t.left_edge.i for t in v.doc[a + 1:b] if ends_object(t) and t.left_edge.i > a), b)
    return TokSpan(a, b)


def _statement(ctx: DocContext, pi: int, v: Token, s: Token, content: TokSpan | None) -> Candidate | None:
    """The candidate of a cue with its source: the content's characters, taken whole as a quote when
    quotes cover most of it; else the quotes next to the cue's clause; else what follows a colon."""
    sd = v.doc
    subj_toks = mention_span(s)
    mention = ctx.span(pi, subj_toks)
    cue = CharSpan(ctx.abs(pi, v), ctx.abs(pi, v) + len(v.text))
    # the clause of the cue: subject, verb and their non-content modifiers
    clause_a = min(subj_toks.a, v.i)
    clause_b = max(subj_toks.b, v.i + 1)
    for c in v.rights:
        if content and content.a <= c.i < content.b:
            break
        if c.dep_ in ("npadvmod", "dative", "dobj", "prep", "advmod", "prt", "nsubj") and not ctx.in_quote(pi, ctx.abs(pi, c)):
            clause_b = max(clause_b, c.right_edge.i + 1)
    q = ctx.quotes[pi]
    clause = CharSpan(ctx.abs(pi, sd[clause_a]), ctx.abs(pi, sd[clause_b - 1]) + len(sd[clause_b - 1].text))
    if content is not None:
        a, b = ctx.span(pi, content)
        inside = [x for x in q if x.start < b and a < x.end]
        covered = sum(min(b, x.end) - max(a, x.start) for x in inside)
        if inside and covered >= ctx.config.quote_cover * (b - a):
            return _direct(ctx, pi, with_adjacent(ctx, q, inside, clause), s, mention, cue, v.text)
        kind = "mixed" if any(x.start >= a and x.end <= b for x in inside) else "indirect"
        if inside and kind == "indirect":
            # a quote running past the clause: take it whole
            b = max(b, max(x.end for x in inside))
            a = min(a, min(x.start for x in inside))
            kind = "mixed"
        return Candidate(a, b, kind, pi, s, mention, cue, v.text)
    before = [x for x in q if x.end <= clause.start and GAP_ONLY.match(ctx.text[x.end:clause.start])]
    after = [x for x in q if x.start >= clause.end and GAP_ONLY.match(ctx.text[clause.end:x.start])]
    quotes = before[-1:] + after[:1]
    if quotes:
        return _direct(ctx, pi, with_adjacent(ctx, q, quotes, clause), s, mention, cue, v.text)
    if clause_b < len(sd) and sd[clause_b].text == ":":
        return _after_colon(ctx, pi, sd[clause_b], s, mention, cue, v.text)
    return None


def _after_colon(ctx: DocContext, pi: int, colon: Token, s: Token, mention: CharSpan, cue: CharSpan,
                 cue_text: str) -> Candidate | None:
    """"Trump said: ...": the rest of the paragraph, or the next paragraph when the colon ends this one."""
    a = ctx.abs(pi, colon) + 1
    end = ctx.paras[pi].end
    while a < end and ctx.text[a].isspace():
        a += 1
    target = pi
    q = ctx.quotes[pi]
    if end - a <= 3 and pi + 1 < len(ctx.paras):
        # "In a statement, Trump said:" and the statement is the next paragraph
        target = pi + 1
        a, end = ctx.paras[target].start, ctx.paras[target].end
        q = ctx.quotes[target]
    if end - a > 3:
        kind = "direct" if any(x.start <= a + 1 and x.end >= end - 1 for x in q) else "indirect"
        return Candidate(a, end, kind, target, s, mention, cue, cue_text)
    return None


def _nominal(ctx: DocContext, pi: int, t: Token) -> Candidate | None:
    """A reporting noun with its owner and its clause: "Trump's claim that there have been ..."."""
    sd = t.doc
    owner = next((c for c in t.lefts if c.dep_ == "poss"), None)
    if owner is None or not source_ok(ctx, owner, pi, "say"):
        return None
    clause = next((c for c in t.rights if c.dep_ in ("acl", "ccomp", "relcl") and
                   any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
    if clause is None:
        nxt = sd[t.i + 1] if t.i + 1 < len(sd) else None
        if nxt is None or nxt.lower_ != "that" or nxt.dep_ == "nsubj":
            return None
        content = TokSpan(nxt.i, max(x.right_edge.i for x in [nxt] + list(nxt.head.subtree)[-1:]) + 1)
    else:
        content = TokSpan(clause.left_edge.i, clause.right_edge.i + 1)
    a, b = ctx.span(pi, content)
    if b - a < 8:
        return None
    kind = "mixed" if any(a <= x.start and x.end <= b for x in ctx.quotes[pi]) else "indirect"
    return Candidate(a, b, kind, pi, owner, ctx.span(pi, TokSpan(owner.left_edge.i, owner.i + 1)),
                     CharSpan(ctx.abs(pi, t), ctx.abs(pi, t) + len(t.text)), t.text)


def _direct(ctx: DocContext, pi: int, quotes: list[Quote], s: Token, mention: CharSpan, cue: CharSpan,
            cue_text: str) -> Candidate:
    quotes = sorted(set(quotes), key=lambda x: x.start)
    return Candidate(quotes[0].start, quotes[-1].end, "direct", pi, s, mention, cue, cue_text)


def with_adjacent(ctx: DocContext, q: list[Quote], chosen: list[Quote], clause: CharSpan) -> list[Quote]:
    """Add the quote on the other side of the cue clause: “A,” she said. “B.”"""
    out = list(chosen)
    for x in q:
        if x in out or x.single:
            continue
        if x.end <= clause.start and GAP_ONLY.match(ctx.text[x.end:clause.start]):
            out.append(x)
        elif x.start >= clause.end and GAP_ONLY.match(ctx.text[clause.end:x.start]):
            out.append(x)
    return out
