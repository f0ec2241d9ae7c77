"""Who is on the line: the current speaker's name and role (and anyone else in the scenario)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class PersonaCard(Static):
    DEFAULT_CSS = """
    PersonaCard { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def __init__(self, spec, current: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.show(current)

    def show(self, current: str | None) -> None:
        parts: list = []
        for sid, p in self.spec.speakers.items():
            on_line = sid == current or (current is None and not parts)
            if parts:
                parts.append("\n")
            parts.append(("☎ " if on_line else "  ", "$text-accent"))
            parts.append((p.name, "bold" if on_line else "$text-muted"))
            parts.append(("\n  " + p.role, "$text-muted"))
        self.update(Content.assemble(*parts))
