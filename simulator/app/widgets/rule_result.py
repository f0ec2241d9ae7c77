"""One rule in the report: ✓/✗, its message, and the trainee's own words with the hits highlighted."""

from __future__ import annotations

from collections import defaultdict

from textual.content import Content
from textual.widgets import Static

MAX_QUOTES = 2


class RuleResultView(Static):
    DEFAULT_CSS = """
    RuleResultView {
        height: auto;
        padding: 0 1 0 1;
        margin-bottom: 1;
        &.-failed { border-left: thick $error; }
        &.-passed { border-left: thick $success; }
    }
    """

    def __init__(self, result, report, **kwargs) -> None:
        self.result = result
        super().__init__(self._content(result, report), classes="-passed" if result.passed else "-failed", **kwargs)

    @staticmethod
    def _content(result, report) -> Content:
        rule = result.rule
        ok = result.passed
        parts: list = [("✓ " if ok else "✗ ", "bold $text-success" if ok else "bold $text-error"),
                       (rule.title, "bold")]
        if rule.title != rule.id:
            parts.append((f"  {rule.id}", "$text-muted"))
        if not ok or not result.hits:
            parts += ["\n", (rule.message, "" if not ok else "$text-muted")]
        by_turn: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for h in result.hits:
            by_turn[h.turn].append((h.start, h.end))
        hl = "bold underline $text-error" if not ok else "bold $text-success"
        for i, spans in sorted(by_turn.items())[:MAX_QUOTES]:
            t = report.turns[i]
            text = report.analyses[i].text
            who = "вы" if t.is_trainee else (t.name or "клиент")
            parts += ["\n", (f"реплика {i + 1} ({who}): «", "$text-muted")]
            pos = 0
            for a, b in sorted(spans):
                if a < pos:
                    continue
                parts += [text[pos:a], (text[a:b], hl)]
                pos = b
            parts += [text[pos:], ("»", "$text-muted")]
        if len(by_turn) > MAX_QUOTES:
            parts.append((f"\n… и ещё в {len(by_turn) - MAX_QUOTES}", "$text-muted"))
        if not ok and rule.suggestion:
            parts += ["\n", ("→ Лучше: ", "bold $text-accent"), rule.suggestion]
        return Content.assemble(*parts)
