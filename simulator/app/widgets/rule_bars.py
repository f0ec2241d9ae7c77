"""The rules a group fails most, one bar each: `Назвал дату оплаты  ██████░░░░  3 из 5  60%`."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

BAR = 10


class RuleBars(Widget):
    DEFAULT_CSS = """
    RuleBars { height: auto; padding: 0 1; }
    """

    stats = reactive(list, layout=True)  # [RuleStat], most failed first

    def render(self) -> Content:
        if not self.stats:
            return Content.styled("Пока ни одного нарушенного правила.", "$text-muted")
        nums = [f"{s.failed} из {s.attempts}" for s in self.stats]
        nw = max(len(n) for n in nums)
        title_w = max(8, self.size.width - BAR - nw - 8)
        lines = []
        for s, n in zip(self.stats, nums):
            title = s.title if len(s.title) <= title_w else s.title[: title_w - 1] + "…"
            full = round(max(0.0, min(1.0, s.rate)) * BAR)
            lines.append(Content.assemble(
                (title.ljust(title_w), "$text"), " ",
                ("█" * full, "$text-error"), ("░" * (BAR - full), "$text-muted 40%"), " ",
                (n.rjust(nw), "$text-muted"), (f"{round(100 * s.rate):>4}%", "bold $text"),
            ))
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.stats))
