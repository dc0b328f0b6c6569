"""Quote checks: did this person say these words, or something close, or nothing like it?

`parse_quote_question` reads "Did Lukashenko say that Belarus will never attack anyone?", "Did X
say 'we will never attack anyone'?", "Is it true that X said S?", "Was it X who said S?" and "X
said S, is that true?" into the speaker's words and the claim. `check_quote` then compares the claim
with candidate statements (text and speaker, chosen by the caller):

- verbatim: the claim's words occur in one of the speaker's statements, in order and adjacent,
  after normalising case, quotes, dashes, whitespace and punctuation (an ellipsis in the claim
  stands for words left out);
- paraphrase: no statement has the words, but the speaker's closest one scores at least the
  threshold by the caller's `scorer` (an encoder's cosine in the assistant); its closest words are
  shown against the claim word by word ("[-Belarus-]{+We+} will never {+ever+} attack anyone"),
  with flags when a negation or a number differs, the changes that turn a claim into its opposite;
- not found: neither.

Statements by other speakers that say it (verbatim or above the threshold) are returned as
`others`, so the answer can name who did say it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

Scorer = Callable[[str, Sequence[str]], Sequence[float]]
"""`scorer(claim, texts)` -> one similarity per text, higher is closer (e.g. cosine of embeddings)."""

VERBATIM, PARAPHRASE, NOT_FOUND = "verbatim", "paraphrase", "not found"
NEGATIONS = frozenset("""not never no nobody nothing none neither nor nowhere without cannot can't won't don't
doesn't didn't isn't aren't wasn't weren't shouldn't wouldn't couldn't hasn't haven't hadn't mustn't shan't
ain't""".split())
# verbs that report the opposite of their content: "refused to believe that ...", "denied that ..."
NEGATING_CUES = frozenset("deny denies denied denying refuse refuses refused refusing reject rejects rejected "
                          "rejecting dismiss dismisses dismissed dismissing".split())
MAX_WINDOW = 80  # words of a statement shown against a claim that shares no word with it


# -- words ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[\s*(?:\.\s?\.\s?\.|…)\s*\]|<\s*(?:\.\s?\.\s?\.|…)\s*>)\s*")


@dataclass(frozen=True)
class Word:
    norm: str     # casefolded, NFKC, straight apostrophe: what is compared
    raw: str      # as written: what is shown
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of a text with their offsets; punctuation, quotes and dashes are not words."""
    return [Word(unicodedata.normalize("NFKC", m.group(0)).casefold().replace("’", "'"), m.group(0), m.start(), m.end())
            for m in _WORD.finditer(text)]


def claim_fragments(claim: str) -> list[list[Word]]:
    """The claim's words, in the runs an ellipsis separates ("we will ... attack" is two runs)."""
    text = _unquote(claim)
    cuts = [0] + [x for m in _ELLIPSIS.finditer(text) for x in m.span()] + [len(text)]
    all_words = words(text)
    runs = [[w for w in all_words if a <= w.start and w.end <= b] for a, b in zip(cuts[::2], cuts[1::2])]
    return [r for r in runs if r]


def _find(needle: list[str], hay: list[str], start: int = 0) -> int:
    n = len(needle)
    for i in range(start, len(hay) - n + 1):
        if hay[i:i + n] == needle:
            return i
    return -1


# -- results --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A statement the claim may come from; `ref` is the caller's handle (a statement id, a Citation)."""

    text: str
    speaker: str | None = None
    ref: object = None
    negated: bool = False  # reported under a negated cue: "We do not believe [war to be inevitable]"


@dataclass(frozen=True)
class Match:
    """How one statement compares with the claim.

    `span` is the compared words' (start, end) in `candidate.text`; `diff` is a tuple of (op, claimed
    words, said words) with op "equal", "replace", "delete" (claimed, not said) or "insert" (said,
    not claimed).
    """

    candidate: Candidate
    verdict: str
    score: float
    span: tuple[int, int]
    diff: tuple[tuple[str, str, str], ...]
    negation_differs: bool = False
    numbers_differ: bool = False

    @property
    def quote(self) -> str:
        return self.candidate.text[self.span[0]:self.span[1]]

    @property
    def compact(self) -> str:
        """The differences inline: "[-claimed-]{+said+}" around the words that differ."""
        out = []
        for op, old, new in self.diff:
            if op == "equal":
                out.append(new)
            else:
                out.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
        return " ".join(out)


