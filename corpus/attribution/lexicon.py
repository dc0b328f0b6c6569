"""The rule vocabulary of attribution: every word list the rules match against, read from `data/`.

The lists are plain text, written by hand from general English usage, so they can be read, reviewed
and changed without touching the rules: `cues.txt` (reporting verbs and what each does),
`sources.txt` (what can speak), `roles.txt` (roles and organisations), `names.txt` (titles, name
parts, given names), `grammar.txt` (pronouns and other function words), `verbs.txt` (irregular
verb forms) and `questions.txt` (the verbs of the questions qa/questions.py understands).

Format: `[name]` starts a list, `#` starts a comment, and a list is words separated by white space;
a mapping list has one `key: values` line per key (a key may repeat, its values add up), and the verb
table one row per verb. This module names each list as a frozenset or mapping and generates the verb
forms, so a lemma added to a cue list is matched as says/said/saying/... without a lemmatizer in the
pipeline.
"""
from __future__ import annotations

from importlib import resources
from typing import NamedTuple

from corpus.errors import WhosaidError


class LexiconError(WhosaidError, ValueError):
    """A malformed file under corpus/attribution/data/ (the message names the file and line)."""


def read_sections(folder=None) -> dict[str, list[tuple[str, int, str]]]:
    """Every list in `folder`/*.txt (default: this package's data/): name -> its lines, as
    (file path, line number, text without comments)."""
    folder = folder if folder is not None else resources.files(__package__).joinpath("data")
    sections: dict[str, list[tuple[str, int, str]]] = {}
    for f in sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name):
        current: list | None = None
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                name = line[1:-1].strip()
                if name in sections:
                    raise LexiconError(f"{f} line {n}: the list [{name}] is defined twice")
                current = sections[name] = []
            elif current is None:
                raise LexiconError(f"{f} line {n}: words before the first [list] header")
            else:
                current.append((str(f), n, line))
    return sections


SECTIONS = read_sections()
_kinds: dict[str, str] = {}  # list name -> how this module reads it: words, map, rows or groups


def _lines(name: str, kind: str) -> list[tuple[str, int, str]]:
    if name not in SECTIONS:
        raise LexiconError(f"no list [{name}] in corpus/attribution/data/*.txt")
    _kinds[name] = kind
    return SECTIONS[name]


def word_list(name: str) -> tuple[str, ...]:
    """The words of a list in file order, duplicates kept (tests check there are none)."""
    return tuple(w for _, _, line in _lines(name, "words") for w in line.split())


def word_map(name: str) -> dict[str, tuple[str, ...]]:
    """A mapping list: `key: values` lines; a repeated key adds its values to the key's."""
    out: dict[str, tuple[str, ...]] = {}
    for fname, n, line in _lines(name, "map"):
        key, sep, values = line.partition(":")
        if not sep or not key.strip():
            raise LexiconError(f"{fname} line {n}: [{name}] wants `key: values`, got {line!r}")
        out[key.strip()] = out.get(key.strip(), ()) + tuple(values.split())
    return out


def word_rows(name: str, width: int) -> list[tuple[str, ...]]:
    """A table list: one row of `width` columns a line."""
    rows = []
    for fname, n, line in _lines(name, "rows"):
        row = tuple(line.split())
        if len(row) != width:
            raise LexiconError(f"{fname} line {n}: [{name}] wants {width} columns, got {len(row)}")
        rows.append(row)
    return rows


def list_kinds() -> dict[str, str]:
    """How each list this module reads is read: "words", "map", "rows" or "groups"."""
    return dict(_kinds)


def unused_lists() -> set[str]:
    """Lists in data/ that no name in this module reads (a typo or a leftover)."""
    return set(SECTIONS) - set(_kinds)


