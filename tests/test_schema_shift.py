"""archkit.schema.shift: what the incremental checker moves when an edit adds or removes
lines (the checker's own tests compare whole re-checks with full checks)."""

from __future__ import annotations

from archkit.findings import Severity, make_finding
from archkit.schema.model import Index, ParseProblem, Position, Statement
from archkit.schema.shift import LineShift
from archkit.suppress import Suppression


def _finding(line, path="a.sql", col=1):
    return make_finding("AK-X001", "x", Severity.WARNING, "m", path, line, col, "o", None)


def test_positions_made_from_a_statement_move_with_it():
    s = Statement(3, "CREATE TABLE t (\n  c int)", "a.sql", 8, 1, 9, "CREATE TABLE")
    col = Position("a.sql", 9, 3, s)
    absolute = Position("a.sql", 9, 3)
    assert col == absolute and repr(col) == "Position(path='a.sql', line=9, col=3)"
    LineShift("a.sql", 5, 2).statements([s])
    assert (s.line, col.line, absolute.line) == (10, 11, 9)
    assert col != absolute
    import pickle
    copy = pickle.loads(pickle.dumps(col))
    assert copy == col and copy._at is None         # a copy is at the place, absolutely
    absolute.line = 4
    assert absolute == Position("a.sql", 4, 3)


def test_statements_move_with_their_errors_and_markers():
    marker = Suppression(("AK-PK001",), "why", 7, 8, 9)
    s = Statement(3, "CREATE TABLE t (x int)", "a.sql", 8, 1, 9, "CREATE TABLE",
                  error=ParseProblem("bad", 9, 4), suppressions=[marker])
    s.fragment = Index("ix", "t", (), pos=Position("a.sql", 8, 14, s))
    early = Statement(1, "SELECT 1", "a.sql", 2, 1, 2, "SELECT")
    moved = LineShift("a.sql", 5, -1).statements([early, s])
    assert moved == [s]
    assert (s.line, s.end_line, s.error.line) == (7, 8, 8)
    assert s.suppressions == [Suppression(("AK-PK001",), "why", 6, 7, 8)]
    assert s.fragment.pos.line == 7
    assert early.line == 2


def test_findings_lists_share_their_moved_copies():
    a, b, c = _finding(3), _finding(8), _finding(8, "b.sql")
    memo: dict = {}
    shift = LineShift("a.sql", 5, 3)
    one, two = shift.findings([a, b, c], memo), shift.findings([b], memo)
    assert [f.line for f in one] == [3, 11, 8]
    assert one[0] is a and one[2] is c and one[1] is two[0]


def test_sorted_findings_keep_their_order_or_ask_for_a_sort():
    found = sorted([_finding(2), _finding(4), _finding(6), _finding(9), _finding(1, "b.sql")],
                   key=lambda f: f.sort_key())
    keys = [f.sort_key() for f in found]
    moved = LineShift("a.sql", 4, 5).sorted_findings(found, keys, {})
    assert [(f.path, f.line) for f in moved[0]] == [("a.sql", 2), ("a.sql", 4), ("a.sql", 11),
                                                    ("a.sql", 14), ("b.sql", 1)]
    assert moved[1] == [f.sort_key() for f in moved[0]]
    # three lines removed above line 6, which moves to 3: before line 4, which stays
    assert LineShift("a.sql", 5, -3).sorted_findings(found, keys, {}) is None
    assert LineShift("a.sql", 5, -1).sorted_findings(found, keys, {}) is not None
