"""The ER diagram widget, driven from Python as a notebook user would."""

from __future__ import annotations

from archkit.examples import path as example_path
from archkit.schema import load_schema
from archkit.ui.schema import WHOLE_SCHEMA, ErdExplorer


def test_focus_hops_and_columns_redraw_the_picture():
    cat = load_schema(sorted((example_path("shopfront") / "schema").glob("*.sql")))
    ui = ErdExplorer(cat)
    assert ui.focus.value == WHOLE_SCHEMA and ui.hops.disabled
    assert ui.message.value == f"{len(cat.tables)} of {len(cat.tables)} tables"
    assert ">audit_log<" in ui.picture.value and ui.picture.value.startswith("<svg")
    ui.focus.value = "payments"
    assert not ui.hops.disabled
    assert ui.message.value == f"2 of {len(cat.tables)} tables"
    assert ">audit_log<" not in ui.picture.value and ">orders<" in ui.picture.value
    ui.hops.value = 0
    assert ui.tables_shown() == ["payments"]
    ui.columns.value = False
    assert ">amount<" not in ui.picture.value and ">payments<" in ui.picture.value
    ui.focus.value = WHOLE_SCHEMA
    assert ui.hops.disabled and ">audit_log<" in ui.picture.value
