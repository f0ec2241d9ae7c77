"""Tokens with character offsets into the original text, lemmas and gated typo tolerance."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import morph
from .normalize import normalize

_WORD = re.compile(r"\w+(?:[-']\w+)*")
_CYRILLIC = re.compile(r"^[а-я-]+$")
#: A full stop, question or exclamation mark (or ellipsis) followed by a space ends a sentence.
_SENTENCE_END = re.compile(r"[.!?…]\s")
#: Colloquial particles glued with a hyphen: «долгом-то», «оплатите-ка», «всё-таки».
_PARTICLES = ("то", "ка", "таки", "де", "с")

_UNSEEN = object()

#: Typo correction applies only to unknown words at least this long.
MIN_TYPO_LEN = 6


def max_typo_distance(length: int) -> int:
    """Edit-distance bound: one edit for short words, two for long ones."""
    return 1 if length <= 8 else 2


@dataclass(slots=True, eq=False)
class Token:  # not frozen: frozen dataclasses pay for object.__setattr__ on every token
    text: str  # as written
    start: int
    end: int
    norm: str  # casefolded, ё→е
    parses: tuple[morph.Parse, ...]
    lemmas: frozenset[str]
    corrected: str | None = None  # the vocabulary word a typo was read as
    sentence: int = 0  # patterns never stretch across sentences


class Vocabulary:
    """The words markers care about; unknown words are corrected only towards these."""

    def __init__(self, lemmas: set[str] | frozenset[str] = frozenset()):
        self._lemmas = frozenset(l for l in lemmas if len(l) >= MIN_TYPO_LEN - 1)
        self._forms: list[str] | None = None
        self._seen: dict[str, str | None] = {}

    def forms(self) -> list[str]:
        # Built lazily: only a text with an unknown long word ever pays for it.
        if self._forms is None:
            from . import cache
            from .sha import sha256

            key = sha256("\n".join(sorted(self._lemmas)).encode()).hexdigest()
            forms = cache.load("forms", key)
            if forms is None:
                found: set[str] = set()
                for lemma in self._lemmas:
                    found |= morph.inflections(lemma)
                forms = sorted(f for f in found if len(f) >= MIN_TYPO_LEN - 1)
                cache.store("forms", key, forms)
            self._forms = forms
        return self._forms

    def correct(self, word: str) -> str | None:
        try:
            return self._seen[word]
        except KeyError:
            pass
        if len(self._seen) > 50_000:
            self._seen.clear()
        found = self._seen[word] = _correct(self, word)
        return found


def _correct(vocab: Vocabulary, word: str) -> str | None:
    if len(word) < MIN_TYPO_LEN or not _CYRILLIC.match(word) or morph.is_known(word):
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    bound = max_typo_distance(len(word))
    best = process.extractOne(word, vocab.forms(), scorer=Levenshtein.distance, score_cutoff=bound)
    return best[0] if best else None


def tokenize(text: str, vocabulary: Vocabulary | None = None, norm: str | None = None) -> list[Token]:
    """Words of `text` with offsets; `norm` is normalize(text) when the caller already has it."""
    if norm is None:
        norm = normalize(text)
    tokens: list[Token] = []
    sentence, prev_end = 0, 0
    seen = vocabulary._seen if vocabulary is not None else None  # Vocabulary.correct's cache, read inline
    for m in _WORD.finditer(norm):
        w = m.group()
        if _SENTENCE_END.search(norm, prev_end, m.start()):
            sentence += 1
        prev_end = m.end()
        parses = morph.parses(w)
        if seen is not None and len(w) >= MIN_TYPO_LEN:
            corrected = seen.get(w, _UNSEEN)
            if corrected is _UNSEEN:
                corrected = vocabulary.correct(w)
        else:
            corrected = None
        if corrected is not None:
            parses = parses + morph.parses(corrected)
        if "-" in w:
            base, _, tail = w.rpartition("-")
            if tail in _PARTICLES and base and not morph.is_known(w):
                parses = parses + morph.parses(base)
        tokens.append(
            Token(
                text=text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                norm=w,
                parses=parses,
                lemmas=frozenset(p.lemma for p in parses),
                corrected=corrected,
                sentence=sentence,
            )
        )
    return tokens