# -- cues ----------------------------------------------------------------------------------------
SPEECH = frozenset(word_list("speech_verbs"))
COGNITION = frozenset(word_list("cognition_verbs"))
EVIDENCE = frozenset(word_list("evidence_verbs"))
OBJECT_CUES = frozenset(word_list("object_cues"))
CLAUSAL_ONLY = frozenset(word_list("clausal_only"))
CORE_SPEECH = frozenset(word_list("core_speech"))
CUE_LEMMAS = SPEECH | COGNITION | EVIDENCE | OBJECT_CUES
CUE_ADJECTIVES = frozenset(word_list("cue_adjectives"))
CUE_ADJECTIVE_PREPS = frozenset(word_list("cue_adjective_preps"))
NOT_CUES = frozenset(word_list("not_cues"))
NOT_CUE_PARTICLES = frozenset((lemma, p) for lemma, ps in word_map("not_cue_particles").items() for p in ps)
NOUN_CUES = frozenset(word_list("noun_cues"))
SEEING_AS = frozenset(word_list("seeing_as"))
PASSIVE_HEARERS = frozenset(word_list("passive_hearers"))
PREPS_BY_CUE = {lemma: frozenset(ps) for lemma, ps in word_map("preps_by_cue").items()}
COMPARING_PREPS = {lemma: frozenset(ps) for lemma, ps in word_map("comparing_preps").items()}
OBJECT_PREPS = frozenset(word_list("object_preps"))
ADJUNCT_PREPS = frozenset(word_list("adjunct_preps"))
HEADLINE_CUE_LEMMAS = frozenset(word_list("headline_cue_lemmas"))
INVERTED_CUE_FORMS = frozenset(word_list("inverted_cue_forms"))
CUES_WITH_HEARER = frozenset(word_list("cues_with_hearer"))
ADDRESSING_VERBS = frozenset(word_list("addressing_verbs"))
PUBLISHED_IN_NOUNS = frozenset(word_list("published_in_nouns"))
PUBLISHING_FORMS = frozenset(word_list("publishing_forms"))
PRODUCING_FORMS = frozenset(word_list("producing_forms"))

# -- sources -------------------------------------------------------------------------------------
ROLE_NOUNS = frozenset(word_list("role_nouns"))
OCCUPATIONS = frozenset(word_list("occupations"))
ORG_NOUNS = frozenset(word_list("org_nouns"))
SOURCE_NOUNS = ROLE_NOUNS | ORG_NOUNS | frozenset(word_list("source_nouns"))
NOT_SOURCES = frozenset(word_list("not_sources"))
TIME_SPANS = frozenset(word_list("time_spans"))
PERSON_SUFFIXES = tuple(word_list("person_suffixes"))
NOT_PERSON_ENDINGS = tuple(word_list("not_person_endings"))
SOURCE_PRONOUNS = frozenset(word_list("source_pronouns"))
PERSONAL_SUBJECTS = frozenset(word_list("personal_subjects"))
QUANTIFIERS = frozenset(word_list("quantifiers"))
QUANTITY_NOUNS = frozenset(word_list("quantity_nouns"))
QUANTIFIED_NOT_SOURCES = frozenset(word_list("quantified_not_sources"))
HEADLINE_SOURCES = frozenset(word_list("headline_sources"))
HEADLINE_EVENTS = frozenset(word_list("headline_events"))
EVIDENCE_NOUNS = frozenset(word_list("evidence_nouns"))
AUTHORED_NOUNS = frozenset(word_list("authored_nouns"))
PRODUCED_NOUNS = frozenset(word_list("produced_nouns"))
OTHER_ONE_WORDS = frozenset(word_list("other_one_words"))
SPEAKING_GROUPS = frozenset(word_list("speaking_groups"))
PERSON_BODIES = frozenset(word_list("person_bodies"))
PERSON_FOLLOWERS = frozenset(word_list("person_followers"))
CAMPAIGN_PEOPLE = frozenset(word_list("campaign_people"))
AUTHOR_PREPS = frozenset(word_list("author_preps"))
MAKING_VERBS = frozenset(word_list("making_verbs"))

