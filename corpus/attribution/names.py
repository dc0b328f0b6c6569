"""Person names: their parts, a matching key, and whether two names can be the same person.

Documents and questions write one person many ways: "Joseph R. Biden Jr." and "Joe Biden",
"Aleksandr Lukashenko" and "Alexander Lukashenko", "Energy Minister Alexander Novak" and "Novak".
This module separates a title from the name it precedes (the title stays available as a
descriptor), folds transliteration variants of (mostly Slavic) names into one key by general
spelling rules, knows English short forms and nicknames from the `nicknames` package (a
maintained, hand-curated table, Apache-2.0, read from the installed package: no network), and
says when two names can denote one person. A suffix is part of who someone is: "Donald Trump Jr."
is not "Donald Trump".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from corpus.attribution import lexicon as lx

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii"})
PARTICLES = frozenset("de da di del della dos das du van von der den ter le la al el bin ibn abu bint".split())
HONORIFICS = frozenset(h.rstrip(".") for h in lx.HONORIFICS)
# Words that head or make up a title before a name ("Energy Minister", "Governor of Pskov Region",
# "BP Chief Executive Officer"). A capitalised word of this kind is never the start of the name.
TITLE_WORDS = frozenset(lx.ROLE_NOUNS | HONORIFICS | set("""
chairperson aide assistant commander commissioner ombudsman rector dean provost mayor prosecutor
patriarch metropolitan archbishop bishop cardinal mufti rabbi imam cosmonaut astronaut pilot envoy
plenipotentiary member founder co-founder manager editor editor-in-chief correspondent journalist presenter
host moderator anchor reporter commentator producer teacher student worker engineer doctor nurse builder farmer
operator driver employee veteran athlete champion coach player writer poet artist actor conductor
composer director-general general marshal admiral colonel major lieutenant sergeant captain officer
deputy acting first vice interim former honorary emeritus senior junior principal lead head chief
counsellor counselor advisor adviser consul attache tsar emperor sheikh emir sultan crown
corporal private ensign warrant petty midshipman cadet
""".split()))
# Words that end an organisation or a place ("Kostroma Region", "Management Board", "Sberbank"):
# a capitalised word of this kind ends a title, the name comes after it.
ORG_WORDS = frozenset(lx.ORG_NOUNS | set("""
region territory republic oblast krai okrug area district province federation kingdom emirates
board corporation company bank group holding fund agency service ministry duma assembly chamber
council committee commission court office union party faction university academy institute centre
center society association foundation directors management railways railway airlines club league team
museum theatre theater hospital school city town village plant factory works inc ltd llc plc ojsc pjsc
jsc gmbh ag sa forum fleet district guard guards command staff directorate administration government
""".split()))
LINK_WORDS = frozenset("of for and the at in on to with".split())
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|yevich|yevna|ich)$")
_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-]*[^\W_])?\.?")
_VOWELS = "aeiouy"


# -- spelling ---------------------------------------------------------------------------------

def fold(word: str) -> str:
    """Lower case without accents or periods, one kind of apostrophe: "Schönenborn" -> "schonenborn"."""
    w = unicodedata.normalize("NFKD", word)
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    return w.lower().replace("’", "'").replace(".", "")


@lru_cache(maxsize=1 << 16)
def translit_key(word: str) -> str:
    """One spelling for the transliteration variants of a name word.

    General rules of romanised Russian and other Slavic names, applied alike to every name so
    that both spellings land on one key: Aleksandr/Alexander -> "alexandr", Sergei/Sergey ->
    "sergei", Dmitry/Dmitri/Dmitriy -> "dmitri", Yevgeny/Evgeny -> "evgeni", Fyodor/Fedor ->
    "fedor", Tatyana/Tatiana -> "tatiana", Zelensky/Zelenskiy/Zelenskyy -> "zelenski".
    """
    w = re.sub(r"[^a-z]", "", fold(word))
    if not w:
        return w
    w = w.replace("ph", "f").replace("ks", "x").replace("kh", "h")
    w = re.sub(r"(.)\1+", r"\1", w)                        # Gennady/Genady, Kirill/Kiril
    w = re.sub(r"^ye", "e", w)                             # Yevgeny/Evgeny, Yelena/Elena
    w = re.sub(r"(?<=[aeiou])ye", "e", w)                  # Dostoyevsky/Dostoevsky, Matviyenko/Matvienko
    w = re.sub(r"(?<=[^aeiouy])yo", "e", w)                # Fyodor/Fedor, Pyotr/Petr, Artyom/Artem
    w = re.sub(r"(?<=[^aeiou])y(?=[aeiou])", "i", w)       # Tatyana/Tatiana, Vasilyev/Vasiliev
    w = re.sub(r"i[iy]?(?=[aeiou])", "i", w)               # Valeriia/Valeriya/Valeria, Yuliya/Yulia
    w = re.sub(r"(?<=[aeou])y(?![aeiou])", "i", w)         # Sergey/Sergei, Nikolay/Nikolai, Shoygu/Shoigu
    w = re.sub(r"(?:iy|ii|yi|yy|y|i)$", "i", w)            # Dmitriy/Dmitrii/Dmitry/Dmitri, Zelenskyy
    w = re.sub(r"(?<=nd)[ae]r$", "r", w)                   # Alexander/Alexandr/Aleksandar
    w = re.sub(r"(?<=[eo])f$", "v", w)                     # Smirnoff/Smirnov
    return w


def _name_words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_initial(token: str) -> bool:
    """ "R.", "J", "H.W." : one or more single letters."""
    letters = token.replace(".", "")
    return bool(letters) and letters.isalpha() and (len(letters) == 1 or (
        "." in token and all(len(p) <= 1 for p in token.split("."))))


def _is_suffix(token: str) -> bool:
    return fold(token).rstrip(",") in SUFFIXES


# -- given names and nicknames ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, frozenset[str]]:
    """name -> the names one step away in the `nicknames` table (both directions)."""
    from nicknames import name_triplets  # the package's own CSV (names.csv), read from disk

    near: dict[str, set[str]] = {}
    for t in name_triplets():
        a, b = t.name1.strip().lower(), t.name2.strip().lower()
        if a and b and a != b:
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in near.items()}


@lru_cache(maxsize=1)
def _given_keys() -> frozenset[str]:
    names = set(_nickname_table()) | lx.MALE_NAMES | lx.FEMALE_NAMES
    return frozenset(translit_key(n) for n in names)


def is_given_name(word: str) -> bool:
    """A word that is a known given name in some spelling ("Alexander", "Aleksandr", "Bill")."""
    key = translit_key(word)
    return len(key) > 1 and key in _given_keys()


def nicknames(given: str) -> frozenset[str]:
    """Short forms and full forms one step from a given name: "william" -> {"bill", "will", ...}."""
    return _nickname_table().get(fold(given), frozenset())


def given_names_match(a: str, b: str) -> bool:
    """Two given names that can be one person's: the same in transliteration, an initial of the
    other ("J." / "Joseph"), or a short form or nickname of it (Bill/William, Joe/Joseph)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    if translit_key(fa) == translit_key(fb):
        return True
    return fb in nicknames(fa) or fa in nicknames(fb)


