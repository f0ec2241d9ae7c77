"""History: past calls on this machine, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ..fmt import MODE_TITLES


class SessionTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "Открыть", tooltip="Enter или щелчок по выбранной строке")]

    DEFAULT_CSS = """
    SessionTable { height: 1fr; }
    """

    @dataclass
    class Highlighted(Message):
        record: object

    @dataclass
    class Chosen(Message):
        record: object

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.records: dict[str, object] = {}

    def on_mount(self) -> None:
        self.add_column("Когда", key="when")
        self.add_column("Сценарий", key="scenario")
        self.add_column("Режим", key="mode")
        self.add_column("Итог", key="score")
        self.add_column("Концовка", key="ending")
        self.loading = True

    def set_records(self, records: list) -> None:
        self.loading = False
        self.clear()
        self.records = {}
        for r in records:
            self.records[r.id] = r
            if r.is_finished:
                score = str(r.score) if r.score is not None else "—"
                ending = (r.ending or {}).get("title", "")
            else:
                score = "—"
                ending = f"не завершён ({len(r.trainee_lines)} репл.)"
            self.add_row(f"{r.updated_at:%d.%m %H:%M}", r.scenario, MODE_TITLES.get(r.mode, r.mode),
                         score, ending, key=r.id)
        if records:
            self.post_message(self.Highlighted(self.current()))

    def current(self):
        if not self.records or self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        return self.records.get(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        r = self.records.get(event.row_key.value)
        if r is not None:
            self.post_message(self.Highlighted(r))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        r = self.records.get(event.row_key.value)
        if r is not None:
            self.post_message(self.Chosen(r))
