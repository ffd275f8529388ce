"""Records a team has frozen: a file whose mode has no write bit (``chmod 444``) is not
changed by archkit.

Every write is a temporary file renamed over the record, which replaces a read-only
file for anyone who may write the folder (root or not), so ``adr link``, ``status`` or a
supersede rewrote records a team had made read-only to keep accepted decisions as they
were (scout AU). The check runs before the first write of an operation, so nothing is
half done."""

from __future__ import annotations

import stat
from pathlib import Path

from archkit.errors import InputError


def writable(*paths: Path) -> None:
    """Raise InputError naming the first of ``paths`` that is read-only by its mode."""
    for p in paths:
        try:
            mode = p.stat().st_mode
        except OSError:
            continue            # (a record to be made, or one gone: the write says so)
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise InputError(f"the record is read-only (mode {stat.S_IMODE(mode):o}): archkit "
                             "does not change a record a team froze; make it writable "
                             "(chmod u+w) to allow this", p)