# -- titles ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TitledName:
    """A name with what stood around it: "President of Russia Vladimir Putin (retranslated)"."""

    name: str            # "Vladimir Putin" ("" when the text is a title alone)
    title: str           # "President of Russia"
    note: str = ""       # "retranslated", "answering a question from ..."
    certain: bool = True  # False when the name/title boundary was a guess (a 3+ word run cut to 2)


_NOTE = re.compile(r"\s*\(([^()]*)\)?\s*$")  # "(retranslated)", or its bracket left open by the site
_LEAD_NOTE = re.compile(r"^\s*\(([^()]*)\)\s*")


def _titlecase_shouted(text: str) -> str:
    """Names written in capitals, as some transcripts do: "REGIONAL DEVELOPMENT MINISTER VIKTOR
    BASARGIN", "HOLT", "Security Council Secretary NIKOLAI PATRUSHEV", "Vladimir PUTIN"."""
    def title(s: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize() if m.group().isupper() else m.group(), s)

    ws = _name_words(text)
    caps = [w for w in ws if w.isupper() and len(w.replace(".", "")) > 1]
    if (len(caps) >= 2 and len(caps) * 2 >= len(ws)) or (len(ws) == 1 and caps and len(ws[0]) > 3):
        return title(text)
    toks = text.split()
    k = len(toks)
    while k > 0 and toks[k - 1].isupper() and len(re.sub(r"[^\w]", "", toks[k - 1])) > 1:
        k -= 1
    tail = toks[k:]
    if len(tail) >= 2 and all(len(re.sub(r"[^\w]", "", t)) > 2 for t in tail) or (
            len(tail) == 1 and len(tail[0]) > 3 and k > 0 and is_given_name(toks[k - 1])):
        return " ".join(toks[:k] + [title(t) for t in tail])
    return text


