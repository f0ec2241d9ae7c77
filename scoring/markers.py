"""Markers: named classes of phrases, one vocabulary for the scorer's rules and the personas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .patterns import Pattern
from .text import Token, Vocabulary

#: Markers computed from entities rather than phrases; rules and personas use them like any other.
ENTITY_MARKERS = {
    "concrete_date": "точная дата (день), не раньше сегодняшнего",
    "past_date": "точная дата, которая уже прошла",
    "vague_date": "расплывчатый срок без конкретного дня",
    "amount": "сумма денег",
}


@dataclass(frozen=True, slots=True)
class Hit:
    marker: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Marker:
    name: str
    description: str
    patterns: list[Pattern]
    exceptions: list[Pattern] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    counterexamples: list[str] = field(default_factory=list)


class MarkerSet:
    """Compiled markers with an index from first word to pattern, so matching stays sub-millisecond."""

    def __init__(self, markers: dict[str, Marker]):
        self.markers = markers
        # An inverted index from word to (pattern, bit of the required element it satisfies): one pass
        # over the utterance's words tells which patterns have every required word present, and only
        # those are matched position by position. That keeps matching well under a millisecond.
        self._patterns: list[tuple[str, Pattern, bool]] = []
        self._full: list[int] = []
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._always: list[int] = []
        words: set[str] = set()
        for name, m in markers.items():
            for p, is_exception in [(p, False) for p in m.patterns] + [(p, True) for p in m.exceptions]:
                pid = len(self._patterns)
                self._patterns.append((name, p, is_exception))
                self._full.append((1 << len(p.needs)) - 1)
                if not p.needs:
                    self._always.append(pid)
                for bit, need in enumerate(p.needs):
                    for k in need:
                        self._postings[k].append((pid, 1 << bit))
                words |= p.lemma_words()
        prefixes = {x for m in markers.values() for p in m.patterns + m.exceptions for x in p.prefixes()}
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = sorted({len(x) for x in prefixes})
        self._keys_cache: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}
        self.vocabulary = Vocabulary(words)

    def __contains__(self, name: str) -> bool:
        return name in self.markers or name in ENTITY_MARKERS

    def names(self) -> list[str]:
        return sorted(set(self.markers) | set(ENTITY_MARKERS))

    def _keys(self, tok: Token) -> tuple[str, ...]:
        """Lemmas, the form, and "prefix*" keys of a token (cached: words repeat)."""
        ck = (tok.norm, tok.lemmas)
        found = self._keys_cache.get(ck)
        if found is None:
            keys = set(tok.lemmas)
            keys.add(tok.norm)
            for key in list(keys):
                for n in self._prefix_lengths:
                    if n > len(key):
                        break
                    if key[:n] in self._prefixes:
                        keys.add(key[:n] + "*")
            if len(self._keys_cache) > 100_000:
                self._keys_cache.clear()
            found = self._keys_cache[ck] = tuple(keys)
        return found

    def find(self, text: str, tokens: list[Token]) -> dict[str, list[Hit]]:
        where: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            for k in self._keys(tok):
                lst = where.get(k)
                if lst is None:
                    where[k] = [i]
                else:
                    lst.append(i)
        postings = self._postings
        sat: dict[int, int] = {}
        for key in where:
            for pid, bit in postings.get(key, ()):
                sat[pid] = sat.get(pid, 0) | bit
        full = self._full
        cands = [pid for pid, m in sat.items() if m == full[pid]] + self._always
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        blocked: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pid in cands:
            name, pat, is_exception = self._patterns[pid]
            spans = pat.find_all(tokens, where, checked=True)
            if spans:
                (blocked if is_exception else found)[name].extend(spans)
        out: dict[str, list[Hit]] = {}
        for name, spans in found.items():
            block = blocked.get(name)
            if block:  # before merging, so an exception only removes what it overlaps
                spans = [s for s in spans if not any(s[0] <= b[1] and b[0] <= s[1] for b in block)]
            spans = _merge(spans)
            if spans:
                out[name] = [
                    Hit(name, tokens[a].start, tokens[b].end, text[tokens[a].start : tokens[b].end]) for a, b in spans
                ]
        return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
