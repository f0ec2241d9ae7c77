"""Human-readable reports: rich text for the terminal, Markdown for pasting into a write-up."""

from __future__ import annotations

from collections import defaultdict

from .report import Report
from .rulebook import AXES, AXIS_TITLES
from .rules import RuleResult

KIND_TITLES = {"success": "успех", "partial": "частичный успех", "failure": "неудача"}


def _quote_spans(report: Report, result: RuleResult) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """Per turn: the turn text and the spans to highlight, in turn order."""
    by_turn: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for h in result.hits:
        by_turn[h.turn].append((h.start, h.end))
    return [(i, report.analyses[i].text, sorted(spans)) for i, spans in sorted(by_turn.items())]


def _fmt_amount(x) -> str:
    s = f"{x:,.2f}".replace(",", " ").replace(".00", "").replace(".", ",")
    return f"{s} ₽"


def commitment_line(report: Report) -> str:
    c = report.commitment
    if c is None:
        return "Договорённость: не зафиксирована — в конце разговора нет точной даты."
    amount = _fmt_amount(c.amount) if c.amount is not None else "сумма не названа"
    return f"Договорённость: {c.date.strftime('%d.%m.%Y')}, {amount} (реплика {c.turn + 1})."


def to_rich(report: Report, title: str | None = None):
    """A rich renderable: score, axes, then each axis's rules with the trainee's own words."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    parts = []
    # (a line of Text, not a Table.grid: rich.table costs 2% of `debitorka score`'s start to import)
    parts.append(Text("  ").join([
        Text(f"{report.score}", style="bold reverse"), Text("из 100", style="dim"),
        *[Text(f"{AXIS_TITLES[a]}: {report.axes[a]}", style=_grade_style(report.axes[a])) for a in AXES]]))
    parts.append(Text(commitment_line(report)))
    for axis in AXES:
        results = [r for r in report.results if r.rule.axis == axis]
        if not results:
            continue
        parts.append(Text(f"\n{AXIS_TITLES[axis]} — {report.axes[axis]}", style="bold underline"))
        for r in sorted(results, key=lambda r: r.passed):
            mark = Text("✓ ", style="green bold") if r.passed else Text("✗ ", style="red bold")
            line = mark + Text(r.rule.title, style="bold") + Text(f"  [{r.rule.id}]", style="dim")
            parts.append(line)
            if not r.passed:
                parts.append(Padding(Text(r.rule.message), (0, 0, 0, 4)))
            for i, text, spans in _quote_spans(report, r)[:3]:
                q = Text("«", style="dim")
                pos = 0
                for a, b in spans:
                    if a < pos:
                        continue
                    q.append(text[pos:a])
                    q.append(text[a:b], style=("red bold underline" if not r.passed else "green bold"))
                    pos = b
                q.append(text[pos:])
                q.append("»", style="dim")
                who = "вы" if report.turns[i].is_trainee else (report.turns[i].name or "клиент")
                parts.append(Padding(Text(f"реплика {i + 1} ({who}): ", style="dim") + q, (0, 0, 0, 4)))
            if not r.passed and r.rule.suggestion:
                parts.append(Padding(Text("→ Лучше: ", style="cyan bold") + Text(r.rule.suggestion), (0, 0, 0, 4)))
    body = Group(*parts)
    # (a Text, not a str: a file name is not markup, and «:fire:» in it is not an emoji)
    return Panel(body, title=Text(title or "Оценка разговора"), border_style="blue")


def _grade_style(v: int) -> str:
    return "green" if v >= 80 else ("yellow" if v >= 50 else "red")


def to_markdown(report: Report, title: str | None = None) -> str:
    out = [f"# {title or 'Оценка разговора'}", "", f"**Итог: {report.score}/100** — "
           + ", ".join(f"{AXIS_TITLES[a]}: {report.axes[a]}" for a in AXES), "", commitment_line(report), ""]
    for axis in AXES:
        results = [r for r in report.results if r.rule.axis == axis]
        if not results:
            continue
        out += [f"## {AXIS_TITLES[axis]} — {report.axes[axis]}", ""]
        for r in sorted(results, key=lambda r: r.passed):
            out.append(f"- {'✅' if r.passed else '❌'} **{_md(r.rule.title)}** (`{r.rule.id}`)")
            if not r.passed:
                out.append(f"  - {_md(r.rule.message)}")
            for i, text, spans in _quote_spans(report, r)[:3]:
                q, pos = [], 0
                for a, b in spans:
                    if a < pos:
                        continue
                    q.append(_md(text[pos:a]) + f"**{_md(text[a:b])}**")
                    pos = b
                q.append(_md(text[pos:]))
                out.append(f"  - реплика {i + 1}: «{''.join(q)}»")
            if not r.passed and r.rule.suggestion:
                out.append(f"  - Лучше: {_md(r.rule.suggestion)}")
        out.append("")
    out += ["## Расшифровка", ""]
    for i, t in enumerate(report.turns):
        who = "Менеджер" if t.is_trainee else (t.name or "Клиент")
        out.append(f"{i + 1}. **{_md(who)}:** {_md(t.text)}")
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s
