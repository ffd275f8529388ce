"""LazyPattern: a module-level regular expression compiled on first use, that then
behaves as the compiled pattern does."""

import copy
import re

import pytest

from archkit.lazyre import LazyPattern


def test_compiles_on_first_use_only():
    lp = LazyPattern(r"(?i)create\s+(table|index)")
    assert "_rx" not in lp.__dict__                  # nothing compiled yet
    assert lp.match("CREATE  TABLE t").group(1) == "TABLE"
    assert isinstance(lp.__dict__["_rx"], re.Pattern)
    assert lp.compiled is lp.__dict__["_rx"]         # compiled once


@pytest.mark.parametrize("text", ["CREATE TABLE t", "create index i", "drop table t", ""])
def test_answers_as_the_compiled_pattern(text):
    source, flags = r"(\w+)\s+(TABLE|INDEX)", re.IGNORECASE
    lp, rx = LazyPattern(source, flags), re.compile(source, flags)
    assert bool(lp.match(text)) == bool(rx.match(text))
    assert lp.findall(text) == rx.findall(text)
    assert lp.sub("-", text) == rx.sub("-", text)
    assert [m.span() for m in lp.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert (lp.pattern, lp.flags) == (rx.pattern, rx.flags)


def test_a_used_method_is_kept_on_the_instance():
    """After the first use, ``lp.search`` is an instance attribute: later calls do not
    go through ``__getattr__`` again."""
    lp = LazyPattern(r"\d+")
    assert lp.search("a1") is not None
    assert "search" in lp.__dict__
    assert lp.search("b22").group() == "22"


def test_where_a_real_pattern_is_needed():
    lp = LazyPattern(r"a+")
    with pytest.raises(TypeError):
        re.sub(lp, "b", "caat")                      # re's functions want str or Pattern
    assert re.sub(lp.compiled, "b", "caat") == "cbt"


def test_a_bad_pattern_fails_on_use_with_re_error():
    lp = LazyPattern(r"(unclosed")                   # importing its module still works
    with pytest.raises(re.error):
        lp.match("x")


def test_dunder_lookups_do_not_compile():
    lp = LazyPattern(r"x")
    with pytest.raises(AttributeError):
        lp.__deepcopy__                              # noqa: B018
    other = copy.deepcopy(lp)
    assert "_rx" not in lp.__dict__
    assert other.match("x") and repr(other) == "LazyPattern('x', 0)"
