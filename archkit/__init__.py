"""archkit: a Jupyter-based kit for architecture decisions.

Importing ``archkit`` is deliberately cheap (no pandas, sqlglot or diagrams): the
analysis subpackages import their heavy dependencies themselves, so ``archkit --help``
and ``import archkit`` stay fast. Entry points::

    from archkit.tradeoff import DecisionMatrix, ahp
    from archkit import reliability
    from archkit.boundaries import load_model
    from archkit.schema import load_schema, check
    from archkit.adr import AdrLog
"""

from archkit.findings import Finding, Report, Severity

__version__ = "0.1.0"
__all__ = ["Finding", "Report", "Severity", "__version__"]


def _notebook_errors() -> None:
    import sys

    if "IPython" in sys.modules:       # (cheap otherwise: nothing imported)
        from archkit.ui.errors import install_if_interactive

        install_if_interactive()


_notebook_errors()
