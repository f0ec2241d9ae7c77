"""The board as text: a rich table for the terminal, CSV for spreadsheets, JSON for scripts."""

from __future__ import annotations

import csv
import io
import json

from .board import Board

# the same words as scoring.render.KIND_TITLES (not imported: that module pulls in the analyser)
KIND_TITLES = {"success": "успех", "partial": "частично", "failure": "неудача"}
# the same words as simulator.app.fmt.MODE_TITLES: the board and the app name the modes alike
MODE_TITLES = {"practice": "тренировка", "exam": "экзамен"}
BAR_WIDTH = 10


def bar(rate: float, width: int = BAR_WIDTH) -> str:
    """``████░░░░░░`` for 0.4: a bar that reads in any terminal (and in 256 colours)."""
    filled = round(max(0.0, min(1.0, rate)) * width)
    return "█" * filled + "░" * (width - filled)


def attempts_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "попытка"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "попытки"
    return "попыток"


def heading(b: Board) -> str:
    title = f"{b.scenario} — {b.scenario_title}" if b.scenario_title else b.scenario
    if b.group is not None:
        g = b.group
        return f"Группа «{g.title}» ({g.code}) · {title} · seed {g.seed} · {MODE_TITLES.get(g.mode, g.mode)}"
    return f"Сценарий {title}"


def notes(b: Board) -> list[str]:
    out = []
    if b.versions > 1:
        out.append(f"Внимание: попытки оценены разными версиями сценария и правил ({b.versions}); "
                   "сравнивайте осторожно.")
    return out


def to_rich(boards: list[Board], top_rules: int = 5):
    """A renderable for ``rich.console.Console.print``."""
    from rich.console import Group as RGroup
    from rich.table import Table
    from rich.text import Text

    if not boards:
        return Text("Пока нет ни одного результата.")
    parts = []
    for b in boards:
        t = Table(title=heading(b), title_justify="left", title_style="bold", expand=False)
        t.add_column("#", justify="right")
        t.add_column("Участник", overflow="fold", max_width=28)
        t.add_column("Балл", justify="right", style="bold")
        t.add_column("Деньги", justify="right")
        t.add_column("Отнош.", justify="right")
        t.add_column("Речь", justify="right")
        t.add_column("Попыток", justify="right")
        t.add_column("Итог")
        for e in b.entries:
            t.add_row(str(e.rank), Text(e.name or "без имени"), str(e.score), str(e.axes["money"]),
                      str(e.axes["relationship"]), str(e.axes["speech"]), str(e.attempts),
                      KIND_TITLES.get(e.ending_kind or "", e.ending_kind or "—"))
        if not b.entries:
            t.add_row("", Text("пока никто не сыграл", style="dim"), "", "", "", "", "", "")
        parts.append(t)
        parts.append(Text(f"Попыток: {b.attempts}, участников: {len(b.entries)}.", style="dim"))
        for n in notes(b):
            parts.append(Text(n, style="bold"))
        failing = [s for s in b.rules if s.failed][:top_rules]
        if failing:
            r = Table(title="Чаще всего нарушают", title_justify="left", title_style="bold", box=None,
                      show_header=False, padding=(0, 1))
            r.add_column("правило", overflow="fold", max_width=34)
            r.add_column("доля")
            r.add_column("сколько", justify="right")
            r.add_column("%", justify="right")
            for s in failing:
                r.add_row(Text(s.title), bar(s.rate), f"{s.failed} из {s.attempts}", f"{round(100 * s.rate)}%")
            parts.append(Text(""))
            parts.append(r)
        if b.improved:
            m = Table(title="Больше всех выросли", title_justify="left", title_style="bold", box=None,
                      show_header=False, padding=(0, 1))
            m.add_column("кто", overflow="fold", max_width=28)
            m.add_column("рост")
            for i in b.improved:
                m.add_row(Text(i.name or "без имени"),
                          f"{i.first} → {i.best}  (+{i.delta}, {i.attempts} {attempts_word(i.attempts)})")
            parts.append(Text(""))
            parts.append(m)
        parts.append(Text(""))
    return RGroup(*parts[:-1])


def to_csv(boards: list[Board]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("group", "scenario", "rank", "name", "score", "money", "relationship", "speech", "attempts",
                "first_score", "ending_kind", "finished", "session_id"))
    for b in boards:
        for e in b.entries:
            name = "'" + e.name if e.name[:1] in ("=", "+", "-", "@") else e.name
            w.writerow((e.group or "", e.scenario, e.rank, name, e.score, e.axes["money"], e.axes["relationship"],
                        e.axes["speech"], e.attempts, e.first_score, e.ending_kind or "", e.finished, e.session_id))
    return buf.getvalue()


def to_json(boards: list[Board], group: str | None = None, scenario: str | None = None) -> str:
    data = {"format": "debitorka-board", "version": 1, "scope": {"group": group, "scenario": scenario},
            "boards": [b.to_dict() for b in boards]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
