"""Trust over the turns as a sparkline, with where it started and ended."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline


class TrustChart(Vertical):
    DEFAULT_CSS = """
    TrustChart {
        height: auto;
        padding: 0 1;
        & Sparkline { height: 2; margin: 0 0; }
        & .trust-caption { color: $text-muted; }
    }
    """

    def __init__(self, history: list[float], **kwargs) -> None:
        super().__init__(**kwargs)
        self.history = list(history)

    def compose(self) -> ComposeResult:
        h = self.history or [0.0]
        yield Label("Доверие по ходу звонка", classes="section-title")
        yield Sparkline(h, summary_function=max, id="trust-spark")
        turns = len(h) - 1
        yield Label(f"в начале {h[0]:.0f} → в конце {h[-1]:.0f} · мин. {min(h):.0f}, макс. {max(h):.0f} "
                    f"· реплик: {turns}", classes="trust-caption")
