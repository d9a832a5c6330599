"""Comparing unit names as people write them: "Trường THCS Nguyễn Du" = "THCS Nguyen Du".

A name is folded (accents and case gone), cut at its location part, split
into words, abbreviations expanded (:data:`campaigns.vocabulary.ABBREVIATIONS`),
its school level(s) taken out and generic words ("trường") dropped. What is
left is the proper name ("nguyen du"). Two names are compared on that proper
name, with difflib on the joined text and a word overlap that tolerates a typo
per word; a level that disagrees (TH vs THCS) costs much, a level missing on
one side nothing. The score is in [0, 1]; :mod:`campaigns.matching` decides
what is good enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from campaigns.vocabulary import ABBREVIATIONS, GENERIC_WORDS, LEVELS, NAME_SEPARATORS
from domain import fold

_WORD = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)?")
WORD_SIMILARITY = 0.8  # "nguyen" ~ "nguen": one slip in a word still counts
LEVEL_CONFLICT = 0.6
LEVEL_PARTIAL = 0.9
NUMBER_CONFLICT = 0.5


@dataclass(frozen=True)
class UnitName:
    """A name taken apart for comparison."""

    proper: tuple[str, ...]  # the words that say which unit it is
    levels: frozenset[str]  # school level keys (thcs, th, mn ...)

    @property
    def key(self) -> str:
        """A stable text form: what aliases are stored under."""
        levels = "+".join(sorted(self.levels))
        return f"{levels}|{' '.join(self.proper)}" if levels else " ".join(self.proper)


def _main_part(folded: str) -> str:
    for separator in NAME_SEPARATORS:
        head, found, _tail = folded.partition(separator)
        if found and len(_WORD.findall(head)) >= 2:
            folded = head
    return folded


def _expand(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if "&" in word and word not in ABBREVIATIONS:
            parts = word.split("&")  # "th&thcs": two levels
            out.extend(w for part in parts for w in ABBREVIATIONS.get(part, part).split())
        else:
            out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def _take_levels(words: list[str]) -> tuple[list[str], set[str]]:
    text = f" {' '.join(words)} "
    levels: set[str] = set()
    for phrase, key in LEVELS:
        padded = f" {phrase} "
        if padded in text:
            levels.add(key)
            text = text.replace(padded, " ")
    return text.split(), levels


def _drop_generic(words: list[str]) -> list[str]:
    text = f" {' '.join(words)} "
    for phrase in sorted(GENERIC_WORDS, key=len, reverse=True):
        text = text.replace(f" {phrase} ", " ")
    return text.split()


@lru_cache(maxsize=4096)
def parse_name(text: str) -> UnitName:
    """Take a written unit name apart (cached: rosters and records repeat names)."""
    folded = _main_part(fold(text or ""))
    words = _expand(_WORD.findall(folded))
    rest, levels = _take_levels(words)
    proper = _drop_generic(rest) or rest
    while len(proper) > 1 and proper[0] == "va":  # "Tiểu học và THCS X": the "và" joined two levels
        proper = proper[1:]
    return UnitName(tuple(proper), frozenset(levels))


def name_key(text: str) -> str:
    """The folded key a written name is stored and looked up under (aliases)."""
    return parse_name(text).key or fold(text or "")


def _word_overlap(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """Dice coefficient over words, a word matching its near-twin on the other side."""
    if not left or not right:
        return 0.0
    unused = list(right)
    shared = 0
    for word in left:
        best, best_score = None, 0.0
        for other in unused:
            score = 1.0 if word == other else SequenceMatcher(None, word, other).ratio()
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= WORD_SIMILARITY and (len(word) > 2 or best_score == 1.0):
            shared += 1
            unused.remove(best)
    return 2 * shared / (len(left) + len(right))


def _level_factor(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right or left == right:
        return 1.0
    return LEVEL_PARTIAL if left & right else LEVEL_CONFLICT


def _number_factor(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """"Tiểu học số 1" and "Tiểu học số 2" are different schools."""
    numbers_left = {w for w in left if w.isdigit()}
    numbers_right = {w for w in right if w.isdigit()}
    return NUMBER_CONFLICT if numbers_left != numbers_right else 1.0


def similarity(written: str, roster_name: str) -> float:
    """How surely ``written`` names the unit ``roster_name``, from 0 to 1."""
    a, b = parse_name(written), parse_name(roster_name)
    if not a.proper or not b.proper:
        return 0.0
    factor = _level_factor(a.levels, b.levels) * _number_factor(a.proper, b.proper)
    if a.proper == b.proper:
        return factor
    joined = SequenceMatcher(None, " ".join(a.proper), " ".join(b.proper)).ratio()
    score = (joined + _word_overlap(a.proper, b.proper)) / 2
    return round(score * factor, 4)
