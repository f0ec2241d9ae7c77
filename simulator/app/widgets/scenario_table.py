"""The picker's table of scenarios with this machine's best score for each."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ..catalog import Entry
from ..fmt import difficulty


class ScenarioTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Выбрать", tooltip="Enter или щелчок по выбранной строке")]

    DEFAULT_CSS = """
    ScenarioTable { height: 1fr; }
    """

    @dataclass
    class Highlighted(Message):
        entry: Entry

    @dataclass
    class Chosen(Message):
        entry: Entry

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.entries: dict[str, Entry] = {}

    def on_mount(self) -> None:
        self.add_column("id", key="id")
        self.add_column("Название", key="title")
        self.add_column("Сложн.", key="difficulty")
        self.add_column("Лучший", key="best")
        self.loading = True

    def set_entries(self, entries: list[Entry], best: dict[str, int], select: str | None = None) -> None:
        self.loading = False
        self.clear()
        self.entries = {}
        for e in entries:
            key = str(e.path)
            self.entries[key] = e
            if e.spec is None:
                self.add_row(e.id, "⚠ ошибка в файле", "", "", key=key)
                continue
            b = best.get(e.id)
            self.add_row(e.id, e.spec.title, difficulty(e.spec.difficulty), "—" if b is None else str(b), key=key)
        if select is not None:
            for i, e in enumerate(entries):
                if select in (e.id, str(e.path)):
                    self.move_cursor(row=i)
                    break
        if entries:
            self.post_message(self.Highlighted(self.current()))

    def update_best(self, best: dict[str, int]) -> None:
        for key, e in self.entries.items():
            if e.spec is not None:
                b = best.get(e.id)
                self.update_cell(key, "best", "—" if b is None else str(b))

    def current(self) -> Entry | None:
        if not self.entries or self.cursor_row < 0 or self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        return self.entries.get(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        e = self.entries.get(event.row_key.value)
        if e is not None:
            self.post_message(self.Highlighted(e))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        e = self.entries.get(event.row_key.value)
        if e is not None:
            self.post_message(self.Chosen(e))
