"""Resolution: who each candidate statement's source is, in document order.

A name clusters to the fullest form the document gives (the entity table of `context`), a description
("the Belarusian leader") matches descriptors the text bound to a person, a pronoun goes to the most
recent compatible source or subject, "they" to the group that spoke last, and a statement that
continues another takes its speaker. Resolving a source updates the entity table: the source is in
focus for the pronouns after it, and a description it was called by is learned.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from corpus.attribution import lexicon as lx
from corpus.attribution.authors import maker_span, producer_token, sender, writer_of, writers
from corpus.attribution.candidate import Candidate
from corpus.attribution.context import DocContext
from corpus.attribution.descriptions import alias_head, description_score, description_words, words
from corpus.attribution.entities import Entity
from corpus.attribution.focus import (
    by_kind,
    candidate,
    clause_mates,
    described,
    first_described,
    in_focus_instead,
)
from corpus.attribution.organisations import body_label, group_label, org_description, org_named_next, represented
from corpus.attribution.pronouns import (
    PronounChain,
    apposed,
    bound,
    cataphor,
    in_lead,
    matrix_subject,
    named_in,
    noun_gender,
    possessor,
    unnamed_source,
    unnamed_subject,
)
from corpus.attribution.syntax import (
    author,
    embedded,
    evidence_source,
    hyphenated_role,
    mention_span,
    person_noun,
    proxy_word,
    which_follows,
)
from corpus.attribution.titles import apposed_name


@dataclass(frozen=True)
class Resolution:
    """Who a candidate's source turned out to be: an entity of the document, or just a name for it
    (a group label, "the Clinton campaign"), or neither."""

    entity: Entity | None = None
    speaker: str | None = None


class Resolver:
    """Resolves the sources of one document's candidates, holding what document order carries: the
    plural group that spoke last ("Officials said ... They said ...") and the results so far, by
    candidate key."""

    def __init__(self, ctx: DocContext, sources: frozenset[int] = frozenset()):
        """`sources`: where the candidates' source mentions start (a pronoun there is resolved as a
        statement's source, not as one of the chain's)."""
        self.ctx = ctx
        self.chain = PronounChain(ctx, sources)
        self.last_group: tuple[int, str] | None = None  # (position, label) of the last plural group that spoke
        self.results: dict[int, Resolution] = {}
        # "poll" -> (where, who produced it) for the last poll a statement cited, if the text said who
        self.producers: dict[str, tuple[int, Entity | None]] = {}
        # "employee" -> where a description headed by it last stood for no one the text names
        self.unnamed: dict[str, int] = {}
        self.last_source: tuple[int, Resolution] = (-1, Resolution())  # where the last source word stands, its resolution
        self.cues: dict[int, Resolution] = {}  # where the cues of the statements resolved so far start
        self.writers = writers(ctx)  # who signs the letters or the op-ed (`authors`)
        self.last_unnamed: tuple[int, str | None] = (-10 ** 9, None)  # where someone unnamed last spoke, their gender

    def speaker(self, c: Candidate) -> str | None:
        """The speaker `resolve` found for `c`."""
        return self.results[c.key].speaker

    def is_person(self, c: Candidate) -> bool:
        """Did `c`'s source resolve to a person of the document?"""
        e = self.results[c.key].entity
        return e is not None and e.kind == "person"

    def resolve(self, c: Candidate) -> None:
        """Resolve `c`'s source; call in document order (a continuation after the statement it follows)."""
        if c.follows is not None:
            # an owner never resolved (dropped as a duplicate) lends what it was found with
            self.results[c.key] = self.results.get(c.follows.key, Resolution(speaker=c.follows.source_name))
            return
        self.chain.upto(c.mention[0] if c.mention else c.start)
        entity, speaker = None, c.source_name
        group, self.last_group = self.last_group, None  # a group is in focus until the next statement
        floor = self._floor(c)
        own = floor is not None and c.src_tok is not None and (c.src_tok.lower_ in lx.PRONOUNS_FIRST or any(
            t.dep_ == "conj" and t.lower_ in ("i", "we") for t in c.src_tok.children))  # "the Prime Minister and I"
        if c.turn is not None:
            entity = self.ctx.turn_entity(self.ctx.transcript.turns[c.turn])
        elif own:
            entity = floor  # "I think", "we believe" inside a turn: the one speaking
        elif c.label is not None:
            entity = self._resolve_label(c)
        elif (c.src_tok is not None and c.src_tok.lower_ == "they" and self.ctx.config.group_they
              and group is not None and c.mention is not None and self._group_in_focus(group, c.mention[0])):
            # "Twenty-seven states ... are challenging the rules. They argue that ...": the group that spoke
            self.results[c.key] = Resolution(speaker=group[1])
            self.last_group = (c.mention[0], group[1])
            return
        elif c.src_tok is not None:
            # "they" for a person's campaign or its people the text just made the subject, before any
            # organisation it named ("According to the Post, Bush campaign officials ... They determined")
            low = c.src_tok.lower_
            if (outer := self._matrix(c)) is not None:
                self.results[c.key] = self.cues[(c.cue or (c.start, c.end))[0]] = outer  # "Both countries said they hoped": theirs
                return
            body = Resolution(speaker=self._their_body(c)) if low == "they" else self._its_body(c) if low == "it" else None
            if body is not None and (body.speaker is not None or low == "it"):
                self.results[c.key] = body
                return
            entity = self._resolve_source(c, floor)
        if entity is not None and entity is floor and not own:
            entity = None  # inside a turn, "the President" or "he" is someone else than the one speaking
        if entity is not None:
            speaker = entity.name
            entity.statements += 1
            pos = c.mention[0] if c.mention else c.start
            # a source another's statement reports is under it, not in focus ("Mr. Trump claimed that President
            # Obama wanted to ... “...,” he said" is Trump); a letter's writer is no "he" of the text
            if all(w is not entity for _, w in self.writers):
                bisect.insort(self.ctx.table.timeline, (pos, entity.id, "nested" if self._nested(c) else "source"))
        elif speaker is None and c.mention and c.src_tok is not None:
            speaker = self._org_phrase(c) or group_label(c.src_tok)
            if speaker is None and unnamed_source(c.src_tok, c.cue_text or ""):
                self.last_unnamed = (c.mention[0], noun_gender(c.src_tok.lower_))
            if speaker and c.src_tok.tag_ in ("NNS", "NNPS") and c.src_tok.lower_ in lx.SPEAKING_GROUPS:
                self.last_group = (c.mention[0], speaker)
        self.results[c.key] = Resolution(entity, speaker)
        if c.src_tok is not None:  # for "it" after it (`_its_body`)
            self.last_source = (self.ctx.abs(c.par, c.src_tok), self.results[c.key])
        if c.cue is not None:
            self.cues[c.cue[0]] = self.results[c.key]

    def _nested(self, c: Candidate) -> bool:
        """Is `c`'s cue under another statement's cue in its sentence ("claiming that President Obama
        wanted to", but not "Mook told aides ..., according to someone in attendance")?"""
        if c.src_tok is None or c.cue is None:
            return False
        return any(self.ctx.abs(c.par, t) in self.cues for t in c.src_tok.ancestors
                   if self.ctx.abs(c.par, t) != c.cue[0])

    def _matrix(self, c: Candidate) -> Resolution | None:
        """Whom the source whose content `c`'s pronoun is the subject of resolved to, if it fits: "Both countries said
        they hoped" (theirs), "A teacher said she feared" (an unnamed one; but "Clinton's campaign said she")."""
        m = matrix_subject(self.ctx, c.src_tok, c.par) if c.src_tok is not None and c.cue is not None else None
        r = self.cues.get(self.ctx.abs(c.par, m[0])) if m is not None else None
        if r is None or m is None or c.src_tok is None or c.src_tok.lower_ == "they":
            return r if r is not None and (r.entity is None or r.entity.kind != "person") else None
        e, subj, g = r.entity, m[1], {"he": "m", "she": "f"}[c.src_tok.lower_]
        if e is not None:
            return r if e.kind == "person" and e.gender in (None, "", g) else None
        if (u := unnamed_subject(subj)) is None or r.speaker is not None:
            return None
        return r if u or self._introduced_unnamed(subj.lower_, self.ctx.abs(c.par, subj.left_edge), strictly=True) else None

    def _floor(self, c: Candidate) -> Entity | None:
        """Who holds the floor where a statement reported inside a transcript turn stands."""
        pt = self.ctx.turn_of(c.par) if c.turn is None else None
        return self.ctx.turn_entity(pt.turn) if pt is not None else None

    def _group_in_focus(self, group: tuple[int, str] | None, pos: int) -> bool:
        """Was `group` the last to speak, shortly before `pos`, with no person or organisation the
        subject of a sentence since ("Officials said ... Clinton and Sanders met in Iowa. They said ...")?"""
        if group is None or pos - group[0] > self.ctx.config.group_window:
            return False
        return self.ctx.table.salient(pos, kinds=("person", "org"), window=pos - group[0] - 1) is None

    def _resolve_label(self, c: Candidate) -> Entity | None:
        label = c.label
        assert label is not None, "called for a candidate with a label"
        e = self.ctx.table.link_single(label.split()[-1].title(), c.start) if len(label.split()) == 1 else None
        if e is None:
            assert c.mention is not None, "a named turn's candidate has its mention"
            e = self.ctx.table.add_person(label.title() if label.isupper() else label, c.mention[0], allow_caps=True)
        return e

    def _resolve_source(self, c: Candidate, floor: Entity | None = None) -> Entity | None:
        s, pi = c.src_tok, c.par
        assert s is not None and c.mention is not None, "a source token comes with its mention"
        pos = c.mention[0]
        low = s.lower_
        if low in lx.AUTHORED_NOUNS:
            writer, wpi = author(s), pi
            if writer is None and [t.lower_ for t in s.lefts] in (["the"], ["this"]):
                wpi, writer = sender(self.ctx, low, pi, s.i) or (pi, None)  # "Putin sent a telegram ... The telegram said"
            if writer is not None:
                return self._resolve_source(replace(c, src_tok=writer, par=wpi,
                                                    mention=self.ctx.span(wpi, mention_span(writer))), floor)
        elif evidence_source(s) or low in lx.PRODUCED_NOUNS:
            # "a poll from Florida Atlantic University", "an analysis ... by Crowdpac", "a CNN poll": the
            # producer, when the text names it (an unknown word is no producer: "the PPIC poll")
            maker = author(s)
            dated = maker is not None and maker.dep_ == "poss" and maker.ent_type_ in ("DATE", "TIME")
            maker = None if dated else maker  # "last week's poll", "Tuesday's survey": when, not whose
            noun = low[:-1] if low.endswith("s") and low[:-1] in lx.EVIDENCE_NOUNS else low
            if maker is not None and (maker.pos_ == "PRON" or self.ctx.entity_at(pi, maker) is not None):
                e = self._resolve_source(replace(c, src_tok=maker, mention=self.ctx.span(pi, mention_span(maker))), floor)
                if e is not None and not (e.place and low in lx.PRODUCED_NOUNS):
                    self.producers[noun] = (pos, e)
                    return e  # not "planned New Hampshire ads" (but "a Monmouth poll", which the NER calls a place)
            elif (maker is not None and maker.pos_ in ("PROPN", "NOUN") and (maker.dep_ in ("pobj", "nmod") or (
                    maker.dep_ == "compound" and maker.ent_type_ in ("", "ORG") and evidence_source(s)))
                  and maker.text[:1].isupper() and not maker.is_sent_start
                  and self.ctx.table.link_single(maker.text, pos) is None):
                # "a recent poll by RealClearPolitics", "the RealClearPolitics average", "The FEC filings": a name
                # the NER missed, or one it found but whose first word is not its head ("One Club for Growth ad"):
                # an organisation of that name (not "a Florida poll", a place's)
                a, b = self.ctx.span(pi, maker_span(s, maker))
                e = self.ctx.table.add_org(self.ctx.text[a:b], a)
                self.producers[noun] = (pos, e)
                return e
            if maker is None and noun in self.producers and ([t.lower_ for t in s.lefts] in (["the"], ["this"]) or dated):
                at, made = self.producers[noun]
                if made is not None and pos - at <= self.ctx.table.salience_window:
                    return made  # "An AP-GfK poll found ... But the poll also finds ...": its producer
            self.producers[noun] = (pos, None)  # a poll of no one the text names: "the poll" is now this one
            if maker is None and (put := producer_token(self.ctx, s, noun, pi)) is not None:
                e = self._resolve_source(replace(c, src_tok=put[1], par=put[0], mention=self.ctx.span(put[0], mention_span(put[1]))), floor)
                if e is not None:  # "The group is running full-page ads ... The ads ask": who put them out
                    self.producers[noun] = (pos, e)
                    return e
        if s.pos_ == "PRON" or low in lx.PRONOUNS:
            if low in lx.AUTHOR_PRONOUNS and not self.ctx.in_quote(pi, pos):
                if (w := writer_of(self.writers, pi)) is not None:
                    return w  # "I" in a letter or an op-ed: the one who signs it
            b_e = bound(self.ctx, s, pi, low)
            if b_e is not None and b_e is not floor:
                return b_e
            return (cataphor(self.ctx, s, pi, low) or possessor(self.ctx, s, pi, low)
                    or self._pronoun(low, pos, floor, named_in(self.ctx, c)))
        if (e := apposed_name(self.ctx, s, pi, low)) is not None:
            return e
        e = self.ctx.entity_at(pi, s)
        if e is not None and e.kind == "org" and (kind := by_kind(self.ctx, c, floor, self._introduced_unnamed)) is not None:
            return kind  # "the Spaniard" the NER took for an organisation
        if e is not None:
            if e.kind == "person" or s.pos_ == "PROPN":
                return e
        if e is None and s.text[:1].isupper() and s.pos_ == "NOUN" and s.dep_ != "compound":
            known = self.ctx.table.link_single(s.text, pos)  # "Trump" tagged as the noun "trump"
            if known is not None:
                return known
        a, b = c.mention
        mention = self.ctx.text[a:b]
        low = hyphenated_role(s) or low  # "the GOP front-runner": the parser splits the word at its hyphen
        head_word = low[:-1] if low.endswith("s") and low[:-1] in lx.ORG_NOUNS else low
        is_role = head_word in lx.ROLE_NOUNS | lx.OCCUPATIONS or head_word.rstrip(".") in lx.HONORIFICS
        if not is_role and (kind := by_kind(self.ctx, c, floor, self._introduced_unnamed)) is not None:
            return kind  # "the Spaniard", "the 23-year-old", "the midfielder"
        if s.pos_ == "PROPN" and not is_role and head_word not in lx.ORG_NOUNS:
            if b - a == len(s.text) and self.ctx.table.people_of(s.text) or s.tag_ == "NNPS" and any(
                    t.lower_ in lx.QUANTIFIERS for t in s.lefts):
                return None  # "Hispanics telling their stories", "Some Democrats worry": a people, a group
            # a name with "which" after it is a body: "Politifact (which ...", not "the K-1 visa program, which"
            add = self.ctx.table.add_org if which_follows(s) and mention[:1].isupper() else self.ctx.table.add_person
            return self.ctx.table.link_single(s.text, pos) or add(mention, pos)
        if e is not None:
            return e
        ws = words(mention)
        definite = bool(ws) and ws[0] in lx.DEFINITE_DETERMINERS
        if proxy_word(low) and s.tag_ in ("NNS", "NNPS"):
            body = represented(self.ctx, s, pi, pos, named_before=False)  # "Senate aides" stay a group
            if body is not None:
                return body  # "attorneys for the department"
        if head_word in lx.ORG_NOUNS and not is_role:
            if any(t.pos_ == "PROPN" for t in s.lefts):
                return None  # "the Clinton campaign": named after its owner, see _org_phrase
            if definite:  # "the news service", "the news agency": a news outlet, not the State Department
                news = head_word not in lx.MEDIA_NOUNS and any(t.lower_ == "news" for t in s.lefts)
                kinds = () if news else tuple(t.lower_ for t in s.doc[s.left_edge.i:s.i] if t.dep_ == "compound" and t.pos_ in ("NOUN", "VERB")
                                              or t.dep_ == "poss" and t.tag_ == "NNS")
                return org_description(self.ctx, "outlet" if news else head_word, mention, pos, kinds)  # "the state budget office", "the workers' union"
            if (ws and ws[0] in ("a", "an") and not any(t.dep_ == "prep" for t in s.rights) and (
                    s.dep_ in ("nsubj", "nsubjpass") or s.dep_ == "pobj" and s.head.lower_ == "to"
                    and s.head.head.lower_ == "according")):
                return org_named_next(self.ctx, head_word, mention, pos)
            return None
        if is_role and not (s.text.endswith("s") and not s.text.endswith("ss") and s.pos_ == "NOUN"):
            # one person ("the actress", "the boss"), not a plural ("officials")
            mention = first_described(self.ctx, c, mention)
            occupation = head_word not in lx.ROLE_NOUNS and head_word.rstrip(".") not in lx.HONORIFICS
            if occupation and not definite:
                return None  # "a 2008 Clinton veteran said": someone the text does not name
            possessive = next((t for t in s.lefts if t.dep_ == "poss"), None)
            mates = clause_mates(self.ctx, c)
            e = self.ctx.table.match_description(mention, pos, exclude=mates)
            if e is not None and ws and ws[0] in lx.INDEFINITE_DETERMINERS and e.kind == "person" and not any(
                    apposed(self.ctx, p, a, b) for p in e.positions) and not (
                    min(e.positions) > a and (in_lead(self.ctx, c.par) or self.ctx.table.sentence_of(min(e.positions))
                                              - self.ctx.table.sentence_of(a) <= 1)):
                # "a sitting Supreme Court justice", "a Democratic senator" is someone the text names by it
                # ("A top strategist, John Weaver, tells reporters", "Richard Burr, a North Carolina
                # Republican, said") or names first in the next sentence ("a federal judge ruled Monday.
                # U.S. District Magistrate Judge David Bristow said ..."), or anywhere after a headline or
                # lead that describes them ("A New York judge has rejected ..."), not the justice or
                # senator it named before
                e = None
            if e is None and s.right_edge.i > s.i and ws and ws[0] not in lx.INDEFINITE_DETERMINERS and not set(
                    ws) & set(lx.MULTIWORD_ROLES.values()) and head_word not in lx.COMPLEMENT_ROLES:  # "The head of state" is no "head" of anything
                # "Senator from Texas says ...": the role alone, when its complement names nothing known;
                # not "a spokesman for the campaign", who is someone else than the spokesman named before
                e = self.ctx.table.match_description(self.ctx.text[a:self.ctx.abs(pi, s) + len(s.text)], pos)
                e = None if e is not None and self.ctx.table.conflict(ws, e) else e  # "The President of Russia" is no French one
            if e is None and proxy_word(low):
                e = represented(self.ctx, s, pi, pos)  # "a Justice Department spokeswoman" the text does not name
                if e is not None:
                    return e
            if e is not None and definite and possessive is None:
                e = in_focus_instead(self.ctx, e, described(self.ctx, c), head_word, pos, floor, mates)
            if e is not None and possessive is not None and possessive.lower_ in lx.PRONOUNS:
                # "her husband" is not the woman "her" stands for
                if self._pronoun(possessive.lower_, pos) is e:
                    e = None
            if e is None and definite and not possessive and occupation:
                # "Carson said ... “...,” the retired neurosurgeon told REVOLT TV": the one speaking just
                # then; not someone the text brought in as "a nurse" ("The nurse later sued")
                e = None if self._introduced_unnamed(head_word, pos) else self.ctx.table.salient(
                    pos, roles=("source",), window=self.ctx.config.occupation_window, description=mention)
                if e is None:
                    self.unnamed[head_word] = pos  # "The Platte River employee told FBI agents ... The employee said"
            elif e is None and definite and not possessive and head_word not in lx.PROXY_ROLES and not any(
                    t.dep_ == "poss" and t.lower_ in ("my", "your", "our") for t in s.subtree):  # "The head of your republic"
                # "the candidate" with nothing in the text to bind it: the person the article is about
                g = "f" if head_word in lx.FEMALE_ROLES else "m" if head_word in lx.MALE_ROLES else None
                e = candidate(self.ctx, g, mention, mates, pos) if head_word in lx.POLITICAL_ROLES else (
                    self.ctx.table.salient(pos, gender=g, exclude=floor, description=mention, settled=True, main_first=True)
                    or self.ctx.table.prominent(gender=g, description=mention, settled=True))
                if e is not None and head_word in lx.OFFICES - lx.POLITICAL_ROLES and not description_score(
                        description_words(mention), e.descriptors) and any(
                        d in lx.OFFICES | lx.NOT_CANDIDATES | lx.OCCUPATIONS or person_noun(d) for d in e.descriptors - lx.POLITICAL_ROLES):
                    e = None  # "the minister" is not the panel's host or its hydrologist, who have posts of their own
                    #           (but "the former president" may be "Clinton's husband")
                e = None if any(e is w for _, w in self.writers) else e  # "The park director told us": not the writer
            if e is not None and e is not floor:
                e.add_alias(mention)
            return e
        if definite and s.tag_ == "NN" and head_word in lx.SOURCE_NOUNS - lx.AUTHORED_NOUNS - lx.PRODUCED_NOUNS - lx.EVIDENCE_NOUNS:
            # "Top Republican Party donor Sheldon Adelson said ... the mega donor didn't disclose": a word the text
            # gave someone named before as a title (not "the leader", whom the text called no leader)
            e = self.ctx.table.match_description(mention, pos, exclude=clause_mates(self.ctx, c))
            return e if e is not None and e.kind == "person" and head_word in map(alias_head, e.aliases) and min(e.positions) < pos and e is not floor else None
        return None

    def _introduced_unnamed(self, head: str, pos: int, strictly: bool = False) -> bool:
        """Did the text bring someone in as "a `head`" (or "an", "one") before `pos`, or as "the `head`"
        whom nothing bound (`strictly` before `pos`, not at it)?"""
        if int(strictly) <= pos - self.unnamed.get(head, -10 ** 9) <= self.ctx.table.salience_window:
            return True
        before = self.ctx.text[max(0, pos - self.ctx.table.salience_window):pos]
        return re.search(rf"\b(?:an?|one)\s+(?:[\w’'-]+\s+){{0,3}}{re.escape(head)}\b", before, re.I) is not None

    def _pronoun(self, low: str, pos: int, floor: Entity | None = None,
                 named: frozenset[int] = frozenset()) -> Entity | None:
        if low in lx.PRONOUNS_HE or low in lx.PRONOUNS_SHE:
            g = "m" if low in lx.PRONOUNS_HE else "f"
            e, t, (at, ug) = self.ctx.table.antecedent(pos, g, exclude=floor, named=named), self.ctx.table, self.last_unnamed
            # "One local fisherman said the fish had gone. “...,” he said": the fisherman, no one named before him
            return None if e is not None and ug in (None, g) and t.sentence_of(pos) - t.sentence_of(at) <= 2 and all(
                not at < p < pos for p, i, r in t.timeline if i == e.id and not r.startswith("pron")) and t._last_seen(e, pos) < at else e
        if low in lx.PRONOUNS_IT:
            t = self.ctx.table
            e = t.salient(pos, kinds=("org",), window=self.ctx.config.org_pronoun_window)
            if e is not None and low == "they" and (e.place or t.sentence_of(pos) - t.sentence_of(t._last_seen(e, pos)) > 1):
                return None  # "they" for a body named just before, not a country or the Justice Department a page back
            return e
        return None

    def _their_body(self, c: Candidate) -> str | None:
        """ "They" for a person's campaign or team that is the subject in this sentence or the one before,
        with no other plural subject, people or joint subject since: "Murphy's campaign is tying the bill to Rubio. They are
        saying ..." is the Murphy campaign."""
        s = c.src_tok
        assert s is not None, "called for a candidate with a source token"
        sent = s.sent
        toks = list(s.doc[sent.start:s.i])
        if sent.start > 0:
            toks = list(s.doc[sent.start - 1].sent) + toks
        found = None
        for t in toks:
            body = next((k for k in t.children if k.dep_ == "compound" and k.lower_ in lx.PERSON_BODIES), None)
            if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NNS" and body is not None:
                # "Bush campaign officials looked into it. They determined ...": the campaign's people
                owner = next((o for o in [*body.children, *t.children] if o.dep_ in ("poss", "compound")
                              and o.pos_ == "PROPN"), None)
                e = self.ctx.entity_at(c.par, owner) if owner is not None else None
                found = f"{e.name.split()[-1]} {body.text}" if e is not None and e.kind == "person" else None
                continue
            if t.lower_ in lx.SPEAKING_GROUPS or (t.dep_ in ("nsubj", "nsubjpass") and any(
                    k.dep_ == "conj" for k in t.children)):
                found = None  # people since: "voters that they think", "Collins and Gohmert suggested they"
                continue
            if t.dep_ not in ("nsubj", "nsubjpass", "poss"):
                continue
            if t.lower_ in lx.PERSON_BODIES:
                owner = next((o for o in t.children if o.dep_ in ("poss", "compound")), None)
                who = None
                if owner is not None and owner.pos_ == "PROPN":
                    e = self.ctx.entity_at(c.par, owner)
                    who = e.name.split()[-1] if e is not None and e.kind == "person" else None
                elif owner is not None and owner.lower_ in lx.OWNER_PRONOUNS:
                    e = self._pronoun(owner.lower_, self.ctx.abs(c.par, owner))
                    who = e.name.split()[-1] if e is not None and e.kind == "person" else None
                found = body_label(self.ctx, e, t.text) if who and e is not None else None
            elif t.tag_ == "NNPS" or t.lower_ in ("they", "we") or (
                    t.tag_ == "NNS" and t.lower_[:-1].endswith(lx.PERSON_SUFFIXES)):
                found = None  # another group became the subject since (people: not "what the consequences would be")
        return found

    def _its_body(self, c: Candidate) -> Resolution | None:
        """ "It" for a person's campaign or team that is the latest subject, in this sentence or the two
        before, with nothing but its own messages as subjects since: "Trump's campaign immediately
        backtracked, putting out a statement. In cases of abortion, it said" is the Trump campaign; or for
        the body that was the latest main-clause source ("The fund said exports from Vietnam had fallen.
        It added": the fund, not Vietnam; "The civil protection agency said ... It warned": that agency)."""
        s = c.src_tok
        assert s is not None, "called for a candidate with a source token"
        sent = s.sent
        toks = list(s.doc[sent.start:s.i])
        for _ in range(2):
            if sent.start == 0:
                break
            sent = s.doc[sent.start - 1].sent
            toks = list(sent) + toks
        for t in reversed(toks):
            if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ not in ("NN", "NNP", "PRP") or t.lower_ == "it":
                continue
            if t.lower_ in lx.AUTHORED_NOUNS | lx.PRODUCED_NOUNS or embedded(t.head):
                continue  # "The Cruz campaign sent a fundraising email ... the email read. It stated"
            at, r = self.last_source
            if at == self.ctx.abs(c.par, t) and t.lower_ not in lx.PERSON_BODIES and (
                    r.entity is not None and r.entity.kind != "person" or r.entity is None and t.lower_ in lx.ORG_NOUNS):
                return r
            if t.lower_ not in lx.PERSON_BODIES:
                return None  # something else is what the text is about: "The company ... It did not admit"
            owner = next((o for o in t.children if o.dep_ in ("poss", "compound")), None)
            e = None
            if owner is not None and owner.pos_ == "PROPN":
                e = self.ctx.entity_at(c.par, owner)
            elif owner is not None and owner.lower_ in lx.OWNER_PRONOUNS:
                e = self._pronoun(owner.lower_, self.ctx.abs(c.par, owner))
            return Resolution(speaker=body_label(self.ctx, e, t.lower_)) if e is not None and e.kind == "person" else None
        return None

    def _org_phrase(self, c: Candidate) -> str | None:
        """'the Clinton campaign', "Trump's campaign": an organisation named after a person; also the one that
        wrote a letter ("a letter the Sanders campaign sent")."""
        s = c.src_tok
        assert s is not None and c.mention is not None, "a source token comes with its mention"
        if s.lower_ in lx.AUTHORED_NOUNS | lx.PRODUCED_NOUNS and (w := author(s)) is not None and w.lower_ in lx.ORG_NOUNS:
            s = w
        low = s.lower_
        followers = low in lx.PERSON_FOLLOWERS
        if low not in lx.ORG_NOUNS and low.rstrip("s") not in lx.ORG_NOUNS and not followers:
            return None
        names = [t for t in s.lefts if t.pos_ == "PROPN"]
        if not names:
            # "her campaign", "his advisers": the campaign or the aides of the person "her" stands for
            poss = next((t for t in s.lefts if t.dep_ == "poss"), None)
            owner = self._pronoun(poss.lower_, c.mention[0]) if poss is not None and poss.lower_ in lx.OWNER_PRONOUNS else None
            if poss is not None and poss.lower_ in lx.ROLE_NOUNS:  # "The senator's advisers": of one the text gave that title
                described = s.doc[poss.left_edge.i:poss.i + 1].text  # "The senator", without its "'s"
                owner = self.ctx.table.match_description(described, c.mention[0])
            if owner is not None and owner.kind == "person" and (low.rstrip("s") in lx.PERSON_BODIES or followers):
                return body_label(self.ctx, owner, s.text)
            if low == "campaign" and [t.lower_ for t in s.lefts] == ["the"]:
                # "the campaign" in an article about a candidate, where no organisation is named a campaign
                owner = candidate(self.ctx, None, "candidate")
                if owner is not None:
                    return f"{owner.name.split()[-1]} campaign"
            return None
        if followers:
            return None  # "Clinton aides": the group's own label
        owner = self.ctx.entity_at(c.par, names[-1])
        if owner is not None and owner.kind == "person":
            return body_label(self.ctx, owner, s.text)  # "the Trump team" of a candidate: the Trump campaign
        # "United Nations refugee agency", not "Nations agency"; "University of New Hampshire poll", not "an online ..."
        toks = list(s.doc[next(t.i for t in s.doc[names[0].left_edge.i:] if t.pos_ == "PROPN"):s.i + 1])
        return " ".join(t.text for t in toks if not (t.is_punct or t.is_space or t.dep_ == "case"))
