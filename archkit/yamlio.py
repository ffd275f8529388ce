"""YAML with positions: every mapping and sequence remembers where its items are.

``load_yaml(path)`` returns plain Python data whose dicts are :class:`YMap` and lists
:class:`YList`; both are ordinary ``dict``/``list`` subclasses that also know the
1-based line and column of each key/item (``m.pos(key)``, ``m.value_pos(key)``,
``l.pos(i)``, ``x.start``). Duplicate keys, which YAML loaders silently resolve to the
last value, are an :class:`~archkit.errors.InputError` naming both lines. Syntax
errors become an ``InputError`` with the parser's position.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from archkit.errors import InputError, byte_position

Pos = tuple[int, int]

try:  # the C parser is ~5x faster; construction stays in Python so positions work
    _BaseLoader: type = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseLoader = yaml.SafeLoader


class YMap(dict):
    """A dict that knows where each key and value was in the YAML file."""

    start: Pos = (0, 0)
    _keys: dict
    _values: dict

    def pos(self, key: Any) -> Pos:
        return getattr(self, "_keys", {}).get(key, self.start)

    def value_pos(self, key: Any) -> Pos:
        return getattr(self, "_values", {}).get(key, self.pos(key))


class YList(list):
    """A list that knows where each item was in the YAML file."""

    start: Pos = (0, 0)
    _items: list

    def pos(self, i: int) -> Pos:
        items = getattr(self, "_items", [])
        return items[i] if 0 <= i < len(items) else self.start


def _mark(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    path: str = "<input>"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YMap:
    loader.flatten_mapping(node)
    out = YMap()
    out.start = _mark(node)
    out._keys, out._values = {}, {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and not key_node.style and \
                key_node.tag == "tag:yaml.org,2002:float" and \
                YAML12_EXPONENT_FLOAT.match(key_node.value) and \
                not _YAML11_FLOAT_EXP.search(key_node.value):
            # a name such as ``1e5:`` stays text as before (YAML 1.1 floats need ``.`` and
            # a signed exponent): the 1.2 reading is for numbers, which are values
            key = key_node.value
        else:
            key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            line, col = _mark(key_node)
            raise InputError("a mapping key must be a plain value", loader.path, line, col)
        if key in out:
            line, col = _mark(key_node)
            first = out._keys[key][0]
            raise InputError(f"duplicate key {key!r} (first defined on line {first}); "
                             "YAML would silently keep only the last one",
                             loader.path, line, col)
        out[key] = loader.construct_object(value_node, deep=True)
        out._keys[key] = _mark(key_node)
        out._values[key] = _mark(value_node)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> YList:
    out = YList(loader.construct_object(child, deep=True) for child in node.value)
    out.start = _mark(node)
    out._items = [_mark(child) for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# PyYAML reads YAML 1.1, whose floats need a dot and a signed exponent: ``1e9``, ``1e-3``
# and ``2.5e6`` were strings, so ``calls: 1e9`` was "not a number". YAML 1.2 (and
# ruamel.yaml, which ``SystemModel.save`` writes with) reads them as floats; so do we,
# for every number in every file. Quoted ("1e9") they stay text.
YAML12_EXPONENT_FLOAT = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$")
_YAML11_FLOAT_EXP = re.compile(r"\.[0-9_]*[eE][-+][0-9]")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", YAML12_EXPONENT_FLOAT,
                              list("-+0123456789."))


def loads_yaml(text: str, path: str | Path = "<input>") -> Any:
    """Parse YAML text; errors are InputErrors positioned in ``path``."""
    loader = _Loader(text)
    loader.path = str(path)
    try:
        return loader.get_single_data()
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise InputError(f"invalid YAML: {msg}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()


def load_yaml(path: str | Path) -> Any:
    """Read and parse a YAML file; a missing or unreadable file is an InputError."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, expected a YAML file", p)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except UnicodeDecodeError as exc:
        data = exc.object
        line, col = byte_position(data, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", p, line,
                         col) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None
    return loads_yaml(text, p)


def position(container: Any, key: Any = None) -> Pos | tuple[None, None]:
    """Best-known (line, col) of ``container[key]`` (or of the container itself)."""
    if isinstance(container, YMap):
        return container.pos(key) if key is not None else container.start
    if isinstance(container, YList):
        return container.pos(key) if isinstance(key, int) else container.start
    return (None, None)


def finite_number(value: Any) -> bool:
    """True for int/float values that are finite (YAML's .nan/.inf are not)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:           # an int with hundreds of digits: beyond any float
        return False