@dataclass(frozen=True)
class QuoteCheck:
    """The verdict on a claim: `match` is the asked speaker's closest statement (None when not found).

    A paraphrase is the closest statement, not proof: an encoder scores "taxes will rise" close to
    "taxes will not rise". `confirms` is the safe reading for an answer's first word.
    """

    claim: str
    verdict: str
    match: Match | None = None
    others: tuple[Match, ...] = ()

    @property
    def confirms(self) -> bool:
        """Verbatim, or a paraphrase that keeps the claim's negation and numbers."""
        if self.verdict == VERBATIM:
            return True
        return (self.verdict == PARAPHRASE and self.match is not None
                and not (self.match.negation_differs or self.match.numbers_differ))


# -- the check ------------------------------------------------------------------------------------------

def check_quote(claim: str, candidates: Sequence[Candidate], *, speakers: Collection[str] | None, scorer: Scorer,
                threshold: float, others_limit: int = 3) -> QuoteCheck:
    """Decide verbatim / paraphrase / not found for `claim` against the candidates.

    Args:
        claim: the words to check (quotes around them are ignored).
        candidates: statements to compare, in the caller's order of preference (earlier wins a tie).
        speakers: the names that count as the asked person (all variants of one speaker); None
            means anyone (no `others`).
        scorer: similarity of the claim to texts; only consulted when no statement is verbatim.
        threshold: the lowest score that counts as a paraphrase (or as another speaker saying it).
        others_limit: how many other speakers' statements to return.
    """
    fragments = claim_fragments(claim)
    if not fragments:
        return QuoteCheck(claim, NOT_FOUND)
    mine = [c for c in candidates if speakers is None or c.speaker in speakers]
    # a statement nobody is credited with is neither the speaker's nor someone else's
    theirs = [c for c in candidates if speakers is not None and c.speaker and c.speaker not in speakers]
    verbatim_mine = [m for m in (_verbatim(fragments, c) for c in mine) if m]
    verbatim_theirs = [m for m in (_verbatim(fragments, c) for c in theirs) if m]
    best = verbatim_mine[0] if verbatim_mine else None
    scored_mine, scored_theirs = [], []
    # the scorer (an encoder) runs only when the words were not found: for the speaker's closest
    # statement, and for others who may have said it
    need = [] if best else mine + ([] if len(verbatim_theirs) >= others_limit else theirs)
    if need:
        scores = list(scorer(_unquote(claim), [c.text for c in need]))
        if len(scores) != len(need):
            raise ValueError(f"the scorer gave {len(scores)} scores for {len(need)} texts")
        by_id = {id(c): float(s) for c, s in zip(need, scores)}
        scored_mine = sorted(((by_id[id(c)], i, c) for i, c in enumerate(mine) if id(c) in by_id),
                             key=lambda t: (-t[0], t[1]))
        scored_theirs = sorted(((by_id[id(c)], i, c) for i, c in enumerate(theirs) if id(c) in by_id),
                               key=lambda t: (-t[0], t[1]))
    if best is None and scored_mine and scored_mine[0][0] >= threshold:
        best = _paraphrase(fragments, scored_mine[0][2], scored_mine[0][0])
    seen = {id(m.candidate) for m in verbatim_theirs}
    others = list(verbatim_theirs) + [_paraphrase(fragments, c, s) for s, _, c in scored_theirs
                                      if s >= threshold and id(c) not in seen]
    verdict = best.verdict if best else NOT_FOUND
    return QuoteCheck(claim, verdict, best, tuple(others[:others_limit]))


def _unquote(text: str) -> str:
    text = text.strip()
    pairs = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}
    while len(text) >= 2 and text[0] in pairs and text[-1] == pairs[text[0]]:
        text = text[1:-1].strip()
    return text


def _verbatim(fragments: list[list[Word]], cand: Candidate) -> Match | None:
    if cand.negated:
        return None  # "He did not say that X": the words are there, the statement is their opposite
    said = words(cand.text)
    norms = [w.norm for w in said]
    pos, first = 0, None
    for frag in fragments:
        i = _find([w.norm for w in frag], norms, pos)
        if i < 0:
            return None
        first = i if first is None else first
        pos = i + len(frag)
    claimed = [w for f in fragments for w in f]
    if first is None:  # no fragments
        return None
    diff = _diff(claimed, said[first:pos])
    return Match(cand, VERBATIM, 1.0, (said[first].start, said[pos - 1].end), diff)


def _paraphrase(fragments: list[list[Word]], cand: Candidate, score: float) -> Match:
    claimed = [w for f in fragments for w in f]
    said = words(cand.text)
    i, j = _window([w.norm for w in claimed], said, cand.text)
    window = said[i:j]
    span = (window[0].start, window[-1].end) if window else (0, 0)
    return Match(cand, PARAPHRASE, score, span, _diff(claimed, window),
                 negation_differs=_negated(claimed) != (_negated(window) != cand.negated),
                 numbers_differ=_numbers(claimed) != _numbers(window))


