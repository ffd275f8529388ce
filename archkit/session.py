"""The workspace a notebook session works on: yours, named by the environment variable
``ARCHKIT_WORKSPACE`` (``make lab WS=path`` sets it), or else a scratch copy of a
bundled example, so that nothing a notebook writes touches the original."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from archkit.errors import InputError
from archkit.workspace import Workspace, create_workspace

ENV = "ARCHKIT_WORKSPACE"


def session_workspace(example: str = "shopfront") -> Workspace:
    """Your workspace when ``ARCHKIT_WORKSPACE`` names one (a path relative to the
    kernel's folder, or absolute), else a fresh copy of the bundled ``example`` in a
    temporary folder. A missing folder is an :class:`InputError` that says how to make
    one."""
    named = os.environ.get(ENV, "").strip()
    if named:
        root = Path(named).expanduser()
        if not root.is_dir():
            raise InputError(f"{ENV}={named}: "
                             + ("not a directory: a workspace is a folder" if root.exists()
                                else f"no such workspace directory (make one with: "
                                     f"archkit init {named})"))
        return Workspace.open(root)
    scratch = Path(tempfile.mkdtemp(prefix="archkit-"))
    create_workspace(scratch / example, example=example)
    return Workspace.open(scratch / example)

