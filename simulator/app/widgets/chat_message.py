"""One line of the conversation: the persona's (with the speaker's name), the trainee's, or a note."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class ChatMessage(Static):
    DEFAULT_CSS = """
    ChatMessage {
        width: 1fr;
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        &.-persona { border-left: thick $secondary; background: $panel; margin-right: 4; }
        &.-trainee { border-left: thick $primary; background: $boost; margin-left: 4; }
        &.-note { color: $text-muted; text-style: italic; border-left: blank; }
        &.-ending { color: $text; text-style: bold; border: round $accent; padding: 0 1; }
    }
    """

    def __init__(self, kind: str, name: str, text: str) -> None:
        self.kind = kind  # "persona" | "trainee" | "note" | "ending"
        if kind in ("persona", "trainee"):
            style = "bold $text-secondary" if kind == "persona" else "bold $text-primary"
            content = Content.assemble((name, style), "\n", text)
        else:
            content = Content(text)
        super().__init__(content, classes=f"-{kind}")
        self.text = text
        self.speaker = name
