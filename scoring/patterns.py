"""Lemma patterns: the small language markers are written in.

A pattern is a line of space-separated elements, matched against tokens in order:

    слово            any form of the lemma (the word is lemmatised if it is not a lemma itself)
    а|б|в            alternatives
    =слово           this exact surface form only (after casefold, ё→е)
    прос*            a lemma or surface form starting with «прос»
    *                any one token
    слово:impr       the lemma with these grammemes (pymorphy3 tags, comma-separated: `*:VERB,impr`)
    слово?           optional element
    *{0,2}           a gap of 0 to 2 arbitrary tokens

A pattern-level `skip: N` allows up to N arbitrary tokens between every two elements; an explicit
`*{a,b}` gap replaces `skip` at its position. Neither stretches across a sentence end (. ! ? …).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import morph
from .normalize import norm_word
from .text import Token

_GAP = re.compile(r"^\*\{(\d+),(\d+)\}$")
_ATOM = re.compile(r"^[\w-]+\*?$|^\*$")
MAX_ELEMENTS = 12
MAX_GAP = 8


class PatternError(ValueError):
    pass


class Element(NamedTuple):  # (a tuple: a cached rulebook builds a thousand of them at start-up)
    lemmas: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    any: bool = False
    grammemes: frozenset[str] = frozenset()
    optional: bool = False
    gap: tuple[int, int] | None = None  # (min, max) arbitrary tokens; a gap element matches nothing itself

    def matches(self, tok: Token) -> bool:
        if self.grammemes:
            for p in tok.parses:
                if self.grammemes <= p.grammemes and (
                    self.any or p.lemma in self.lemmas or any(p.lemma.startswith(x) for x in self.prefixes)
                ):
                    return True
            return bool(self.exact) and tok.norm in self.exact
        if self.any:
            return True
        if tok.norm in self.exact:
            return True
        if self.lemmas and not self.lemmas.isdisjoint(tok.lemmas):
            return True
        if self.prefixes:
            for x in self.prefixes:
                if tok.norm.startswith(x) or any(l.startswith(x) for l in tok.lemmas):
                    return True
        return False

    def index_keys(self) -> frozenset[str] | None:
        """Keys a token must have to match (lemma, form, or "prefix*"); None when any token might."""
        if self.any or self.optional or self.gap:
            return None
        return self.lemmas | self.exact | {x + "*" for x in self.prefixes}


class Pattern(NamedTuple):
    source: str
    elements: tuple[Element, ...]
    skip: int = 0
    #: For each required word element, the words one of which must occur in the utterance.
    needs: tuple[frozenset[str], ...] = ()
    #: Keys a token needs to start a match (see Element.index_keys); None when any token may.
    first_keys: frozenset[str] | None = None

    def prefixes(self) -> set[str]:
        return {x for e in self.elements for x in e.prefixes}

    def lemma_words(self) -> set[str]:
        out: set[str] = set()
        for e in self.elements:
            out |= e.lemmas
        return out


def element_to_json(e: Element) -> list:
    return [sorted(e.lemmas), sorted(e.exact), list(e.prefixes), e.any, sorted(e.grammemes), e.optional,
            list(e.gap) if e.gap else None]


def element_from_json(data: list) -> Element:
    l, x, pr, a, g, o, gap = data
    return Element(frozenset(l), frozenset(x), tuple(pr), bool(a), frozenset(g), bool(o), tuple(gap) if gap else None)


def pattern_to_json(p: Pattern, elements: dict[Element, int] | None = None) -> list:
    """A compiled pattern as JSON, so a cached rulebook starts without asking pymorphy3 anything.

    With ``elements`` (a table being filled), elements are stored as indices into it: a rulebook's
    patterns share most of theirs («долг», «ваш»), and each is then decoded and built once."""
    els = ([element_to_json(e) for e in p.elements] if elements is None
           else [elements.setdefault(e, len(elements)) for e in p.elements])
    return [p.source, p.skip, els, [sorted(n) for n in p.needs],
            None if p.first_keys is None else sorted(p.first_keys)]


def pattern_from_json(data: list, elements: list[Element] | None = None) -> Pattern:
    source, skip, els, needs, first = data
    return Pattern(source, tuple(map(element_from_json, els) if elements is None else (elements[i] for i in els)),
                   int(skip), tuple(frozenset(n) for n in needs), None if first is None else frozenset(first))


def _lemmatise(word: str) -> frozenset[str]:
    """A pattern word stands for its lemma; an inflected word stands for all its lemmas."""
    ls = morph.lemmas(word)
    if word in ls or not ls:
        return frozenset({word})
    return ls | {word}


def parse_element(raw: str) -> Element:
    if (m := _GAP.match(raw)) :
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi or hi > MAX_GAP:
            raise PatternError(f"пропуск {raw}: нужно 0 ≤ от ≤ до ≤ {MAX_GAP}")
        return Element(gap=(lo, hi))
    optional = raw.endswith("?")
    if optional:
        raw = raw[:-1]
    grammemes: frozenset[str] = frozenset()
    if ":" in raw:
        raw, _, tags = raw.partition(":")
        grammemes = frozenset(t.strip() for t in tags.split(",") if t.strip())
        if not grammemes:
            raise PatternError("после «:» нужны граммемы pymorphy3, например :impr или :VERB,impr")
        _check_grammemes(grammemes)
    lemmas: set[str] = set()
    exact: set[str] = set()
    prefixes: list[str] = []
    any_ = False
    for alt in raw.split("|"):
        alt = norm_word(alt.strip())
        if alt.startswith("="):
            w = alt[1:]
            if not w or not _ATOM.match(w) or w.endswith("*"):
                raise PatternError(f"не понимаю точную форму «{alt}»")
            exact.add(w)
            continue
        if not alt or not _ATOM.match(alt):
            raise PatternError(f"не понимаю элемент «{alt or raw}»")
        if alt == "*":
            any_ = True
        elif alt.endswith("*"):
            if len(alt) < 4:
                raise PatternError(f"слишком короткий префикс «{alt}»: нужно хотя бы 3 буквы")
            prefixes.append(alt[:-1])
        else:
            lemmas |= _lemmatise(alt)
    return Element(frozenset(lemmas), frozenset(exact), tuple(prefixes), any_, grammemes, optional)


def _check_grammemes(grammemes: frozenset[str]) -> None:
    known = morph.analyzer().TagClass.KNOWN_GRAMMEMES
    bad = sorted(g for g in grammemes if g not in known)
    if bad:
        raise PatternError(f"неизвестные граммемы: {', '.join(bad)}")


def parse_pattern(source: str, skip: int = 0) -> Pattern:
    if not isinstance(source, str) or not source.strip():
        raise PatternError("пустой шаблон")
    if not 0 <= skip <= MAX_GAP:
        raise PatternError(f"skip должен быть от 0 до {MAX_GAP}")
    parts = source.split()
    if len(parts) > MAX_ELEMENTS:
        raise PatternError(f"слишком длинный шаблон: больше {MAX_ELEMENTS} элементов")
    elements = tuple(parse_element(p) for p in parts)
    if all(e.optional or e.gap for e in elements):
        raise PatternError("в шаблоне нет ни одного обязательного слова")
    if elements[0].gap or elements[-1].gap:
        raise PatternError("шаблон не может начинаться или кончаться пропуском")
    needs = sorted((k for e in elements if (k := e.index_keys())), key=_commonness)
    return Pattern(source, elements, skip, tuple(needs), elements[0].index_keys())


#: Words too frequent to anchor a pattern on: the rarest required word decides whether it is tried.
_COMMON = frozenset("""в во на не ни вы мы я ты он она оно они что как у с со по к ко до за от из о об
это так и а но да же ли бы то нам вас нас вам весь все всё быть мочь этот тот свой наш ваш какой
когда где там тут уже еще если для при про без или ну вот очень""".split())


#: Words every collection call repeats: a poor anchor too, though better than the everyday ones
#: (normalised, as the keys are: ё→е).
_DOMAIN = frozenset("""долг задолженность оплата оплатить платить заплатить деньги рубль сумма счет платеж
день дата срок""".split())


def _commonness(need: frozenset[str]) -> tuple[int, int]:
    """Rarer first: fewer frequent words (an everyday one counts two, one of the domain's one), then
    fewer alternatives (each one is a chance to occur)."""
    return (sum(2 if w in _COMMON else 1 if w in _DOMAIN else 0 for w in need), len(need))
