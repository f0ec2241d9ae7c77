"""Coaching hints for the line being typed (practice mode). Pure Python: no Textual here.

Forbidden phrasing is flagged with the rule's suggestion («мы с вами» → «у вас …»); a ✓ marks a
line that names the debt, a concrete date or an amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.scenario import Scenario

#: Markers worth a ✓ while typing, with what the trainee did right.
GOOD_MARKERS = (
    ("debt_word", "долг назван"),
    ("concrete_date", "точная дата"),
    ("amount", "сумма"),
)


@dataclass(frozen=True, slots=True)
class Hint:
    kind: str  # "forbid" | "good"
    key: str  # rule id for "forbid", marker name for "good"
    title: str
    words: tuple[str, ...]  # the offending words (forbid) or the evidence (good), as typed
    spans: tuple[tuple[int, int], ...]  # char offsets into the draft
    suggestion: str | None = None
    message: str = ""

    @property
    def is_warning(self) -> bool:
        return self.kind == "forbid"

    def text(self) -> str:
        """One line for the coaching panel."""
        quoted = ", ".join(f"«{w}»" for w in self.words)
        if self.kind == "good":
            return f"✓ {self.title}: {quoted}"
        tail = f" → {self.suggestion}" if self.suggestion else f" — {self.message}"
        return f"✗ {quoted}{tail}"


def _unique(items):
    seen = {}
    for x in items:
        seen.setdefault(x, None)
    return tuple(seen)


def hints(draft: str, scenario: Scenario, turn: int | None = None) -> list[Hint]:
    """Hints for a draft line. ``turn`` (0-based index of this trainee turn) skips rules scoped to
    the first N turns once they no longer apply."""
    from scoring.analysis import analyze

    if not draft.strip():
        return []
    book = scenario.rulebook
    a = analyze(draft, book.markers, scenario.spec.today)
    if not a.hits:
        return []
    out: list[Hint] = []
    for rule in book.rules:
        if rule.kind != "forbid":
            continue
        if rule.first is not None and turn is not None and turn >= rule.first:
            continue
        hits = sorted((h for m in rule.markers for h in a.hits.get(m, ())), key=lambda h: h.start)
        if hits:
            out.append(Hint("forbid", rule.id, rule.title, _unique(h.text for h in hits),
                            tuple((h.start, h.end) for h in hits), rule.suggestion, rule.message))
    for marker, title in GOOD_MARKERS:
        hits = a.hits.get(marker)
        if hits:
            out.append(Hint("good", marker, title, _unique(h.text for h in hits),
                            tuple((h.start, h.end) for h in hits)))
    return out
