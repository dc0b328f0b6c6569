"""Countries and their peoples, for telling whether two descriptions name the same place: "the Russian
President", "the President of Russia" and "President of the Russian Federation" name one country, "US
President" another; "Vermont" is a region. The data is the countryinfo package's (MIT, drawn from
Wikipedia), read once."""
from __future__ import annotations

from functools import lru_cache

from corpus.attribution import lexicon as lx
from corpus.attribution.descriptions import words


def _key(text: str) -> str:
    ws = [w.replace(".", "") for w in words(text)]
    return " ".join(ws[1:] if ws[:1] == ["the"] else ws)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Every way of naming a country or its people, as `_key` spells it, with the country's ISO code:
    names, other spellings and codes ("us", "usa", "united states of america"), and the people
    ("american", "americans"), from the countryinfo package's data (MIT, drawn from Wikipedia)."""
    from countryinfo import CountryInfo

    out: dict[str, str] = {}
    firsts: dict[str, set[str]] = {}
    # the most populous first: "American" is the United States' people before American Samoa's
    for info in sorted(CountryInfo.all().values(), key=lambda i: -(i.get("population") or 0)):
        code = (info.get("ISO") or {}).get("alpha2") or info.get("name", "")
        demonym = info.get("demonym") or ""
        for n in [info.get("name", ""), *info.get("altSpellings", []), demonym, demonym + "s" if demonym else ""]:
            k = _key(n)
            if k:
                out.setdefault(k, code)
                if " " in k:
                    firsts.setdefault(k.split()[0], set()).add(code)
    # "the Saudi king": the first word of one country's names alone, when it is no other's
    for w, codes in firsts.items():
        if len(codes) == 1 and w not in lx.GENERIC_WORDS:
            out.setdefault(w, codes.pop())
    # short forms the data leaves out
    out.setdefault("britain", out.get("united kingdom", "GB"))
    out.setdefault("america", out.get("united states", "US"))
    return out


def place_kind(label: str, text: str) -> str | None:
    """What a place the NER found is: a country's ISO code for a country or its people ("Russia", "the
    Russian Federation", "Russian", "the U.S."), "region" for any other place ("Vermont", "Tula
    Region"), None for a group that is no nationality ("Muslims", "Democrats")."""
    code = _countries().get(_key(text))
    if code:
        return code
    return "region" if label != "NORP" else None


def place_parts(label: str, text: str) -> list[tuple[str, str]]:
    """The words of a place the NER found, each with what it is (see `place_kind`); a country named
    inside a longer span is that country and the rest is dropped ("King of Saudi Arabia": "saudi" and
    "arabia" are SA, "king" nothing)."""
    kind = place_kind(label, text)
    ws = words(text)
    if kind != "region":
        return [(w, kind) for w in ws] if kind else []
    for n in range(len(ws) - 1, 0, -1):  # the longest run of words that names a country
        for i in range(len(ws) - n + 1):
            code = _countries().get(_key(" ".join(ws[i:i + n])))
            if code:
                return [(w, code) for w in ws[i:i + n]]
    return [(w, "region") for w in ws]