def _window(claim: list[str], said: list[Word], text: str) -> tuple[int, int]:
    """The stretch of the statement that best lines up with the claim: among the stretches that begin
    and end on a claimed word, the one with the highest difflib ratio (the shorter on a tie), widened
    over claimed words that have a different word opposite them in the same sentence."""
    norms = [w.norm for w in said]
    vocab = set(claim)
    hits = [k for k, w in enumerate(norms) if w in vocab]
    if not hits:
        return 0, min(len(said), MAX_WINDOW)
    longest = 2 * len(claim) + 5
    best = (-1.0, 0, 0, 0)
    for a_i, a in enumerate(hits):
        for b in hits[a_i:]:
            if b - a >= longest:
                break
            ratio = SequenceMatcher(None, claim, norms[a:b + 1], autojunk=False).ratio()
            if ratio > best[0] + 1e-9:
                best = (ratio, b - a, a, b + 1)
    _, _, i, j = best
    ops = SequenceMatcher(None, claim, norms[i:j], autojunk=False).get_opcodes()
    lead = ops[0][2] - ops[0][1] if ops and ops[0][0] == "delete" else 0
    trail = ops[-1][2] - ops[-1][1] if ops and ops[-1][0] == "delete" else 0
    while lead and i > 0 and not _sentence_break(text, said[i - 1], said[i]):
        i, lead = i - 1, lead - 1
    while trail and j < len(said) and not _sentence_break(text, said[j - 1], said[j]):
        j, trail = j + 1, trail - 1
    return i, j


def _sentence_break(text: str, left: Word, right: Word) -> bool:
    return bool(re.search(r"[.!?;:]", text[left.end:right.start]))


def _diff(claimed: list[Word], said: list[Word]) -> tuple[tuple[str, str, str], ...]:
    sm = SequenceMatcher(None, [w.norm for w in claimed], [w.norm for w in said], autojunk=False)
    return tuple((op, " ".join(w.raw for w in claimed[a0:a1]), " ".join(w.raw for w in said[b0:b1]))
                 for op, a0, a1, b0, b1 in sm.get_opcodes())


def _negated(ws: list[Word]) -> bool:
    return sum(w.norm in NEGATIONS or w.norm.endswith("n't") for w in ws) % 2 == 1


def cue_negated(before: str) -> bool:
    """Is a statement whose words follow `before` (its sentence up to where the statement starts) reported
    under a negated cue: "We do not believe", "Putin denied that", "He refused to accept that"? A quote's
    own words ("“We will not ...,” he said") are the statement's, and count there, not here."""
    ws = words(re.split(r"[.!?;:,\n]\s*", before)[-1])[-8:]  # the clause the statement hangs on
    return any(w.norm in NEGATIONS or w.norm.endswith("n't") or w.norm in NEGATING_CUES for w in ws)


def _numbers(ws: list[Word]) -> set[str]:
    return {w.norm for w in ws if any(ch.isdigit() for ch in w.norm)}


def overlap_scorer(claim: str, texts: Sequence[str]) -> list[float]:
    """A lexical scorer: the share of the claim's distinct words found in each text. For tests and as
    a fallback without an encoder; it cannot see a paraphrase that changes the words."""
    want = {w.norm for w in words(claim)}
    return [len(want & {w.norm for w in words(t)}) / len(want) if want else 0.0 for t in texts]


# -- the question ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteQuestion:
    """A quote-check question: `speaker` is the words naming who (a name, a description, a pronoun;
    None for "did anyone say ..."), `claim` the words to check, `quoted` whether the user put them in
    quotation marks (asking for those exact words), `claim_span` their place in the question."""

    speaker: str | None
    claim: str
    quoted: bool
    claim_span: tuple[int, int]


_SAY = (r"(?:say|said|claim|claimed|state|stated|declare|declared|write|wrote|tweet|tweeted|promise|promised|warn|"
        r"warned|insist|insisted|suggest|suggested|admit|admitted|assert|asserted|argue|argued|announce|announced|"
        r"predict|predicted|tell\s+\w+(?:\s+\w+)?(?=\s+that\b)|told\s+\w+(?:\s+\w+)?(?=\s+that\b))")
