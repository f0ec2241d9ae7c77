"""Length-preserving normalisation, so offsets found in normalised text point into the original."""

from __future__ import annotations

from functools import lru_cache

_QUOTES = "«»„“”‟‘’‚‛`´"
_DASHES = "‐‑‒–—―−"


@lru_cache(maxsize=4096)
def _norm_char(c: str) -> str:
    if c in "ёЁ":
        return "е"
    if c in _QUOTES:
        return '"'
    if c in _DASHES:
        return "-"
    if c == "\u00a0" or c == "\u202f" or c == "\u2009":
        return " "
    n = c.casefold()
    if len(n) != 1:
        n = c.lower()
        if len(n) != 1:
            return c
    return "е" if n == "ё" else n


def normalize(text: str) -> str:
    """Casefold, ё→е, unify quotes, dashes and exotic spaces — one char in, one char out."""
    return "".join(map(_norm_char, text))


def normalized(text: str, norm: str | None) -> str:
    """``norm`` when a caller already normalised ``text`` (checked cheaply: offsets must carry over), else
    ``normalize(text)``. Lets the analysis normalise once for the tokenizer and both entity extractors."""
    if norm is None:
        return normalize(text)
    if len(norm) != len(text):
        raise ValueError("norm must be scoring.normalize.normalize(text)")
    return norm


def norm_word(word: str) -> str:
    """Normalise a single word or lemma for comparison (same rules as :func:`normalize`)."""
    return normalize(word)
