"""Turns that say nothing: thanks, greetings, "Yes.", "Go ahead, please.", with or without whom they address
("Mr President", "Colleagues")."""
from __future__ import annotations

import re

from corpus.attribution import lexicon as lx

_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
_VOCATIVE_TAIL = re.compile(r",(?:\s+(?:[A-Z][\w.'’\-]*|and|of|the|dear))+\s*$")


def only_courtesy(text: str) -> bool:
    """Is `text` only courtesy: thanks, greetings, "Yes.", "Go ahead, please." (with or without
    whom it addresses, ", Mr President")?"""
    for sent in _SENTENCE.findall(text):
        sent = sent.strip(" .!?…\"“”'’")
        if not sent:
            continue
        for part in re.split(r"\s*[,;:–—]\s*", _VOCATIVE_TAIL.sub("", sent)):
            words = " ".join(re.findall(r"[a-z’']+", part.lower()))
            if words and words not in lx.COURTESIES and not _addresses(part):
                return False
    return True


def _addresses(part: str) -> bool:
    """A vocative on its own: "Mr President", "Colleagues", "Ladies and gentlemen"."""
    words = part.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in lx.VOCATIVE_WORDS | {"and", "of", "the"}
                               for w in words) and (
        words[0].lower().rstrip(".") in lx.HONORIFICS | lx.VOCATIVE_WORDS or words[0].lower() in lx.ROLE_NOUNS)
