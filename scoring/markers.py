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
        # Each pattern is filed under the words of one required element (its anchor): a pattern whose
        # anchor word is absent from the utterance is never tried. That keeps matching sub-millisecond.
        self._anchored: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
        self._always: list[tuple[str, Pattern]] = []
        words: set[str] = set()
        for name, m in markers.items():
            for p in m.patterns:
                if p.needs:
                    for k in p.needs[0]:
                        self._anchored[k].append((name, p))
                else:
                    self._always.append((name, p))
                words |= p.lemma_words()
        prefixes = {x for m in markers.values() for p in m.patterns + m.exceptions for x in p.prefixes()}
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = sorted({len(x) for x in prefixes})
        self.vocabulary = Vocabulary(words)

    def __contains__(self, name: str) -> bool:
        return name in self.markers or name in ENTITY_MARKERS

    def names(self) -> list[str]:
        return sorted(set(self.markers) | set(ENTITY_MARKERS))

    def find(self, text: str, tokens: list[Token]) -> dict[str, list[Hit]]:
        where: dict[str, list[int]] = defaultdict(list)
        for i, tok in enumerate(tokens):
            for k in tok.lemmas:
                where[k].append(i)
            if tok.norm not in tok.lemmas:
                where[tok.norm].append(i)
        if self._prefixes:  # "юрист*" is a key too, so prefix elements are indexed like words
            for key, idx in list(where.items()):
                for n in self._prefix_lengths:
                    if n > len(key):
                        break
                    if key[:n] in self._prefixes:
                        hits = where[key[:n] + "*"]
                        hits.extend(i for i in idx if i not in hits)
        cands: dict[int, tuple[str, Pattern]] = {}
        for key in where:
            for np in self._anchored.get(key, ()):
                cands[id(np[1])] = np
        for np in self._always:
            cands[id(np[1])] = np
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for name, pat in cands.values():
            for a, b in pat.find_all(tokens, where):
                found[name].append((a, b))
        out: dict[str, list[Hit]] = {}
        for name, spans in found.items():
            marker = self.markers[name]
            if marker.exceptions:  # before merging, so an exception only removes what it overlaps
                blocked = [sp for p in marker.exceptions for sp in p.find_all(tokens, where)]
                if blocked:
                    spans = [s for s in spans if not any(s[0] <= b[1] and b[0] <= s[1] for b in blocked)]
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
