"""A labelled horizontal gauge (trust, pressure, a score axis): `Доверие ██████░░░░ 60`."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class Meter(Widget):
    DEFAULT_CSS = """
    Meter {
        height: 1;
        width: 1fr;
        &.-good { color: $text-success; }
        &.-fair { color: $text-warning; }
        &.-poor { color: $text-error; }
    }
    """

    value = reactive(0.0)

    def __init__(self, label: str, value: float = 0.0, *, lo: float = 0.0, hi: float = 100.0,
                 label_width: int = 10, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.lo, self.hi = lo, hi
        self.label_width = label_width
        self.set_reactive(Meter.value, value)

    @property
    def fraction(self) -> float:
        span = self.hi - self.lo
        return 0.0 if span <= 0 else min(1.0, max(0.0, (self.value - self.lo) / span))

    def render(self) -> Content:
        number = f" {self.value:>3.0f}"
        width = max(4, self.size.width - self.label_width - len(number))
        full = round(self.fraction * width)
        return Content.assemble(
            (self.label.ljust(self.label_width)[: self.label_width], "$text"),
            ("█" * full, ""),
            ("░" * (width - full), "$text-muted 40%"),
            (number, "bold $text"),
        )
