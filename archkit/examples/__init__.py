"""Worked example workspaces shipped with archkit (package data)."""

from __future__ import annotations

from pathlib import Path

NAMES = ("shopfront",)


def path(name: str = "shopfront") -> Path:
    """The folder of a bundled example workspace (read-only: copy it with ``archkit init``)."""
    if name not in NAMES:
        raise ValueError(f"unknown example {name!r}: choose one of {', '.join(NAMES)}")
    return Path(__file__).resolve().parent / name
