"""Which characters no installed font can draw, so a PNG would show them as empty boxes.

Graphviz draws a PNG with the fonts of the machine it runs on (through fontconfig, falling
back across fonts), while an SVG is drawn by the viewer's. A CI runner or server with
only DejaVu has no CJK or emoji glyphs: ``支付服务`` came out as four boxes and nothing
said so (scout AQ). :func:`undrawable` asks fontconfig (``fc-list``, installed with
Graphviz) about each character past the Latin ranges."""

from __future__ import annotations

import functools
import shutil
import subprocess

_LATIN_END = 0x24F          # ASCII, Latin-1 and Latin Extended: every font Graphviz picks


def undrawable(text: str, most: int = 64) -> list[str]:
    """The characters of ``text`` that no installed font has, in the order they first
    appear (at most ``most`` are asked about); [] when ``fc-list`` is not installed."""
    chars: list[str] = []
    for ch in text:
        if ord(ch) > _LATIN_END and ch not in chars and not ch.isspace() and ch.isprintable():
            chars.append(ch)
    if not chars or shutil.which("fc-list") is None:
        return []
    return [ch for ch in chars[:most] if not _drawn(ch)]


@functools.lru_cache(maxsize=4096)
def _drawn(ch: str) -> bool:
    """Whether some font fontconfig knows has ``ch`` (unknown: taken as drawn)."""
    try:
        proc = subprocess.run(["fc-list", f":charset={ord(ch):x}", "file"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return True
    return proc.returncode != 0 or bool(proc.stdout.strip())


def tofu_note(chars: list[str]) -> str:
    """A line for stderr about characters a PNG will show as boxes."""
    shown = "".join(chars[:12]) + ("…" if len(chars) > 12 else "")
    return (f"archkit: no font installed here draws {shown}: the PNG shows them as empty "
            "boxes; install a font that has them (Debian: fonts-noto-cjk for Chinese, "
            "Japanese and Korean, fonts-noto-color-emoji for emoji), or write SVG, which "
            "the viewer's own fonts draw")
