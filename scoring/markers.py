"""Markers: named classes of phrases, one vocabulary for the scorer's rules and the personas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from .patterns import MAX_ELEMENTS, Element, Pattern
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


#: tuple.__new__ skips a NamedTuple's Python-level constructor (half its cost) where hits are made in bulk.
_new = tuple.__new__


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

    def __init__(self, markers: dict[str, Marker], index: dict | None = None):
        """``index``: what :meth:`index` gave for these same markers before (the rulebook cache keeps it;
        building it is most of the cost of loading a cached rulebook)."""
        self.markers = markers
        if index is None:
            index = _build_index(markers)
        self._index = index
        metas = index["patterns"]
        self._patterns: list[_PatternInfo] = []
        self._elements: dict[int, Element] = {}  # code -> element, for the words the cache has not seen
        self._keyless: list[int] = []  # «*:VERB»: any word of a kind, no key to look it up by
        self._always: list[int] = []  # patterns that need no particular word
        for name, m in markers.items():
            for is_exception, ps in ((False, m.patterns), (True, m.exceptions)):
                for p in ps:
                    pid = len(self._patterns)
                    needs, codes, shape, reach = metas[pid]
                    mask = 0
                    for bit in needs:
                        mask |= 1 << bit
                    codes = tuple(codes)
                    if len(codes) != len(p.elements):
                        raise ValueError(f"index does not fit pattern {p.source!r}")
                    for code, e in zip(codes, p.elements):
                        if code is not None:
                            self._elements[code] = e
                            if e.any:
                                self._keyless.append(code)
                    if not p.needs:
                        self._always.append(pid)
                    self._patterns.append((name, p.elements, is_exception, mask, codes, shape, tuple(reach), p.skip))
        if len(self._patterns) != len(metas):
            raise ValueError("index does not fit the markers")
        self._triggers = {k: tuple(v) for k, v in index["triggers"].items()}
        self._key_bits = {k: sum(1 << bit for bit in bits) for k, bits in index["key_bits"].items()}
        self._el_index = {k: tuple(v) for k, v in index["el_index"].items()}
        self._prefixes = frozenset(index["prefixes"])
        self._prefix_lengths = sorted({len(x) for x in self._prefixes})
        self._word_cache: dict[str | tuple[str, str], _WordInfo] = {}
        self.vocabulary = Vocabulary(frozenset(index["words"]))

    def index(self) -> dict:
        """The word index, as JSON data for :meth:`__init__` (given the same markers)."""
        return self._index

    def __contains__(self, name: str) -> bool:
        return name in self.markers or name in ENTITY_MARKERS

    def names(self) -> list[str]:
        return sorted(set(self.markers) | set(ENTITY_MARKERS))

    def _word(self, tok: Token) -> _WordInfo:
        """What a word means to the index, cached (words repeat): the codes of the first elements and of all
        elements it matches, the patterns it triggers (first-element code, required bits), the required-word
        bits it sets, and the one-word patterns it matches (marker, is exception)."""
        ck = tok.norm if tok.corrected is None else (tok.norm, tok.corrected)  # what decides its lemmas
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
            patterns = self._patterns
            trig = [(pid * _SLOTS, patterns[pid][3])
                    for pid in sorted({pid for k in keys for pid in self._triggers.get(k, ())})
                    if patterns[pid][5] != _SINGLE]  # one-word patterns: see `singles`
            bits = 0
            for k in keys:
                bits |= self._key_bits.get(k, 0)
            # A key narrows, matches() decides: «=вы» shares its key with every form of «вы».
            maybe = {c for k in keys for c in self._el_index.get(k, ())}
            maybe.update(self._keyless)
            els = self._elements
            codes = frozenset(c for c in maybe if els[c].matches(tok))
            starts = frozenset(c for c in codes if c % _SLOTS == 0 and patterns[c // _SLOTS][5] != _SINGLE)
            # A one-word pattern the word matches is a hit wherever the word stands: no index needed.
            singles = tuple((patterns[c // _SLOTS][0], patterns[c // _SLOTS][2]) for c in sorted(codes)
                            if c % _SLOTS == 0 and patterns[c // _SLOTS][5] == _SINGLE)
            if len(self._word_cache) > 100_000:
                self._word_cache.clear()
            found = self._word_cache[ck] = (starts, codes, tuple(trig), bits, singles)
        return found

    def find(self, text: str, tokens: list[Token]) -> dict[str, list[Hit]]:
        cache = self._word_cache
        word = self._word
        bits = 0
        trigs = []
        infos = [cache.get(tok.norm) or word(tok) if tok.corrected is None else word(tok) for tok in tokens]
        found: dict[str, list[tuple[int, int]]] = {}
        blocked: dict[str, list[tuple[int, int]]] = {}
        for i, info in enumerate(infos):
            if info[2]:
                trigs.append(info[2])
                bits |= info[3]
            elif info[3]:
                bits |= info[3]
            if info[4]:
                for name, is_exception in info[4]:
                    (blocked if is_exception else found).setdefault(name, []).append((i, i))
        patterns = self._patterns
        live: dict[int, list[int]] = {}  # first-element codes of the patterns worth matching -> start tokens
        for trig in trigs:
            for code, mask in trig:
                if bits & mask == mask:
                    live[code] = []
        for pid in self._always:
            live[pid * _SLOTS] = []
        wanted = set(live)  # intersection iterates over the smaller side; a word may start dozens of patterns
        for i, info in enumerate(infos):
            if not wanted.isdisjoint(info[0]):  # (most words start no live pattern: no set made for them)
                for code in wanted.intersection(info[0]):
                    live[code].append(i)
        n = len(tokens)
        for code, starts in live.items():
            name, els, is_exception, _, codes, shape, reach, skip = patterns[code // _SLOTS]
            if not starts and shape != _ANYWHERE:
                continue
            spans = []
            if shape == _ANYWHERE:  # an optional or bare first element: any token may start
                for i in range(n):
                    j = _match(els, codes, 0, infos, tokens, i, skip, True, None)
                    if j is not None:
                        spans.append((i, j))
            elif shape == _PAIR:
                # the commonest shape: no backtracking needed (sentence numbers never go down, so the
                # first token of another sentence ends the search)
                second = codes[-1]
                lo, hi = reach
                for i in starts:
                    sentence = tokens[i].sentence
                    for j in range(i + 1 + lo, min(i + hi + 2, n)):
                        if tokens[j].sentence != sentence:
                            break
                        if second is None or second in infos[j][1]:
                            spans.append((i, j))
                            break
            elif shape == _CHAIN:
                last = len(codes) - 1
                for i in starts:
                    j = i + last
                    if j >= n or tokens[j].sentence != tokens[i].sentence:
                        continue
                    for k in range(1, last + 1):
                        c = codes[k]
                        if c is not None and c not in infos[i + k][1]:
                            break
                    else:
                        spans.append((i, j))
            else:
                for i in starts:
                    j = _match(els, codes, 1, infos, tokens, i + 1, skip, False, i)
                    if j is not None:
                        spans.append((i, j))
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
                hit = _new(Hit, (name, start, end, text[start:end]))
                if name in out:
                    out[name].append(hit)
                else:
                    out[name] = [hit]
        return out


def _build_index(markers: dict[str, Marker]) -> dict:
    """An inverted index from each pattern's rarest required word to the pattern: one pass over the
    utterance's words finds the few patterns worth trying; common words («не», «вы») never trigger
    anything. Each distinct required-word set is a bit, and a triggered pattern is matched position by
    position only when the utterance's bits cover all of its own — a few int ANDs, since every word
    carries its bits in a cache.

    Matching itself never asks an element about a token: every element has a code (pattern id * 16 +
    position), and each word knows, once, the codes of the elements it matches; a match is then set
    lookups along the tokens.

    Plain JSON data (lists, str keys), so that a cached rulebook keeps it."""
    metas: list[list] = []
    need_bits: dict[frozenset[str], int] = {}  # need -> its bit's position (ints are kept as positions: JSON)
    key_bits: dict[str, list[int]] = defaultdict(list)
    triggers: dict[str, list[int]] = defaultdict(list)
    el_index: dict[str, list[int]] = defaultdict(list)  # key -> codes of elements a token with it may match
    words: set[str] = set()
    # A pattern's first need is its trigger's (see below), met by the word that triggers it: only the
    # others go into its mask. Bits are numbered commonest need first, which keeps the ints of most
    # utterances (OR-ed bits of their words) and masks a few machine words long.
    uses: dict[frozenset[str], int] = defaultdict(int)
    for m in markers.values():
        for p in m.patterns + m.exceptions:
            for need in p.needs[1:]:
                uses[need] += 1
    for need in sorted(uses, key=lambda n: (-uses[n], sorted(n))):
        bit = need_bits[need] = len(need_bits)
        for k in need:
            key_bits[k].append(bit)
    for m in markers.values():
        for p in m.patterns + m.exceptions:
            pid = len(metas)
            mask = sorted({need_bits[need] for need in p.needs[1:]})
            codes: list[int | None] = []
            for k, e in enumerate(p.elements):
                if e.gap is not None or (e.any and not e.grammemes):
                    codes.append(None)  # a gap is structure; a bare «*» matches every token
                    continue
                code = pid * _SLOTS + k
                codes.append(code)
                for key in e.lemmas | e.exact | {x + "*" for x in e.prefixes}:
                    el_index[key].append(code)
            els = p.elements
            reach = (0, 0)  # _PAIR: the second word is this many words (lo, hi) past the first
            if p.first_keys is None:
                shape = _ANYWHERE
            elif len(els) == 1:
                shape = _SINGLE
            elif len(els) == 2 and els[1].gap is None and not els[1].optional:
                shape, reach = _PAIR, (0, p.skip)  # «A B», up to `skip` words between
            elif len(els) == 3 and els[1].gap is not None and els[2].gap is None and not els[2].optional:
                shape, reach = _PAIR, els[1].gap  # «A _{lo,hi} B»: the word after a gap stands exactly there
            elif p.skip == 0 and all(e.gap is None and not e.optional for e in els):
                shape = _CHAIN  # «A B C», word after word
            else:
                shape = _GENERAL
            metas.append([mask, codes, shape, list(reach)])
            if p.needs:
                for k in p.needs[0]:
                    triggers[k].append(pid)
            words |= p.lemma_words()
    prefixes = {x for m in markers.values() for p in m.patterns + m.exceptions for x in p.prefixes()}
    return {"patterns": metas, "triggers": dict(triggers), "key_bits": dict(key_bits), "el_index": dict(el_index),
            "prefixes": sorted(prefixes), "words": sorted(words)}


# Pattern shapes, each matched its own way.
_ANYWHERE, _SINGLE, _PAIR, _CHAIN, _GENERAL = range(5)
#: marker, elements, is exception, mask (bits of its other needs), element codes, shape, reach, skip
_PatternInfo = tuple[str, tuple[Element, ...], bool, int, tuple[int | None, ...], int, tuple[int, int], int]
_WordInfo = tuple[frozenset[int], frozenset[int], tuple[tuple[int, int], ...], int, tuple[tuple[str, bool], ...]]
#: Element codes are pattern id * _SLOTS + position (patterns have at most MAX_ELEMENTS elements).
_SLOTS = 16
assert MAX_ELEMENTS <= _SLOTS


def _match(els: tuple[Element, ...], codes: tuple[int | None, ...], k: int, infos: list[_WordInfo],
           tokens: list[Token], i: int, skip: int, first: bool, last: int | None) -> int | None:
    """Index of the last token of a match of elements k… from token i on (after token `last`), or None.

    `first`: element k must match at i exactly (no skip before it). Skips and gaps stop at a sentence end."""
    if k == len(els):
        return last
    if i < len(tokens) and last is not None and tokens[i].sentence != tokens[last].sentence:
        return None
    el = els[k]
    if el.gap is not None:
        lo, hi = el.gap
        for g in range(lo, hi + 1):
            r = _match(els, codes, k + 1, infos, tokens, i + g, skip, True, last)
            if r is not None:
                return r
        return None
    code = codes[k]
    window = 0 if first else skip
    for j in range(i, min(i + window + 1, len(tokens))):
        if last is not None and tokens[j].sentence != tokens[last].sentence:
            break
        if code is None or code in infos[j][1]:  # (the codes of the elements token j matches)
            r = _match(els, codes, k + 1, infos, tokens, j + 1, skip, False, j)
            if r is not None:
                return r
    if el.optional:
        return _match(els, codes, k + 1, infos, tokens, i, skip, first, last)
    return None


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
