"""How the call ended: title, kind, debrief, and what the persona kept to themselves."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..fmt import KIND_TITLES


class EndingCard(Static):
    DEFAULT_CSS = """
    EndingCard {
        height: auto;
        padding: 0 1;
        border: round $secondary;
        &.-success { border: round $success; }
        &.-partial { border: round $warning; }
        &.-failure { border: round $error; }
    }
    """

    def __init__(self, outcome, *, fallback: dict | None = None, **kwargs) -> None:
        kind = outcome.ending.kind if outcome else (fallback or {}).get("kind", "")
        super().__init__(self._content(outcome, fallback), classes=f"-{kind}" if kind else "", **kwargs)
        self.border_title = "Концовка"

    @staticmethod
    def _content(outcome, fallback: dict | None) -> Content:
        if outcome is None:
            if fallback:
                return Content.assemble((fallback.get("title", ""), "bold"),
                                        f" · {KIND_TITLES.get(fallback.get('kind', ''), '')}")
            return Content.assemble(("Звонок не завершён", "bold"),
                                    ("\nКонцовки нет: оценены реплики, сказанные до обрыва.", "$text-muted"))
        e = outcome.ending
        style = {"success": "$text-success", "partial": "$text-warning", "failure": "$text-error"}.get(e.kind, "")
        parts: list = [(e.title, "bold"), (f" · {KIND_TITLES.get(e.kind, e.kind)}", style), "\n", e.debrief]
        if outcome.hidden:
            parts.append(("\n\nЧто скрывал клиент:", "bold $text-secondary"))
            for h in outcome.hidden:
                parts += ["\n• ", h]
        return Content.assemble(*parts)
