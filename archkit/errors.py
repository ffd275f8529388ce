"""Errors that are values at the boundaries.

`InputError` is the one exception the CLI turns into exit code 2 and a single line
``path:line:col: message`` (no traceback unless ``--debug``). Every parser and loader
in archkit raises it for bad input, with the best position it knows.
"""

from __future__ import annotations

from os import PathLike


def format_location(path: str | None, line: int | None, col: int | None) -> str:
    """``path:line:col`` (line and column only when known), as compilers and linters print."""
    parts = [path or "<input>"]
    if line is not None:
        parts.append(str(line))
        if col is not None:
            parts.append(str(col))
    return ":".join(parts)


class InputError(Exception):
    """Bad input or usage: a message with the file, line and column it is about."""

    def __init__(
        self,
        message: str,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.col = col

    def location(self) -> str:
        return format_location(self.path, self.line, self.col)

    def __str__(self) -> str:
        if self.path is None:  # about an option or the invocation, not a file
            return f"archkit: error: {self.message}"
        return f"{self.location()}: {self.message}"


class ToolMissingError(InputError):
    """A system tool archkit needs (Graphviz's ``dot``) is not installed."""