# -- roles ---------------------------------------------------------------------------------------
ROLE_SYNONYMS = [frozenset(line.split()) for _, _, line in _lines("role_synonyms", "groups")]
ROLE_HYPERNYMS = word_map("role_hypernyms")
ORG_KINDS = [frozenset(line.split()) for _, _, line in _lines("org_kinds", "groups")]
ORG_KIND_WORDS = frozenset().union(*ORG_KINDS)
LEGAL_FORMS = frozenset(word_list("legal_forms"))
COMPANY_WORDS = LEGAL_FORMS | next(k for k in ORG_KINDS if "company" in k)  # "Helvix Pharma" is no person
MULTIWORD_ROLES = {k: v[0] for k, v in word_map("multiword_roles").items()}
POLITICAL_ROLES = frozenset(word_list("political_roles"))
OFFICES = frozenset(word_list("offices"))
NOT_CANDIDATES = frozenset(word_list("not_candidates"))
PROXY_ROLES = frozenset(word_list("proxy_roles"))
PLACE_NOUNS = frozenset(word_list("place_nouns"))
GOVERNMENT_NOUNS = frozenset(word_list("government_nouns"))
MEDIA_NOUNS = frozenset(word_list("media_nouns"))
MEDIA_KINDS: dict[str, frozenset[str]] = {}
for _heads, _words in word_map("media_kinds").items():
    for _head in _heads.split():
        MEDIA_KINDS[_head] = MEDIA_KINDS.get(_head, frozenset()) | frozenset(_words)
FEMALE_ROLES = frozenset(word_list("female_roles"))
MALE_ROLES = frozenset(word_list("male_roles"))
PARTIES = {k: v[0] for k, v in word_map("parties").items()}
GENERIC_WORDS = frozenset(word_list("generic_words"))
COMPLEMENT_ROLES = frozenset(word_list("complement_roles"))

# -- names ---------------------------------------------------------------------------------------
HONORIFICS_MALE = frozenset(word_list("honorifics_male"))
HONORIFICS_FEMALE = frozenset(word_list("honorifics_female"))
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | frozenset(word_list("titles"))
NAME_SUFFIXES = frozenset(word_list("name_suffixes"))
NAME_SUFFIX_SPELLINGS = frozenset(word_list("name_suffix_spellings"))
NAME_PARTICLES = frozenset(word_list("name_particles"))
ARTICLES = frozenset(word_list("articles"))
NOT_NAME_ENDS = frozenset(word_list("not_name_ends"))
INITIALS_SKIP = frozenset(word_list("initials_skip"))
AMBIGUOUS_NAMES = frozenset(word_list("ambiguous_names"))
MALE_NAMES = frozenset(word_list("male_names"))
FEMALE_NAMES = frozenset(word_list("female_names")) - AMBIGUOUS_NAMES
CENSUS_FEMALE_NAMES = frozenset(word_list("census_female_names"))
CENSUS_MALE_NAMES = frozenset(word_list("census_male_names"))


def given_name_gender(first: str | None) -> str | None:
    """The gender a given name tells ("m", "f" or None): the hand lists first (a name of both is
    neither), then the census lists, for the names the hand lists lack ("Annette", "Norbert")."""
    if not first:
        return None
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    if first in AMBIGUOUS_NAMES:
        return None
    return "f" if first in CENSUS_FEMALE_NAMES else "m" if first in CENSUS_MALE_NAMES else None


NEWS_WORDS = frozenset(word_list("news_words"))
INTERVIEW_WORDS = word_list("interview_words")

# -- grammar -------------------------------------------------------------------------------------
PRONOUNS_MALE = frozenset(word_list("pronouns_male"))
PRONOUNS_FEMALE = frozenset(word_list("pronouns_female"))
PRONOUNS_PLURAL = frozenset(word_list("pronouns_plural"))
PRONOUNS_NEUTER = frozenset(word_list("pronouns_neuter"))
PRONOUNS_FIRST = frozenset(word_list("pronouns_first"))
PRONOUNS_SECOND = frozenset(word_list("pronouns_second"))
PRONOUNS = (PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_NEUTER | PRONOUNS_FIRST
            | PRONOUNS_SECOND | frozenset(word_list("pronouns_other")))
