"""The leaderboard: best attempt per trainee, ranked (ties share a rank). Updated in place, so a live
refresh neither flickers nor moves the cursor off the row the user is reading."""

from __future__ import annotations

from textual.widgets import DataTable

# the board's words (simulator.store.render), short enough for 80 columns
KIND_SHORT = {"success": "успех", "partial": "частично", "failure": "неудача"}
COLUMNS = (("#", "rank"), ("Участник", "name"), ("Балл", "score"), ("Деньги", "money"),
           ("Отнош.", "relationship"), ("Речь", "speech"), ("Попыток", "attempts"), ("Итог", "ending"))


class BoardTable(DataTable):
    DEFAULT_CSS = """
    BoardTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.keys: list[str] = []
        self.cells: dict[str, tuple] = {}
        self.me: str | None = None  # the trainee_key of whoever is at the keyboard
        self.shown = False  # (no `loading` spinner: a loading widget hands its focus away)

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key)

    @staticmethod
    def row_for(entry, me: str | None) -> tuple:
        name = entry.name or "без имени"
        if me and entry.trainee_key == me:
            name += " (вы)"
        return (str(entry.rank), name, str(entry.score), str(entry.axes["money"]),
                str(entry.axes["relationship"]), str(entry.axes["speech"]), str(entry.attempts),
                KIND_SHORT.get(entry.ending_kind or "", entry.ending_kind or "—"))

    def show(self, entries: list, me: str | None = None) -> bool:
        """Show these entries; returns True if anything changed on screen."""
        first, self.shown = not self.shown, True
        self.me = me
        rows = [(e.trainee_key, self.row_for(e, me)) for e in entries]
        keys = [k for k, _ in rows]
        if keys == self.keys:  # same people in the same order: touch only the cells that changed
            changed = False
            for key, cells in rows:
                old = self.cells.get(key)
                if old == cells:
                    continue
                changed = True
                for (_, col), new, was in zip(COLUMNS, cells, old or (None,) * len(cells)):
                    if new != was:
                        self.update_cell(key, col, new)
                self.cells[key] = cells
            return changed
        current = self.current_key()
        scroll = self.scroll_y
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self.keys, self.cells = keys, dict(rows)
        target = current if current in self.cells else (me if first and me in self.cells else None)
        if target is not None:
            self.move_cursor(row=keys.index(target), scroll=first)
        if not first:
            self.scroll_to(y=scroll, animate=False, immediate=True)
        return True

    def current_key(self) -> str | None:
        if not self.keys or self.row_count == 0:
            return None
        return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
