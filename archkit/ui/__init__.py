"""ipywidgets glue only: each widget gathers input, calls a pure function of archkit and
shows its result. Nothing in the analysis packages imports this package."""