PRONOUNS_HE = frozenset(word_list("pronouns_he"))
PRONOUNS_SHE = frozenset(word_list("pronouns_she"))
PRONOUNS_IT = frozenset(word_list("pronouns_it"))
OWNER_PRONOUNS = frozenset(word_list("owner_pronouns"))
RELATIVE_SUBJECTS = frozenset(word_list("relative_subjects"))
RELATIVE_OPENERS = frozenset(word_list("relative_openers"))
DEFINITE_DETERMINERS = frozenset(word_list("definite_determiners"))
INDEFINITE_DETERMINERS = frozenset(word_list("indefinite_determiners"))
SUBORDINATORS = frozenset(word_list("subordinators"))
AUTHOR_PRONOUNS = frozenset(word_list("author_pronouns"))
FIRST_PERSON = word_list("first_person")
CHAINING_WORDS = word_list("chaining_words")
TIME_WORDS = frozenset(word_list("time_words"))
TIME_MARKS = frozenset(word_list("time_marks"))
TITLE_SMALL_WORDS = frozenset(word_list("title_small_words"))
EMBEDDING_WORDS = frozenset(word_list("embedding_words"))
EXTRAPOSING_HEADS = frozenset(word_list("extraposing_heads"))
GENERIC_SUBJECTS = frozenset(word_list("generic_subjects"))
EMPTY_CONTENT = frozenset(word_list("empty_content"))
COURTESIES = frozenset(" ".join(line.split()) for _, _, line in _lines("courtesies", "groups"))
VOCATIVE_WORDS = frozenset(word_list("vocative_words"))


# -- verb forms ----------------------------------------------------------------------------------
class VerbForms(NamedTuple):
    """The forms of one verb by tense; an empty tuple where a form is not matched."""

    base: tuple[str, ...]
    s: tuple[str, ...]      # third person singular
    past: tuple[str, ...]
    pp: tuple[str, ...]     # past participle
    ing: tuple[str, ...]

    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for forms in self for f in forms))


TENSES = VerbForms._fields


def _row_forms(row: tuple[str, ...]) -> VerbForms:
    return VerbForms((row[0],), *(tuple(c.split("/")) if c != "-" else () for c in row[1:]))


_IRREGULAR = {row[0]: _row_forms(row) for row in word_rows("verb_forms", len(TENSES))}


def verb_forms(lemma: str) -> VerbForms:
    """The forms of a verb: from data/verbs.txt, else by the regular rules."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        s, past, ing = lemma + "s", lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        s, past, ing = lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        s, past, ing = lemma + "es", lemma + "ed", lemma + "ing"
    else:
        s, past, ing = lemma + "s", lemma + "ed", lemma + "ing"
    return VerbForms((lemma,), (s,), (past,), (past,), (ing,))


def forms_by_tense(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The forms a `tenses: lemmas` list names ("base past: say tell" -> say, said, tell, told)."""
    out: set[str] = set()
    for tenses, lemmas in table.items():
        for tense in tenses.split():
            if tense not in TENSES:
                raise LexiconError(f"unknown tense {tense!r} in {tenses!r}: use {' '.join(TENSES)}")
        for lemma in lemmas:
            forms = verb_forms(lemma)
            for tense in tenses.split():
                out.update(getattr(forms, tense))
    return frozenset(out)


FORM_TO_LEMMA: dict[str, str] = {}
for _lemma in sorted(CUE_LEMMAS):
    for _f in verb_forms(_lemma).all():
        FORM_TO_LEMMA.setdefault(_f, _lemma)

# -- questions (qa/questions.py) -----------------------------------------------------------------
QUESTION_WHICH_VERBS = forms_by_tense(word_map("question_which_verbs"))
QUESTION_SAID_THAT_VERBS = forms_by_tense(word_map("question_said_that_verbs"))
QUESTION_SAID_THAT_HEARER_VERBS = forms_by_tense(word_map("question_said_that_hearer_verbs"))
QUESTION_HEARER_VERBS = forms_by_tense(word_map("question_hearer_verbs"))
QUESTION_SPEECH_VERBS = forms_by_tense(word_map("question_speech_verbs"))
QUESTION_DESCRIPTION_VERBS = forms_by_tense(word_map("question_description_verbs"))
QUESTION_TOPIC_VERBS = forms_by_tense(word_map("question_topic_verbs"))
BRIEFING_FORMS = frozenset(f for lemma in word_list("briefing_verbs") for f in verb_forms(lemma).all())
