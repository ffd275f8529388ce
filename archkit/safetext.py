"""Text bound for a terminal or a CI log: names from shared files (an ADR title, a table
or service name) are data, never terminal commands. Control characters (ESC starting a
colour, a screen clear, a window title or a disguised hyperlink; C1 controls; the bidi
overrides that reorder what a reader sees) are written as ``\\uXXXX``. Newlines and tabs
stay. The same escape keeps JSON valid and meaning the same: JSON text that still holds
such a character has it inside a string, where ``\\u001b`` is that character.
"""

from __future__ import annotations

import re
from typing import IO, Any

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069]")


def safe_text(text: str, keep: str = "") -> str:
    """``text`` with every control character but newline, tab and those in ``keep`` as
    ``\\uXXXX``."""
    if _CONTROL.search(text) is None:       # the common case: nothing to copy
        return text
    return _CONTROL.sub(lambda m: m[0] if m[0] in keep else f"\\u{ord(m[0]):04x}", text)


class SafeWriter:
    """A text stream that writes :func:`safe_text` of what it is given; every other
    attribute (``buffer`` for bytes, ``isatty``, ``flush``) is the stream's own."""

    def __init__(self, stream: IO[str], keep: str = "") -> None:
        self._stream = stream
        self._keep = keep

    def write(self, text: str) -> int:
        self._stream.write(safe_text(text, self._keep))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
