"""Russian formatting for the UI: money, dates, plurals, titles. No Textual."""

from __future__ import annotations

from datetime import date

KIND_TITLES = {"success": "успех", "partial": "частичный успех", "failure": "неудача"}
MODE_TITLES = {"practice": "тренировка", "exam": "экзамен"}
AXIS_TITLES = {"money": "Деньги", "relationship": "Отношения", "speech": "Речь"}
AXES = ("money", "relationship", "speech")


def money(amount) -> str:
    s = f"{float(amount):,.2f}".replace(",", " ").replace(".00", "").replace(".", ",")
    return f"{s} ₽"


def day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = abs(n) % 10, abs(n) % 100
    if n10 == 1 and n100 != 11:
        return one
    if 2 <= n10 <= 4 and not 12 <= n100 <= 14:
        return few
    return many


def days(n: int) -> str:
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


def difficulty(n: int) -> str:
    return "●" * n + "○" * (3 - n)


def overdue_days(spec) -> int:
    debt = spec.briefing.debt
    if debt.days_overdue is not None:
        return debt.days_overdue
    return max(0, (spec.today - debt.due).days)


def grade(score: int) -> str:
    """A CSS class for a 0–100 figure: good, fair or poor."""
    return "-good" if score >= 80 else ("-fair" if score >= 50 else "-poor")
