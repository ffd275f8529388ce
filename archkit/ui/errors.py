"""In IPython and Jupyter, an :class:`~archkit.errors.InputError` (a mistake in a
workspace file or an argument) is shown as the one line the command line prints, ``file:
line:col: message``, not as a traceback through archkit's internals whose one useful line
came last (42 lines for a typo in a decision file; scout AV). ``%tb`` still shows the
traceback. Any other exception is shown as IPython shows it."""

from __future__ import annotations

import sys
from typing import Any

_INSTALLED: set[int] = set()


def show_input_errors(shell: Any) -> None:
    """Have ``shell`` (an IPython InteractiveShell) show InputErrors as one line."""
    if id(shell) in _INSTALLED or not hasattr(shell, "set_custom_exc"):
        return
    from archkit.errors import InputError

    def one_line(shell: Any, etype: type, value: BaseException, tb: Any,
                 tb_offset: int | None = None) -> list[str]:
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb   # (for %tb)
        text = f"{etype.__name__}: {value}"
        print(text + "\n(the traceback: %tb)", file=sys.stderr)
        return [text]

    shell.set_custom_exc((InputError,), one_line)
    _INSTALLED.add(id(shell))


def install_if_interactive() -> None:
    """Install the handler where ``import archkit`` runs inside IPython (a notebook)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - an IPython too old or half imported: leave it be
        return
    if shell is not None:
        show_input_errors(shell)
