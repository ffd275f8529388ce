"""Names from shared files (an ADR title, a table or service name) as text where they go.

- A terminal or a CI log (:func:`safe_text`, :class:`SafeWriter`): they are data, never
  terminal commands. Control characters (ESC starting a colour, a screen clear, a window
  title or a disguised hyperlink; C1 controls; the bidi overrides that reorder what a
  reader sees) are written as ``\\uXXXX``. Newlines and tabs stay. The same escape keeps
  JSON valid and meaning the same: JSON text that still holds such a character has it
  inside a string, where ``\\u001b`` is that character.
- A drawing (:func:`label_text`, :func:`xml_text`): SVG is XML, which cannot carry control
  characters, U+FFFE, U+FFFF or lone surrogates; they become U+FFFD.
- Mermaid (:func:`mermaid_text`): what Mermaid reads as syntax becomes its ``#code;``.
"""

from __future__ import annotations

import re
from typing import IO, Any

from archkit.lazyre import LazyPattern

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069]")


# the ASCII characters of _CONTROL, as bytes to delete
_ASCII_CONTROL = bytes(c for c in range(0x80) if _CONTROL.match(chr(c)))


def safe_text(text: str, keep: str = "") -> str:
    """``text`` with every control character but newline, tab and those in ``keep`` as
    ``\\uXXXX``."""
    if text.isascii():
        # (the common case, a report of 1.4 MB: deleting the control bytes in C and
        # comparing lengths takes ~1 ms, the regular expression's search ~6 ms)
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_CONTROL)) == len(data):
            return text
    elif _CONTROL.search(text) is None:     # nothing to copy
        return text
    return _CONTROL.sub(lambda m: m[0] if m[0] in keep else f"\\u{ord(m[0]):04x}", text)


# what XML 1.0 cannot carry (and DEL): a name holding one made an SVG that is not XML
_NOT_XML = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """``text`` with every character XML cannot carry as U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(text))


def label_text(text: object) -> str:
    """A name or label as every drawing and export writes it: line ends as ``\\n``, tabs
    as spaces, control characters as U+FFFD (XML cannot carry them, and a tab alone broke
    Graphviz's label lexer)."""
    return xml_text(str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


# ("%": "%%{init: ...}%%" anywhere in the text is a Mermaid directive)
_MERMAID_SPECIAL = LazyPattern(r'["#%&<>|`\\;\x80-\x9f\u2028\u2029]')


def mermaid_text(text: object) -> str:
    """Text for inside a double-quoted Mermaid label (a node's, or an edge's ``|"…"|``)."""
    text = _MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group(0))};", label_text(text))
    return text.replace("\n", "<br/>")


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
