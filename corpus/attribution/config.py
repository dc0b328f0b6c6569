"""The settings of attribution: switches for its main rules, and the windows and thresholds they use.

The defaults are the values the rules were written and calibrated with. Switching a rule off
(`Attributor(config=AttributionConfig(continuations=False))`) measures what it adds on its own.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttributionConfig:
    """Rule switches, character windows and thresholds of one Attributor."""

    # -- rules ------------------------------------------------------------------------------------
    name_norms: bool = True         # a name that is also a verb ("Trump") reads as a name to the tagger
    turns: bool = True              # "HOLT: ...", "Q: ..." / "A: ..." transcript turns
    headlines: bool = True          # a first paragraph's headline verb ("Ted Cruz Refuses To ...")
    nominal_cues: bool = True       # a reporting noun with its owner ("Trump's claim that ...")
    according_to: bool = True       # "according to X"
    object_cues: bool = True        # a cue's object as its content ("attacked Machado", "spoke about X")
    unclaimed_quotes: bool = True   # a quote without a cue joins or continues a statement
    continuations: bool = True      # a first-person sentence right after a statement continues it
    briefings: bool = True          # in a report, what follows a person's statement without a cue goes on with it
    group_they: bool = True         # "they" is the plural group that spoke last
    pronoun_chain: bool = True      # a "she" that is a clause's subject keeps whom it stands for in focus

    # -- windows, in characters -------------------------------------------------------------------
    group_window: int = 400         # "they" may stand for a group that spoke this far back
    salience_window: int = 2500     # a pronoun looks this far back for the person in focus
    focus_window: int = 300         # a shared surname goes to who was subject or source this recently
    org_pronoun_window: int = 1200  # "it"/"they" look this far back for an organisation
    media_window: int = 1200        # "the website" looks this far back for the organisation just quoted
    occupation_window: int = 300    # "the retired neurosurgeon" is who spoke this recently
    stale_sentences: int = 5        # a bare role ("the senator") for someone not named for longer is who is in focus

    # -- thresholds -------------------------------------------------------------------------------
    quote_cover: float = 0.6        # a content this much inside quotes is the quotes (direct)
    headline_max_words: int = 25    # a longer first paragraph is no headline
    headline_title_case: float = 0.6  # share of capitalised words of a title-case headline
    min_quote_words: int = 3        # a shorter quote without a cue is a phrase, not a statement