def is_name_word(tok: str) -> bool:
    """A word that can be part of a person's name (see `_is_name_token`)."""
    return _is_name_token(tok)


def _is_name_token(tok: str) -> bool:
    """A word that can be part of a person's name in a label: capitalised, a particle or an initial,
    and not a title word, an organisation word or an acronym."""
    low = fold(tok)
    if low in SUFFIXES:
        return True  # "Jr.", "II": after a name, part of it ("Albert II")
    if low in LINK_WORDS:
        return False
    if low in PARTICLES or re.match(r"^(?:al|el|ad|as|ash|at|az|bin|ibn|ben)-\w", low):
        return True
    if is_initial(tok):
        return True
    if not tok[:1].isupper():
        return False
    letters = re.sub(r"[.\-'’]", "", tok)
    if len(letters) > 1 and letters.isupper():
        return False  # an acronym: "BP", "CEO", "VTB", "FIFA"
    return low not in TITLE_WORDS and low not in ORG_WORDS


@lru_cache(maxsize=1 << 16)
def split_title(text: str, trim: bool = True) -> TitledName:
    """Separate a name from the title before it (and a note in brackets after it).

    "President of Russia Vladimir Putin" -> ("Vladimir Putin", "President of Russia");
    "BP Chief Executive Officer Robert Dudley" -> ("Robert Dudley", "BP Chief Executive Officer");
    "Prime Minister of Japan Shinzo Abe (retranslated)" -> ("Shinzo Abe", "Prime Minister of Japan",
    "retranslated"); "Belarus Alexander Lukashenko" -> ("Alexander Lukashenko", "Belarus");
    "Minister of Agriculture" -> ("", "Minister of Agriculture").

    The name is the run of name words at the end, after the last title or organisation word and
    after the object of "of"/"and". After a title, a run longer than two words is cut to two
    unless a particle, an initial or a patronymic joins the words before; where that cut was a
    guess (`certain` False) a caller with other evidence, such as a shorter label for the same
    speaker later in a transcript, should prefer it. With `trim=False` the run is kept whole
    ("Supreme Court Justice Ruth Bader Ginsburg" -> "Ruth Bader Ginsburg").
    """
    text = " ".join(text.split()).strip(" ,:;")
    note = ""
    m = _NOTE.search(text)
    if m and m.start() > 0:
        note, text = m.group(1).strip(), text[:m.start()].strip(" ,")
    m = _LEAD_NOTE.match(text)  # "(VEB) Vladimir Dmitriev": an organisation in brackets
    if m and m.end() < len(text):
        text = text[m.end():]
    head, sep, tail = text.partition(",")
    if sep and _bare_name(tail) and len(tail.split()) >= 2 and len(head.split()) == 1:
        return TitledName(tail.strip(), head.strip(), note)  # "Vladivostok, Yulia Matveyeva"
    if sep and tail.strip() and _bare_name(head) and (len(head.split()) > 1 or is_given_name(head)):
        return TitledName(head.strip(), tail.strip(), note)  # "Sergei Ivanov, Chief of Staff", "Dmitry, Moscow"
    last_head, last_sep, last_tail = text.rpartition(",")
    if last_sep and last_tail.strip() and all(fold(w) in TITLE_WORDS | ORG_WORDS | LINK_WORDS
                                              for w in last_tail.split()):
        inner = split_title(last_head, trim)  # "Oleg Baranov, Corporal": the title after the name
        if inner.name:
            return TitledName(inner.name, f"{inner.title}, {last_tail.strip()}".strip(" ,"), note, inner.certain)
    text = _titlecase_shouted(text)
    toks = text.split()
    i = len(toks)
    while i > 0 and _is_name_token(toks[i - 1]) and not toks[i - 1].endswith(","):
        i -= 1
    if i > 1 and i == len(toks) - _suffix_count(toks) and fold(toks[i - 1]) in TITLE_WORDS \
            and is_given_name(toks[i - 2]) and fold(toks[i - 2]) not in TITLE_WORDS:
        # a surname that is also a title word, after a given name: "Angus King", "John Major"
        i -= 1
        while i > 0 and _is_name_token(toks[i - 1]) and not toks[i - 1].endswith(","):
            i -= 1
    run = toks[i:]
    before = fold(toks[i - 1]) if i > 0 else ""
    while run and fold(run[0]) in PARTICLES and run[0][:1].islower() and "-" not in run[0]:
        i, run = i + 1, run[1:]  # "Ministre de la ...": a lower-case particle does not start a name
    dropped = False
    if run and before in LINK_WORDS:
        if len(run) < 3:
            run = []  # "Minister of Agriculture": the words are the object of "of"
        else:
            run, dropped = run[1:], True  # "of Kazakhstan Nursultan Nazarbayev"
    if not run:
        # "Patriarch Kirill of Moscow and All Russia": the name before "of"
        head, sep, _ = text.partition(" of ")
        if sep:
            inner = split_title(head, trim)
            if inner.name and inner.title:
                return TitledName(inner.name, text[:len(head) - len(inner.name)].strip() + text[len(head):],
                                  note, certain=False)
        return TitledName("", text, note)
    titled = (i > 0 or dropped) and trim
    name = _trim_run(run, titled)
    certain = (len(name) == len(run) or not titled or len(run) <= 2) and not dropped
    return TitledName(" ".join(name), " ".join(toks[:len(toks) - len(name)]), note, certain)


