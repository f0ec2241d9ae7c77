"""Coaching under the input (practice mode): ✗ forbidden phrasing with a better one, ✓ what is right."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..coaching import Hint

PLACEHOLDER = "Подсказки появятся, пока вы печатаете."


class CoachHints(Static):
    DEFAULT_CSS = """
    CoachHints {
        height: auto;
        max-height: 5;
        padding: 0 1;
        color: $text-muted;
        &.-has-hints { color: $text; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(PLACEHOLDER, **kwargs)
        self.hints: list[Hint] = []

    def show(self, hints: list[Hint]) -> None:
        self.hints = list(hints)
        self.set_class(bool(hints), "-has-hints")
        if not hints:
            self.update(PLACEHOLDER)
            return
        parts: list[Content | tuple[str, str] | str] = []
        for i, h in enumerate(sorted(hints, key=lambda h: not h.is_warning)):
            if i:
                parts.append("\n")
            if h.is_warning:
                words = ", ".join(f"«{w}»" for w in h.words)
                parts += [("✗ ", "bold $text-error"), (words, "bold $text-error")]
                parts.append(f" → {h.suggestion}" if h.suggestion else f" — {h.message}")
            else:
                parts += [("✓ ", "bold $text-success"), (h.title, "$text-success"),
                          (": " + ", ".join(f"«{w}»" for w in h.words), "$text-muted")]
        self.update(Content.assemble(*parts))
