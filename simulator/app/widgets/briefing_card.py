"""The case card: who we are, who owes, how much, what we may offer, what we want."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.widgets import Label, Static

from ..fmt import day, days, difficulty, money, overdue_days


class BriefingCard(Vertical):
    DEFAULT_CSS = """
    BriefingCard {
        height: auto;
        padding: 0 1;
        & > #card-title { text-style: bold; color: $text-primary; margin-bottom: 1; }
        & > .card-empty { color: $text-muted; }
        & Grid { grid-size: 2; grid-columns: 13 1fr; grid-rows: auto; grid-gutter: 0 1; height: auto; }
        & .card-key { color: $text-secondary; text-style: bold; }
        & .card-debt { text-style: bold; }
    }
    """

    spec = reactive(None, recompose=True)

    def __init__(self, spec=None, *, compact: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.compact = compact
        self.set_reactive(BriefingCard.spec, spec)

    def rows(self) -> list[tuple[str, str, str]]:
        s = self.spec
        b = s.briefing
        d = b.debt
        contacts = "\n".join(f"{c.name} — {c.role}" + (f" ({c.notes})" if c.notes else "") for c in b.contacts)
        debt = f"{money(d.amount)}, {d.invoice}\nсрок {day(d.due)}, просрочка {days(overdue_days(s))}"
        if self.compact:
            speakers = "\n".join(f"{p.name} ({p.role})" for p in s.speakers.values())
            rows = [("Сценарий", f"{s.id} · сложность {difficulty(s.difficulty)}", ""),
                    ("Клиент", b.client, ""), ("Долг", debt, "card-debt"), ("Собеседники", speakers, ""),
                    ("Цель", b.goal, "")]
            if s.tags:
                rows.append(("Теги", ", ".join(s.tags), ""))
            return rows
        return [("Вы", b.company, ""), ("Клиент", b.client, ""), ("История", b.history, ""),
                ("Контакт", contacts, ""), ("Долг", debt, "card-debt"), ("Можно", b.allowed, ""),
                ("Цель", b.goal, ""), ("Сегодня", day(s.today), "")]

    def compose(self) -> ComposeResult:
        if self.spec is None:
            yield Static("Выберите сценарий.", classes="card-empty")
            return
        yield Label(self.spec.title, id="card-title")
        with Grid():
            for key, value, cls in self.rows():
                yield Label(key, classes="card-key")
                yield Static(value, markup=False, classes=cls)
