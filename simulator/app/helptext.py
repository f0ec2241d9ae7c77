"""The help screen's text: keys, modes and every rule of the rulebook. No Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fmt import AXES, AXIS_TITLES

if TYPE_CHECKING:
    from scoring.rulebook import Rulebook

KEYS = [
    ("F1", "эта справка (везде; или кнопка «Справка», или команда в палитре)"),
    ("Ctrl+P", "палитра команд: новый звонок, история, режим, тема, выход"),
    ("Enter", "выбрать сценарий, начать звонок, отправить реплику, нажать кнопку"),
    ("Tab / Shift+Tab", "перейти к следующему / предыдущему элементу"),
    ("Ctrl+O", "завершить звонок (или кнопка «Завершить звонок»)"),
    ("B", "рейтинг группы или сценария (на экране выбора и в разборе; или кнопка «Рейтинг»)"),
    ("Esc", "назад"),
    ("Ctrl+Q", "выйти (звонок сохранён, его можно продолжить из истории)"),
]

MODES = """\
**Тренировка.** Пока вы печатаете, под полем ввода появляются подсказки: ✗ — формулировка, которая \
портит отношения или снимает с клиента ответственность, и что сказать вместо неё; ✓ — реплика называет \
долг, точную дату или сумму. Справа видно доверие и давление собеседника.

**Экзамен.** Ни подсказок, ни шкал доверия и давления — только разговор. Оценка та же.

Каждая реплика сразу сохраняется. Если программа закроется посреди звонка, звонок останется в \
истории: его можно продолжить или оценить как есть.

**Группа.** `debitorka play --group КОД` — сценарий, seed и режим задаёт тренер, один на всю группу; группа видна в заголовке. Каждый завершённый звонок попадает в базу результатов с вашим именем, рейтинг (B) обновляется сам, пока открыт."""

KIND_TEXT = {"require": "нужно хотя бы раз", "forbid": "нельзя", "respond": "в ответ на"}


def _md(s: str) -> str:
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def rule_lines(rulebook: Rulebook) -> list[str]:
    out: list[str] = []
    for axis in AXES:
        rules = [r for r in rulebook.rules if r.axis == axis]
        if not rules:
            continue
        out += [f"### {AXIS_TITLES[axis]}", ""]
        for r in rules:
            if r.kind == "respond":
                what = f"в ответ на {', '.join(r.after)} — {', '.join(r.markers)}"
            else:
                what = f"{KIND_TEXT[r.kind]}: {', '.join(r.markers)}"
            if r.first:
                what += f" (первые {r.first} реплик)"
            elif r.last:
                what += f" (последние {r.last} реплик)"
            out.append(f"- **{_md(r.title)}** (`{r.id}`, вес {r.weight:g}) — {_md(what)}.  ")
            out.append(f"  {_md(r.message)}")
            if r.suggestion:
                out.append(f"  Лучше: {_md(r.suggestion)}")
            if r.examples_pass:
                out.append(f"  Хорошо: «{_md(r.examples_pass[0])}»")
            if r.examples_fail:
                out.append(f"  Плохо: «{_md(r.examples_fail[0])}»")
        out.append("")
    return out


def help_markdown(rulebook: Rulebook | None) -> str:
    lines = ["# Справка", "", "## Клавиши", "", "| Клавиша | Что делает |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in KEYS]
    lines += ["", "Мышь работает везде: кнопки, строки таблиц, клавиши в нижней строке.", "",
              "## Режимы", "", MODES, "", "## Правила оценки", ""]
    lines += ["Итог — доля набранного веса правил; три оси: деньги, отношения, речь.", ""]
    if rulebook is None:
        lines.append("_Правила загружаются…_")
    else:
        lines += rule_lines(rulebook)
    return "\n".join(lines) + "\n"
