"""The conversation so far, newest at the bottom, kept scrolled to the end."""

from __future__ import annotations

from textual.containers import VerticalScroll

from .chat_message import ChatMessage


class ChatLog(VerticalScroll):
    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    """

    can_focus = False

    def add(self, kind: str, name: str, text: str) -> ChatMessage:
        msg = ChatMessage(kind, name, text)
        self.mount(msg)
        self.call_after_refresh(self.scroll_end, animate=False)
        return msg

    def lines(self) -> list[tuple[str, str, str]]:
        return [(m.kind, m.speaker, m.text) for m in self.query(ChatMessage)]
