"""pymorphy3 behind a cache: every parse of a word, with lemmas normalised (ё→е, casefold)."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .normalize import norm_word


class Parse(NamedTuple):
    lemma: str
    grammemes: frozenset[str]


_MORPH = None


def analyzer():
    """The shared MorphAnalyzer, created on first use (it costs ~150 ms)."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3
        import pymorphy3_dicts_ru

        # An explicit path: otherwise pymorphy3 scans every installed package's entry points for
        # dictionaries, a quarter of its start-up.
        _MORPH = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")
    return _MORPH


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple[Parse, ...]:
    """All parses of a normalised word — not only the likeliest: «долга» is also «долгий»."""
    seen: dict[tuple[str, frozenset[str]], None] = {}
    try:
        found = analyzer().parse(word)
    except ValueError:  # pymorphy3 asks unicodedata for names some code points lack
        return (Parse(word, frozenset()),)
    for p in found:
        seen[(norm_word(p.normal_form), frozenset(p.tag.grammemes))] = None
    return tuple(Parse(lemma, gr) for lemma, gr in seen)


#: Lemmas known without asking pymorphy3 (filled from the on-disk cache at start-up).
_SEEDED: dict[str, frozenset[str]] = {}


def seed_lemmas(mapping: dict[str, list[str]]) -> None:
    for word, ls in mapping.items():
        _SEEDED[word] = frozenset(ls)


def lemmas(word: str) -> frozenset[str]:
    found = _SEEDED.get(word)
    if found is None:
        found = _SEEDED[word] = frozenset(p.lemma for p in parses(word))
    return found


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    try:
        return analyzer().word_is_known(word)
    except ValueError:
        return False


def inflections(lemma: str) -> set[str]:
    """Every form of every lexeme the lemma belongs to (used for typo correction)."""
    out: set[str] = {lemma}
    for p in analyzer().parse(lemma):
        if norm_word(p.normal_form) != lemma:
            continue
        for form in p.lexeme:
            out.add(norm_word(form.word))
    return out
