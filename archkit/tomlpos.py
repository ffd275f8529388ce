"""Where each key of a TOML document is written: line and column, for messages.

``tomllib`` reads TOML but forgets where things were, and no maintained TOML library
keeps positions (tomlkit keeps the layout, not lines and columns). So archkit.toml errors
(``archkit.toml:12:1: [rules] AK-XX001 ...``) find their place with this small scanner,
run only when there is an error to place, over text ``tomllib`` has already accepted.
"""

from __future__ import annotations

import bisect
import contextlib
import re

__all__ = ["config_positions"]

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def config_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each table and key of a TOML document is first written: its full path
    (``("boundaries", "max_sync_chain")``) -> 1-based (line, column in characters) of that
    path's last key.

    Every form TOML has for a key is a path here: ``[boundaries]`` then ``max_sync_chain
    = 3``, the dotted ``boundaries.max_sync_chain = 3``, the inline table ``boundaries =
    {max_sync_chain = 3}``, ``[[rules]]`` (the keys of its tables are under ``("rules",)``,
    with no index), ``[schema."AK-NM001"]`` and ``"AK-NM001".pattern = ...`` (quoted keys
    are read as TOML reads them). A table that a header or a dotted key only implies
    (``workspace`` of ``[workspace.extra]``) is at its first mention. ``text`` is expected
    to be TOML that :mod:`tomllib` has read: on anything else the paths found so far are
    returned.
    """
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    scan = _TomlScan(text.removeprefix("\ufeff"), found)
    with contextlib.suppress(ValueError, IndexError):
        scan.document()
    return found


class _TomlScan:
    """A TOML tokenizer that records where keys are (strings, arrays and comments are
    skipped whole, so text that looks like a header or a key inside them is not one)."""

    def __init__(self, text: str, found: dict[tuple[str, ...], tuple[int, int]]) -> None:
        self.s, self.i, self.found = text, 0, found
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, i: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.lines, i)
        return line, i - self.lines[line - 1] + 1

    def blank(self, newlines: bool = True) -> None:
        """Skip spaces and tabs, and with ``newlines`` also line ends and comments."""
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t" or (newlines and c in "\r\n"):
                self.i += 1
            elif c == "#" and newlines:
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    def expect(self, token: str) -> None:
        self.blank(newlines=False)
        if not self.s.startswith(token, self.i):
            raise ValueError(f"expected {token!r} at {self.where(self.i)}")
        self.i += len(token)

    def document(self) -> None:
        table: tuple[str, ...] = ()
        while True:
            self.blank()
            if self.i >= len(self.s):
                return
            if self.s.startswith("[[", self.i):
                self.i += 2
                table = self.record((), self.key())
                self.expect("]]")
            elif self.s[self.i] == "[":
                self.i += 1
                table = self.record((), self.key())
                self.expect("]")
            else:
                path = self.record(table, self.key())
                self.expect("=")
                self.value(path)

    def record(self, base: tuple[str, ...], parts: list[tuple[str, int]]) -> tuple[str, ...]:
        path = base
        for name, at in parts:
            path = (*path, name)
            if path not in self.found:
                self.found[path] = self.where(at)
        return path

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts and where each starts."""
        s, parts = self.s, []
        while True:
            self.blank(newlines=False)
            at = self.i
            if s[at] == '"':
                self.i = self.basic_string_end(at)
                import tomllib

                name = tomllib.loads("k = " + s[at:self.i])["k"]    # escapes as TOML reads them
            elif s[at] == "'":
                self.i = s.index("'", at + 1) + 1
                name = s[at + 1:self.i - 1]
            else:
                while self.i < len(s) and s[self.i] in _BARE_KEY:
                    self.i += 1
                if self.i == at:
                    raise ValueError(f"no key at {self.where(at)}")
                name = s[at:self.i]
            parts.append((name, at))
            self.blank(newlines=False)
            if not s.startswith(".", self.i):
                return parts
            self.i += 1

    def basic_string_end(self, at: int) -> int:
        """The index after the single-line basic string opening at ``at``."""
        i = at + 1
        while self.s[i] != '"':
            i += 2 if self.s[i] == "\\" else 1
        return i + 1

    def value(self, path: tuple[str, ...]) -> None:
        """Skip the value of ``path``, recording the keys of inline tables in it."""
        s = self.s
        self.blank(newlines=False)
        c = s[self.i]
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote, i = s[self.i], self.i + 3
            while not s.startswith(quote * 3, i):
                i += 2 if quote == '"' and s[i] == "\\" else 1
            end = i + 3
            while end < len(s) and s[end] == quote and end - i < 5:   # """a""""" ends in quotes
                end += 1
            self.i = end
        elif c == '"':
            self.i = self.basic_string_end(self.i)
        elif c == "'":
            self.i = s.index("'", self.i + 1) + 1
        elif c in "[{":
            close = "]" if c == "[" else "}"
            self.i += 1
            while True:
                self.blank()
                if s[self.i] == close:
                    self.i += 1
                    return
                if c == "[":
                    self.value(path)            # items of an array: the array's path
                else:
                    inner = self.record(path, self.key())
                    self.expect("=")
                    self.value(inner)
                self.blank()
                if s[self.i] == ",":
                    self.i += 1
        else:                                   # a number, true/false, a date and time
            while self.i < len(s) and s[self.i] not in ",]}#\r\n":
                self.i += 1
