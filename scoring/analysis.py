"""One utterance analysed once: tokens, marker hits and entities, shared by scorer and personas."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .entities import DateMention, MoneyMention, find_dates, find_money
from .markers import Hit, MarkerSet
from .normalize import normalize
from .text import Token, tokenize

_new = tuple.__new__  # a NamedTuple without its Python-level constructor

#: Longer utterances are cut before analysis; nobody says 4,000 characters in one breath.
MAX_UTTERANCE = 4000


class Analysis(NamedTuple):  # a tuple: made on every keystroke, cheaply
    text: str
    tokens: list[Token]
    hits: dict[str, list[Hit]]
    dates: list[DateMention]
    money: list[MoneyMention]

    @property
    def markers(self) -> list[str]:
        return sorted(self.hits)

    def has(self, marker: str) -> bool:
        return marker in self.hits

    @property
    def concrete_dates(self) -> list[DateMention]:
        return [d for d in self.dates if d.precision == "day" and not d.is_past]


def analyze(text: str, markers: MarkerSet, today: date) -> Analysis:
    text = text[:MAX_UTTERANCE]
    norm = normalize(text)
    tokens = tokenize(text, markers.vocabulary, norm)
    hits = markers.find(text, tokens)
    chunks = norm.split()  # (both extractors look their words up per whitespace chunk)
    dates = find_dates(text, today, norm=norm, chunks=chunks)
    money = find_money(text, norm=norm, chunks=chunks)
    for d in dates:
        if d.is_past:
            name = "past_date"  # «на прошлой неделе» is history, not a vague promise
        else:
            name = "vague_date" if d.precision != "day" else "concrete_date"
        hits.setdefault(name, []).append(_new(Hit, (name, d.start, d.end, d.text)))
    if money:
        hits["amount"] = [_new(Hit, ("amount", m.start, m.end, m.text)) for m in money]
    return Analysis(text, tokens, hits, dates, money)
