"""The overall score in large digits, with the three axes as gauges."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from ..fmt import AXES, AXIS_TITLES, grade
from .meter import Meter


class ScoreBoard(Horizontal):
    DEFAULT_CSS = """
    ScoreBoard {
        height: auto;
        & > #score-big { width: auto; height: auto; padding: 0 1; }
        & #score-digits { width: auto; }
        & #score-of { color: $text-muted; }
        & > #score-axes { width: 1fr; height: auto; padding: 0 1; }
        & #score-digits.-good { color: $text-success; }
        & #score-digits.-fair { color: $text-warning; }
        & #score-digits.-poor { color: $text-error; }
    }
    """

    def __init__(self, score: int, axes: dict[str, int], **kwargs) -> None:
        super().__init__(**kwargs)
        self.score = score
        self.axes = axes

    def compose(self) -> ComposeResult:
        with Vertical(id="score-big"):
            yield Digits(str(self.score), id="score-digits", classes=grade(self.score))
            yield Label("из 100", id="score-of")
        with Vertical(id="score-axes"):
            yield Label("Итог и три оси", classes="section-title")
            for axis in AXES:
                v = self.axes.get(axis, 0)
                yield Meter(AXIS_TITLES[axis], v, id=f"axis-{axis}", classes=grade(v), label_width=11)
