"""YAML with positions and duplicate-key detection."""

from __future__ import annotations

import math

import pytest

from archkit.errors import InputError, finite_number
from archkit.yamlio import load_yaml, loads_yaml


def test_positions_of_keys_values_and_items():
    doc = loads_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert doc == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.pos("a") == (1, 1) and doc.value_pos("b") == (3, 3)
    assert doc["b"].pos(1) == (4, 5)
    assert doc["b"][1].pos("c") == (4, 6)


def test_duplicate_key_is_an_error_naming_both_lines():
    with pytest.raises(InputError) as exc:
        loads_yaml("options:\n  A: {x: 1}\n  B: {x: 2}\n  A: {x: 3}\n", "d.yaml")
    e = exc.value
    assert (e.path, e.line, e.col) == ("d.yaml", 4, 3)
    assert "duplicate key 'A'" in e.message and "line 2" in e.message


def test_syntax_error_has_position():
    with pytest.raises(InputError) as exc:
        loads_yaml("a: [1, 2\nb: 3\n", "bad.yaml")
    assert exc.value.line is not None and str(exc.value).startswith("bad.yaml:")


@pytest.mark.parametrize("text, where, says", [
    # an unclosed quote or bracket is found at the end of the file: pointed at where it opens
    ('a:\n  - {name: "b, weight: 1}\nc: 1\n', (2, 12),
     "a quoted scalar starts here and is never closed"),
    ("a: 1\nb: [x: 1, y: 2\n", (2, 4), "a flow sequence starts here and is never closed"),
    # any other error where the parser stopped, saying where the construct began
    ("a:\n  - {name: b, weight: 1\nc: {d: 5}\n", (3, 2),
     "did not find expected ',' or '}' (in a flow mapping that starts at line 2, column 5)"),
])
def test_syntax_error_says_where_the_unclosed_construct_opens(text, where, says):
    with pytest.raises(InputError) as exc:
        loads_yaml(text, "bad.yaml")
    assert (exc.value.line, exc.value.col) == where
    assert says in exc.value.message