def person_and_title(text: str, places: frozenset[str] | set[str] | None = None) -> tuple[str, str]:
    """(name, title) of a name that may carry a title glued before it: "Energy Minister Alexander
    Novak" -> ("Alexander Novak", "Energy Minister"), "Belarus Alexander Lukashenko" ->
    ("Alexander Lukashenko", "Belarus"); a name without one, or a name of an organisation
    ("International Monetary Fund"), comes back whole with an empty title. Only a name of two
    words or more is split off, and only after a title or organisation word, or before a known
    given name, so "Mr Putin" and "Hillary Rodham Clinton" stay as they are. With `places` (the
    folded words of the places and nationalities a document names), a title without a title word
    must be one of those ("Belarus"): "Cornell William Brooks" stays whole."""
    t = split_title(text, trim=False)
    if not (t.name and t.title and len(t.name.split()) >= 2):
        return text, ""
    words = re.findall(r"[\w\-]+", t.title)
    if any(fold(w) in TITLE_WORDS | ORG_WORDS for w in words):
        return t.name, t.title
    if is_given_name(t.name.split()[0]) and (places is None or all(fold(w) in places for w in words)):
        return t.name, t.title
    return text, ""


def _suffix_count(toks: list[str]) -> int:
    n = 0
    while n < len(toks) and fold(toks[len(toks) - 1 - n]) in SUFFIXES:
        n += 1
    return n


def _trim_run(run: list[str], titled: bool) -> list[str]:
    """The name inside a run of capitalised words that may still start with a place or organisation."""
    n_suffix = _suffix_count(run)
    core, suffix = run[:len(run) - n_suffix], run[len(run) - n_suffix:]
    if len(core) <= 2:
        return run
    if not titled:
        # no title before it: the whole run, unless a known given name starts later
        # ("Belarus Alexander Lukashenko"; but "Mary Ann Smith", "Recep Tayyip Erdogan")
        first = next((k for k, w in enumerate(core[:-1])
                      if len(w) > 2 and fold(w) not in PARTICLES and is_given_name(w)), 0)
        return core[first:] + suffix
    j = len(core) - 2
    # words joined by particles, initials and patronymics: "Bashar al-Assad", "Adnan Z. Amin",
    # "Joseph R. Biden", "Tamim bin Hamad Al Thani"
    while j > 0 and (fold(core[j]) in PARTICLES or is_initial(core[j]) or _PATRONYMIC.search(fold(core[j]))
                     or re.match(r"^(?:al|el|bin|ibn)-", fold(core[j])) or fold(core[j - 1]) in PARTICLES):
        j -= 1
    return core[j:] + suffix


