"""The marker index (triggers, required-word bits, element codes, the «A B» and «A B C» fast paths) finds exactly what
a naive matcher finds: every pattern tried at every token, every element asked `matches()` directly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.markers import MarkerSet, _merge
from scoring.patterns import Element, Pattern
from scoring.rulebook import load_rulebook
from scoring.text import Token, tokenize

RB = load_rulebook()
MS: MarkerSet = RB.markers


def _naive(els: tuple[Element, ...], k: int, tokens: list[Token], i: int, skip: int, first: bool,
           last: int | None) -> int | None:
    """The pattern language's semantics written plainly (see scoring.patterns), with backtracking."""
    if k == len(els):
        return last
    if i < len(tokens) and last is not None and tokens[i].sentence != tokens[last].sentence:
        return None
    el = els[k]
    if el.gap is not None:
        for g in range(el.gap[0], el.gap[1] + 1):
            r = _naive(els, k + 1, tokens, i + g, skip, True, last)
            if r is not None:
                return r
        return None
    for j in range(i, min(i + (0 if first else skip) + 1, len(tokens))):
        if last is not None and tokens[j].sentence != tokens[last].sentence:
            break
        if el.matches(tokens[j]):
            r = _naive(els, k + 1, tokens, j + 1, skip, False, j)
            if r is not None:
                return r
    if el.optional:
        return _naive(els, k + 1, tokens, i, skip, first, last)
    return None


def naive_find(ms: MarkerSet, text: str, tokens: list[Token]) -> dict[str, list[tuple[int, int, str]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    blocked: dict[str, list[tuple[int, int]]] = {}
    for name, m in ms.markers.items():
        for pats, into in ((m.patterns, found), (m.exceptions, blocked)):
            for p in pats:
                p: Pattern
                for i in range(len(tokens)):
                    j = _naive(p.elements, 0, tokens, i, p.skip, True, None)
                    if j is not None:
                        into.setdefault(name, []).append((i, j))
    out = {}
    for name, spans in found.items():
        block = blocked.get(name, [])
        spans = _merge([s for s in spans if not any(s[0] <= b[1] and b[0] <= s[1] for b in block)])
        if spans:
            out[name] = [(tokens[a].start, tokens[b].end, text[tokens[a].start:tokens[b].end]) for a, b in spans]
    return out


def indexed_find(text: str, tokens: list[Token]) -> dict[str, list[tuple[int, int, str]]]:
    return {name: [(h.start, h.end, h.text) for h in hits] for name, hits in MS.find(text, tokens).items()}


# Words the rulebook's patterns are made of, some of their inflections, and glue that breaks them apart.
_WORDS = sorted({w for m in MS.markers.values() for ex in m.examples + m.counterexamples for w in ex.split()})
_GLUE = [",", ".", "!", "?", "и", "не", "вы", "мы", "нам", "ну", "очень", "просто", "сегодня"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _GLUE), min_size=1, max_size=14))
def test_index_equals_naive_matcher(words):
    text = " ".join(words)
    tokens = tokenize(text, MS.vocabulary)
    assert indexed_find(text, tokens) == naive_find(MS, text, tokens)


def test_index_equals_naive_matcher_on_every_example():
    for m in MS.markers.values():
        for text in m.examples + m.counterexamples:
            tokens = tokenize(text, MS.vocabulary)
            assert indexed_find(text, tokens) == naive_find(MS, text, tokens), text


def test_index_equals_naive_matcher_with_a_sentence_break_in_every_example():
    """Each example cut in two by a full stop at every word boundary: no fast path may match across it."""
    for m in MS.markers.values():
        for example in m.examples:
            words = example.split()
            for k in range(1, len(words)):
                text = " ".join(words[:k]) + ". " + " ".join(words[k:])
                tokens = tokenize(text, MS.vocabulary)
                assert indexed_find(text, tokens) == naive_find(MS, text, tokens), text