def test_missing_file_directory_and_binary(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_yaml(tmp_path / "none.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_yaml(tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="not UTF-8"):
        load_yaml(tmp_path / "bin.yaml")
    (tmp_path / "latin1.yaml").write_bytes(b"system: s\nservices:\n  w\xe9b: {}\n")
    with pytest.raises(InputError, match="not UTF-8 text \\(byte 0xe9\\)") as e:
        load_yaml(tmp_path / "latin1.yaml")
    assert (e.value.line, e.value.col) == (3, 4)


def test_finite_number():
    doc = loads_yaml("a: .nan\nb: .inf\nc: 3\nd: true\ne: 2.5\nf: %s\n" % ("9" * 400))
    assert [finite_number(doc[k]) for k in "abcdef"] == [False, False, True, False, True, False]


def test_exponent_floats_are_numbers_as_in_yaml_1_2(tmp_path):
    """PyYAML (YAML 1.1) reads 1e9 as text; YAML 1.2 and ruamel.yaml read a float."""
    f = tmp_path / "n.yaml"
    f.write_text("a: [1e9, 1E-3, 2.5e6, -1e0, +3e2, .5e1, 1.0e+9]\n"
                 "b: ['1e9', 1e, e9, 1e9x, 1.5, 7]\n")
    doc = load_yaml(f)
    assert doc["a"] == [1e9, 1e-3, 2.5e6, -1.0, 300.0, 5.0, 1e9]
    assert all(type(x) is float for x in doc["a"])
    assert doc["b"] == ["1e9", "1e", "e9", "1e9x", 1.5, 7]   # quoted or not a number: text
    assert finite_number(doc["a"][0])


def test_a_key_is_a_name_spelt_as_written():
    # an option named 1e5 was text before exponents became numbers; 1.5e+3, 2024 or yes
    # were the float 1500.0, the int 2024 and True: "option name 2024 must be text"
    doc = loads_yaml("1e5: {weight: 1e3}\n2.5e3: x\n1.5e+3: y\n2024: a\nyes: b\n0x1F: c\n"
                     "2024-01-31: d\n'7': e\n~: f\n")
    assert list(doc) == ["1e5", "2.5e3", "1.5e+3", "2024", "yes", "0x1F", "2024-01-31", "7",
                         None]                               # null is no name
    assert doc["1e5"]["weight"] == 1000.0 and doc.pos("yes") == (5, 1)


def test_values_stay_numbers_and_remember_how_they_were_written():
    import datetime

    from archkit.yamlio import as_written

    doc = loads_yaml("m: {name: 1e3, w: 1e3, o: 2024, p: no, q: .inf, n: ~, t: '1e3', "
                     "d: 2024-01-31, f: 1.50}\nl: [1e3, 2024, yes, x, ~, 0x1F]\n")
    m, items = doc["m"], doc["l"]
    assert dict(m) == {"name": 1000.0, "w": 1000.0, "o": 2024, "p": False, "q": math.inf,
                       "n": None, "t": "1e3", "d": datetime.date(2024, 1, 31), "f": 1.5}
    assert items == [1000.0, 2024, True, "x", None, 31]           # numbers stay numbers
    assert {k: as_written(m, k) for k in m} == {
        "name": "1e3", "w": "1e3", "o": "2024", "p": "no", "q": ".inf", "n": None,
        "t": "1e3", "d": "2024-01-31", "f": "1.50"}
    assert [as_written(items, i) for i in range(len(items))] == [
        "1e3", "2024", "yes", "x", None, "0x1F"]
    assert m.text("w") == "1e3" and m.text("t") is None and items.text(3) is None
    assert as_written({"name": 1000.0}, "name") == 1000.0      # built in Python: as given


def test_service_names_are_read_as_written():
    # a service named 2024 or 1e3 was "a name in 'services' must be text"; an owner or a
    # team written 1e3 became '1000.0'
    from archkit.boundaries.model import loads_model

    m = loads_model("system: 2024\nservices:\n  web: {team: 1e3}\n  2024: {team: yes}\n"
                    "stores:\n  1e3: {kind: postgres, owner: 2024}\n"
                    "edges:\n  - {from: web, to: 2024}\n  - {from: 2024, to: 1e3, access: write}\n"
                    "entrypoints: [web]\n", "services.yaml")
    assert m.system == "2024" and list(m.services) == ["web", "2024"]
    assert m.services["web"].team == "1e3" and m.services["2024"].team == "yes"
    assert m.stores["1e3"].owner == "2024"
    assert [(e.source, e.target) for e in m.edges] == [("web", "2024"), ("2024", "1e3")]
    with pytest.raises(InputError, match="'to' must be a name, got a number") as exc:
        loads_model("system: s\nservices:\n  a: {}\nedges:\n  - {from: a, to: 1e4}\n")
    assert (exc.value.line, exc.value.col) == (5, 19)


@pytest.mark.parametrize("text, value", [
    ("1:3", "1:3"), ("1:2", "1:2"), ("190:20:30.15", "190:20:30.15"),   # YAML 1.1: 63, 62
    ("010", 10), ("0o17", 15), ("0x1F", 31), ("1_000", 1000), ("+12", 12), ("-7", -7),
    ("0.999", 0.999), (".5", 0.5), ("1.", 1.0), ("2.5e-3", 0.0025), ("1e9", 1e9),
    ("-.inf", -math.inf), ("12:30", "12:30"), ("0b101", "0b101"),
])
def test_numbers_are_read_as_yaml_1_2_reads_them(text, value):
    """PyYAML's YAML 1.1 read an AHP judgement 1:3 as 63 (base 60) and a weight 1:2 as 62,
    silently flipping a winner, and 010 as 8 (octal; scout AV)."""
    got = loads_yaml(f"v: {text}\n")["v"]
    assert got == value and type(got) is type(value)


def test_an_ahp_ratio_is_a_judgement(tmp_path):
    from archkit.tradeoff.matrix import DecisionMatrix

    def weights(judgement: str) -> dict[str, float]:
        p = tmp_path / "d.yaml"
        p.write_text("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost}\n"
                     f"  - {{name: speed}}\nahp:\n  cost: {{speed: {judgement}}}\n"
                     "options:\n  X: {cost: 1, speed: 5}\n  Y: {cost: 5, speed: 1}\n")
        return {c: round(w, 4) for c, w in DecisionMatrix.from_yaml(p).weights.items()}

    assert weights("1:3") == weights('"1/3"') == {"cost": 0.25, "speed": 0.75}
