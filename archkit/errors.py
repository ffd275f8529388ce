"""Errors that are values at the boundaries.

`InputError` is the one exception the CLI turns into exit code 2 and a single line
``path:line:col: message`` (no traceback unless ``--debug``). Every parser and loader
in archkit raises it for bad input, with the best position it knows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from os import PathLike
from typing import Any


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in characters) of byte ``offset`` of UTF-8 ``data``: where an
    editor puts the cursor for a byte that does not decode."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    """``": did you mean X?"`` for the known name closest to a misspelt ``word``, else
    ``otherwise`` (what to say when nothing is close)."""
    import difflib

    near = difflib.get_close_matches(word, sorted(known), n=1)
    return f": did you mean {near[0]}?" if near else otherwise


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


def finite_number(value: Any) -> bool:
    """True for int/float values that are finite (YAML's .nan/.inf are not; nor is an int
    too large for a float, which TOML and YAML read)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:           # an int with hundreds of digits: beyond any float
        return False


def too_many_digits(text: str, path: Any) -> InputError:
    """The InputError for a literal of more digits than Python converts (4,300 by
    default: PyYAML and tomllib raise ValueError reading it), at the first such run of
    digits in ``text`` (scout AP: a 5,000-digit weight exited 3)."""
    import re
    import sys

    limit = sys.get_int_max_str_digits() or 4300
    m = re.search(r"\d{" + str(limit) + ",}", text)
    line = col = None
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    digits = len(m.group(0)) if m is not None else limit
    return InputError(f"a number of {digits:,} digits: beyond any number archkit can use",
                      path, line, col)


def warn_caller(message: str, category: type[Warning] = UserWarning) -> None:
    """``warnings.warn`` at the first frame outside archkit: the user's line, however
    deep in archkit the warning is raised (a fixed stacklevel named ``sys``, line 1, when
    the function was called directly rather than through its AdrLog method; scout AX)."""
    import sys
    import warnings

    level, frame = 2, sys._getframe(1)     # (1 is this function)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("archkit."):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
