"""Markers: named classes of phrases, one vocabulary for the scorer's rules and the personas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from .patterns import Pattern
from .text import Token, Vocabulary

#: Markers computed from entities rather than phrases; rules and personas use them like any other.
ENTITY_MARKERS = {
    "concrete_date": "точная дата (день), не раньше сегодняшнего",
    "past_date": "точная дата, которая уже прошла",
    "vague_date": "расплывчатый срок без конкретного дня",
    "amount": "сумма денег",
}


class Hit(NamedTuple):  # a tuple: made thousands of times a second, cheaply
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
    """Compiled markers with an index from words to patterns, so matching stays well under a millisecond."""

    def __init__(self, markers: dict[str, Marker]):
        self.markers = markers
        # An inverted index from each pattern's rarest required word to the pattern: one pass over
        # the utterance's words finds the few patterns worth trying; common words («не», «вы») never
        # trigger anything. Each distinct required-word set is a bit, and a triggered pattern is
        # matched position by position only when the utterance's bits cover all of its own — a few
        # int ANDs, since every word carries its bits in a cache.
        self._patterns: list[tuple[str, Pattern, bool, int]] = []
        need_bits: dict[frozenset[str], int] = {}
        key_bits: dict[str, int] = defaultdict(int)
        triggers: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []
        words: set[str] = set()
        for name, m in markers.items():
            for p, is_exception in [(p, False) for p in m.patterns] + [(p, True) for p in m.exceptions]:
                pid = len(self._patterns)
                mask = 0
                for need in p.needs:
                    bit = need_bits.get(need)
                    if bit is None:
                        bit = need_bits[need] = 1 << len(need_bits)
                        for k in need:
                            key_bits[k] |= bit
                    mask |= bit
                self._patterns.append((name, p, is_exception, mask))
                if not p.needs:
                    self._always.append(pid)
                else:
                    for k in p.needs[0]:
                        triggers[k].append(pid)
                words |= p.lemma_words()
        self._triggers = {k: tuple(v) for k, v in triggers.items()}
        self._key_bits = dict(key_bits)
        starters: dict[str, list[int]] = defaultdict(list)  # key -> patterns a token with it may start
        for pid, (_, p, _, _) in enumerate(self._patterns):
            for k in p.first_keys or ():  # None: optional or any first element, every token may start
                starters[k].append(pid)
        self._starters = dict(starters)
        prefixes = {x for m in markers.values() for p in m.patterns + m.exceptions for x in p.prefixes()}
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = sorted({len(x) for x in prefixes})
        self._word_cache: dict[tuple[str, frozenset[str]], tuple[frozenset[int], tuple[int, ...], int]] = {}
        self.vocabulary = Vocabulary(words)

    def __contains__(self, name: str) -> bool:
        return name in self.markers or name in ENTITY_MARKERS

    def names(self) -> list[str]:
        return sorted(set(self.markers) | set(ENTITY_MARKERS))

    def _word(self, tok: Token) -> tuple[frozenset[int], tuple[int, ...], int]:
        """What a word means to the index, cached (words repeat): the patterns it can start, the patterns
        it triggers, and the required-word bits it sets."""
        ck = (tok.norm, tok.lemmas)
        found = self._word_cache.get(ck)
        if found is None:
            keys = set(tok.lemmas)
            keys.add(tok.norm)
            for key in list(keys):
                for n in self._prefix_lengths:
                    if n > len(key):
                        break
                    if key[:n] in self._prefixes:
                        keys.add(key[:n] + "*")
            trig = sorted({pid for k in keys for pid in self._triggers.get(k, ())})
            bits = 0
            for k in keys:
                bits |= self._key_bits.get(k, 0)
            # A key narrows, matches() decides: «=вы» shares its key with every form of «вы».
            starts = frozenset(
                pid for pid in {pid for k in keys for pid in self._starters.get(k, ())}
                if self._patterns[pid][1].elements[0].matches(tok)
            )
            if len(self._word_cache) > 100_000:
                self._word_cache.clear()
            found = self._word_cache[ck] = (starts, tuple(trig), bits)
        return found

    def find(self, text: str, tokens: list[Token]) -> dict[str, list[Hit]]:
        cache = self._word_cache
        word = self._word
        bits = 0
        trigs = []
        starts_at = []  # per token, the patterns it may start
        for tok in tokens:
            info = cache.get((tok.norm, tok.lemmas)) or word(tok)
            starts_at.append(info[0])
            if info[1]:
                trigs.append(info[1])
                bits |= info[2]
            elif info[2]:
                bits |= info[2]
        patterns = self._patterns
        live: dict[int, list[int]] = {}  # triggered patterns whose required words all occur -> start tokens
        for trig in trigs:
            for pid in trig:
                if pid not in live:
                    mask = patterns[pid][3]
                    if bits & mask == mask:
                        live[pid] = []
        for pid in self._always:
            live[pid] = []
        if not live:
            return {}
        keys = live.keys()
        for i, s in enumerate(starts_at):
            if s:
                for pid in s & keys:
                    live[pid].append(i)
        found: dict[str, list[tuple[int, int]]] = {}
        blocked: dict[str, list[tuple[int, int]]] = {}
        for pid, starts in live.items():
            name, pat, is_exception, _ = patterns[pid]
            if pat.first_keys is None:
                spans = pat.spans(tokens)
            elif not starts:
                continue
            else:
                spans = pat.spans(tokens, starts)
            if spans:
                (blocked if is_exception else found).setdefault(name, []).extend(spans)
        out: dict[str, list[Hit]] = {}
        for name, spans in found.items():
            block = blocked.get(name)
            if block:  # before merging, so an exception only removes what it overlaps
                spans = [s for s in spans if not any(s[0] <= b[1] and b[0] <= s[1] for b in block)]
            if len(spans) > 1:
                spans = _merge(spans)
            for a, b in spans:
                start, end = tokens[a].start, tokens[b].end
                hit = Hit(name, start, end, text[start:end])
                if name in out:
                    out[name].append(hit)
                else:
                    out[name] = [hit]
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
