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
        self._index: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
        self._scan: list[tuple[str, Pattern]] = []
        words: set[str] = set()
        for name, m in markers.items():
            for p in m.patterns:
                keys = p.elements[0].index_keys()
                if keys:
                    for k in keys:
                        self._index[k].append((name, p))
                else:
                    self._scan.append((name, p))
                words |= p.lemma_words()
        self.vocabulary = Vocabulary(words)

    def __contains__(self, name: str) -> bool:
        return name in self.markers or name in ENTITY_MARKERS

    def names(self) -> list[str]:
        return sorted(set(self.markers) | set(ENTITY_MARKERS))

    def find(self, text: str, tokens: list[Token]) -> dict[str, list[Hit]]:
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, tok in enumerate(tokens):
            cands: dict[int, tuple[str, Pattern]] = {}
            for key in tok.lemmas | {tok.norm}:
                for np in self._index.get(key, ()):
                    cands[id(np[1])] = np
            for np in self._scan:
                cands[id(np[1])] = np
            for name, pat in cands.values():
                j = pat.match_at(tokens, i)
                if j is not None:
                    found[name].append((i, j))
        out: dict[str, list[Hit]] = {}
        for name, spans in found.items():
            marker = self.markers[name]
            if marker.exceptions:  # before merging, so an exception only removes what it overlaps
                blocked = _exception_spans(marker.exceptions, tokens)
                spans = [s for s in spans if not any(s[0] <= b[1] and b[0] <= s[1] for b in blocked)]
            spans = _merge(spans)
            if spans:
                out[name] = [
                    Hit(name, tokens[a].start, tokens[b].end, text[tokens[a].start : tokens[b].end]) for a, b in spans
                ]
        return out


def _exception_spans(patterns: list[Pattern], tokens: list[Token]) -> list[tuple[int, int]]:
    spans = []
    for i in range(len(tokens)):
        for p in patterns:
            j = p.match_at(tokens, i)
            if j is not None:
                spans.append((i, j))
    return spans


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
