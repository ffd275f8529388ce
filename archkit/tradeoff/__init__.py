"""Trade-off analysis: decision matrices, weighted sum and TOPSIS, AHP weights,
robustness of the winner (weight stability, win probability, rank reversal) and
ATAM quality-attribute scenarios.

Cheap to import: numpy and pandas load on first use of a name below.

    from archkit.tradeoff import DecisionMatrix, ahp
    m = DecisionMatrix.from_yaml("decisions/deployment.yaml")
    m.rank(); m.weight_stability(); m.win_probability(); m.verdict()
"""

from __future__ import annotations

import importlib
from typing import Any

# The AHP code lives in ``pairwise.py``, not ``ahp.py``: importing a submodule named
# ``ahp`` would set the package attribute ``ahp`` to that module and shadow the function.
_EXPORTS = {
    "DecisionMatrix": "archkit.tradeoff.matrix",
    "ahp": "archkit.tradeoff.pairwise",
    "AhpResult": "archkit.tradeoff.pairwise",
    "QualityModel": "archkit.tradeoff.atam",
    "load_quality": "archkit.tradeoff.atam",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'archkit.tradeoff' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
