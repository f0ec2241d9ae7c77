"""The facts the trainee needs mid-call: amount, invoice, due date, days overdue, turns left."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ..fmt import day, money, overdue_days, plural


class CaseFacts(Static):
    DEFAULT_CSS = """
    CaseFacts { height: auto; padding: 0 1; margin-top: 1; }
    """

    turns_left = reactive(0)

    def __init__(self, spec, turns_left: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.set_reactive(CaseFacts.turns_left, turns_left)

    def render(self) -> Content:
        d = self.spec.briefing.debt
        n = self.turns_left
        left = f"{n} {plural(n, 'реплика', 'реплики', 'реплик')}"
        rows = [("Долг", money(d.amount)), ("Счёт", d.invoice), ("Срок", day(d.due)),
                ("Просрочка", f"{overdue_days(self.spec)} дн."), ("Осталось", left)]
        parts: list = []
        for i, (k, v) in enumerate(rows):
            if i:
                parts.append("\n")
            parts += [(f"{k}: ", "$text-secondary"), (v, "bold" if k in ("Долг", "Осталось") else "")]
        return Content.assemble(*parts)