_ADV = r"(?:(?:really|actually|ever|once|indeed|in\s+fact|publicly|truly|also|even)\s+)*"
_LEAD = r"^\W*(?:(?:and|so|but|ok|okay|well|then|now|tell\s+me)\b[,\s]*)*"
_WHO = r"(?P<who>[^\s\"“‘«'][^\"“‘«]*?)"
_FORMS = [
    re.compile(_LEAD + r"(?:did|does|has|had|do|have)\s+(?P<anyone>anyone|anybody|someone|somebody)\s+" + _ADV + _SAY +
               r"\s*[,:]?\s+(?:that\s+)?(?P<claim>.+)$", re.I),
    re.compile(_LEAD + r"(?:did|does|has|had|do|have)\s+" + _WHO + r"\s+" + _ADV + _SAY +
               r"\s*[,:]?\s+(?:that\s+)?(?P<claim>.+)$", re.I),
    re.compile(_LEAD + r"(?:is|was)\s+it\s+(?:true|correct|right|accurate)\s+(?:that\s+)?" + _WHO + r"\s+" +
               r"(?:(?:has|had|once|really|ever|actually)\s+)*" + _SAY + r"\s*[,:]?\s+(?:that\s+)?(?P<claim>.+)$", re.I),
    re.compile(_LEAD + r"(?:is|was)\s+it\s+" + _WHO + r"\s+(?:who|that)\s+" + _ADV + _SAY +
               r"\s*[,:]?\s+(?:that\s+)?(?P<claim>.+)$", re.I),
    re.compile(_LEAD + _WHO + r"\s+(?:(?:has|had|once|really|ever|actually)\s+)*" + _SAY +
               r"\s*[,:]?\s+(?:that\s+)?(?P<claim>.+?)[\s,;:—–-]*(?:(?:is|was)\s+(?:that|this|it)\s+|really|\(?)"
               r"(?:true|right|correct|accurate)?\)?\s*\?\s*$", re.I),
]
# not quote checks: "did he say anything (about NATO)?", "did he say what he would do?", "did he say that?",
# "did he say about NATO?"; but "did he say nothing would change?" and "did he say this is a threat?" are
_NOT_A_CLAIM = re.compile(r"^(?:(?:anything|something|nothing|much|a\s+lot|more|a\s+word)\b[\s?.!]*(?:$|(?:about|on|"
                          r"regarding|concerning|of|to|against)\b)|(?:about|on|regarding|concerning|whether|if|what|how|"
                          r"why|when|where|who|whom|which)\b|(?:so|that|it|this|those|these|yes|no|otherwise)[\s?.!]*$)",
                          re.I)
# "did he say about NATO that it is a threat?": the claim is after "that"
_ABOUT_THAT = re.compile(r"^(?:about|on|regarding|concerning)\s+.{1,80}?\s+that\s+(?=\S)", re.I)
_PRONOUNS = {"it", "that", "this", "there"}
_OPEN_CLOSE = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»", "„": "“"}


def parse_quote_question(question: str) -> QuoteQuestion | None:
    """The speaker words and the claim of a quote-check question, or None if it is not one."""
    q = question.strip()
    for i, form in enumerate(_FORMS):
        m = form.match(q)
        if not m:
            continue
        a, b = m.span("claim")
        claim = q[a:b]
        stripped = claim.rstrip(" ?!.")
        b = a + len(stripped)
        if i == len(_FORMS) - 1 and not re.search(r"(?:true|right|correct|accurate|really)\s*\)?\s*\?\s*$", q, re.I):
            continue  # "X said S?" alone is a statement with a question mark, not a check
        about = _ABOUT_THAT.match(q[a:b])
        a += about.end() if about else 0
        quoted = _quoted(q, a, b)
        if quoted:
            a, b = quoted
        text = q[a:b].strip()
        if not text or (not quoted and _NOT_A_CLAIM.match(text)):
            return None
        who = None if m.groupdict().get("anyone") else m.group("who").strip()
        if who is not None and (len(who.split()) > 8 or who.lower() in _PRONOUNS):
            continue
        return QuoteQuestion(who, text, bool(quoted), (a, b))
    return None


def _quoted(q: str, a: int, b: int) -> tuple[int, int] | None:
    """The inside of a quotation that opens the claim, when it closes before the claim ends
    ("'we will never attack anyone' about Poland" quotes the first part)."""
    opener = q[a:a + 1]
    close = _OPEN_CLOSE.get(opener)
    if not close:
        return None
    for k in range(b - 1, a, -1):
        if q[k] == close and (k + 1 >= len(q) or not q[k + 1].isalnum()) and q[k - 1:k] != " ":
            inner = q[a + 1:k].strip()
            if inner:
                start = a + 1 + (len(q[a + 1:k]) - len(q[a + 1:k].lstrip()))
                return start, start + len(inner)
    return None