def _bare_name(text: str) -> bool:
    ws = text.split()
    return 1 <= len(ws) <= 4 and all(_is_name_token(w) for w in ws) and not all(
        fold(w) in PARTICLES for w in ws)


# -- parsing and matching --------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonName:
    """A person's name in parts; `title` is whatever preceded it ("Energy Minister")."""

    given: str | None
    middles: tuple[str, ...]
    surname: str
    suffix: str | None = None
    title: str = ""

    @property
    def middle_initials(self) -> tuple[str, ...]:
        return tuple(fold(m)[0] for m in self.middles if fold(m))


@lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> PersonName | None:
    """Parts of a person's name: "Sen. Joseph R. Biden Jr." -> given Joseph, middle R., surname Biden,
    suffix jr; leading honorifics and titles go to `title`. None when no name word is left."""
    text = re.sub(r"['’]s?$", "", " ".join(text.split()).strip(" ,;:()[]\"“”‘’'"))
    titled = split_title(text)
    name, title = titled.name, titled.title
    toks = [t.strip(",") for t in name.split()]
    while len(toks) > 1 and fold(toks[0]) in HONORIFICS | {"the", "a", "an"}:
        title = f"{title} {toks[0]}".strip()
        toks.pop(0)
    suffix = None
    while len(toks) > 1 and _is_suffix(toks[-1]):
        suffix = suffix or fold(toks[-1])
        toks.pop()
    core = [t for t in toks if fold(t) not in PARTICLES] or toks
    core = [t for t in core if re.search(r"[^\W\d_]", t)]
    if not core:
        return None
    # "M. Papchenkova": an initial alone is a given name's initial
    if len(core) == 1:
        return PersonName(None, (), core[0], suffix, title)
    return PersonName(core[0], tuple(core[1:-1]), core[-1], suffix, title)


def token_key(token: str) -> str:
    """A name word as it is matched: transliteration-folded ("Aleksandr" -> "alexandr")."""
    return translit_key(token) or fold(token)


def name_key(name: str) -> str:
    """A canonical matching key: title, honorifics and initials out, spelling folded, suffix kept.

    "Energy Minister Alexander Novak" -> "alexandr novak"; "Aleksandr Lukashenko" -> "alexandr
    lukashenko"; "Donald J. Trump" -> "donald trump"; "Donald Trump Jr." -> "donald trump jr".
    Nicknames are not folded in (Al is Alan, Albert or Alexander): `same_person` checks them.
    """
    p = parse_name(name)
    if p is None:
        return ""
    words = ([p.given] if p.given and not is_initial(p.given) else []) + \
            [m for m in p.middles if not is_initial(m)] + [p.surname]
    keys = [token_key(w) for w in words if token_key(w)]
    if p.suffix:
        keys.append(p.suffix)
    return " ".join(keys)


@lru_cache(maxsize=1 << 16)
def same_person(a: str, b: str) -> bool:
    """Whether two names can denote one person.

    Surnames must agree (in transliteration); given names must agree as `given_names_match` says
    when both are given; middle initials must not differ; a suffix must be on both or neither,
    except that a formal full name with a middle name or initial and a suffix ("Joseph R. Biden
    Jr.") can be the same as the everyday name without either ("Joe Biden"). "Donald Trump Jr."
    is not "Donald Trump"; a bare surname can be anyone who has it.
    """
    pa, pb = parse_name(a), parse_name(b)
    if pa is None or pb is None:
        return False
    if token_key(pa.surname) != token_key(pb.surname):
        # a one-word name may be the other's given name ("Hillary" / "Hillary Clinton")
        if pa.given is None and pb.given and given_names_match(pa.surname, pb.given) and not is_initial(pa.surname):
            return len(fold(pa.surname)) > 1 and token_key(pa.surname) == token_key(pb.given)
        if pb.given is None and pa.given and not is_initial(pb.surname):
            return len(fold(pb.surname)) > 1 and token_key(pb.surname) == token_key(pa.given)
        return False
    if pa.given and pb.given and not given_names_match(pa.given, pb.given):
        return False
    ma, mb = pa.middle_initials, pb.middle_initials
    if ma and mb and ma[0] != mb[0]:
        return False
    if pa.suffix != pb.suffix:
        with_suffix, without = (pa, pb) if pa.suffix else (pb, pa)
        if without.suffix or not with_suffix.middles or without.middles or without.given is None:
            return False
    return True
