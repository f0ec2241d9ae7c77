"""User-facing input errors: one line, with file:line:col where there is one."""

from __future__ import annotations


class InputError(Exception):
    """A mistake in a file or argument the user gave us; the CLI prints it and exits 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return f"{where}{self.message}"
