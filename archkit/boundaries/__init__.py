"""Service boundaries: the service model, architecture-smell checks, metrics, diagrams.

Cheap to import: the names below are loaded on first use.

    from archkit.boundaries import load_model
    model = load_model("services.yaml")
    model.check()        # Report of AK-SVC findings
    model.metrics()      # DataFrame of coupling metrics per service
"""

from __future__ import annotations

from typing import Any

__all__ = ["Edge", "Element", "Ignore", "Latency", "SystemModel", "load_model", "loads_model"]

_MODEL_NAMES = set(__all__)


def __getattr__(name: str) -> Any:
    if name in _MODEL_NAMES:
        from archkit.boundaries import model

        return getattr(model, name)
    raise AttributeError(f"module 'archkit.boundaries' has no attribute {name!r}")
