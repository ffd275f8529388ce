"""YAML with positions: every mapping and sequence remembers where its items are.

``load_yaml(path)`` returns plain Python data whose dicts are :class:`YMap` and lists
:class:`YList`; both are ordinary ``dict``/``list`` subclasses that also know the
1-based line and column of each key/item (``m.pos(key)``, ``m.value_pos(key)``,
``l.pos(i)``, ``x.start``). Duplicate keys, which YAML loaders silently resolve to the
last value, are an :class:`~archkit.errors.InputError` naming both lines. Syntax
errors become an ``InputError`` with the parser's position.

Names keep their spelling. A mapping key is a name (an option, a criterion, a service, a
scenario id): a plain key YAML would read as a number, a boolean or a date is the text
written (``1e3:``, ``2024:``, ``yes:``). A value can be a number or a name, which only
the model reading it knows, so values are read as YAML reads them and the containers
remember how such scalars were written: :func:`as_written` gives a name field
(``{name: 1e3}``) back as ``"1e3"``, where a score or a weight stays the number 1000.0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from archkit.errors import InputError, byte_position, too_many_digits

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
    _texts: dict

    def pos(self, key: Any) -> Pos:
        return getattr(self, "_keys", {}).get(key, self.start)

    def value_pos(self, key: Any) -> Pos:
        return getattr(self, "_values", {}).get(key, self.pos(key))

    def text(self, key: Any) -> str | None:
        """How the value of ``key`` was written, when YAML read it as a number, a boolean
        or a date (``1e3`` for 1000.0); else None."""
        return getattr(self, "_texts", {}).get(key)


class YList(list):
    """A list that knows where each item was in the YAML file."""

    start: Pos = (0, 0)
    _items: list
    _texts: dict

    def pos(self, i: int) -> Pos:
        items = getattr(self, "_items", [])
        return items[i] if 0 <= i < len(items) else self.start

    def text(self, i: int) -> str | None:
        """How item ``i`` was written, when YAML read it as a number, a boolean or a date;
        else None."""
        return getattr(self, "_texts", {}).get(i)


def _mark(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


# what a plain (unquoted) scalar can be read as besides text and null
_NOT_TEXT_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "timestamp"))


def _written(node: yaml.Node) -> str | None:
    """The text of a plain scalar that YAML reads as a number, a boolean or a date (``1e3``,
    ``2024``, ``yes``, ``2024-01-31``); None for anything else (text, null, quoted...)."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _NOT_TEXT_TAGS:
        return str(node.value)
    return None


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    path: str = "<input>"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YMap:
    # the mapping's own keys: a key merged in (``<<: *defaults``) is overridden by an own
    # one, or by a later merged one, as YAML's merge keys say (PyYAML puts the merged
    # pairs first, the first mapping of a merged list last); only an own key written
    # twice is a duplicate (``<<: *svc`` then ``replicas: 3`` was refused; scout AQ)
    own = {id(k) for k, _v in node.value if k.tag != "tag:yaml.org,2002:merge"}
    loader.flatten_mapping(node)
    own_seen: set[Any] = set()
    out = YMap()
    out.start = _mark(node)
    out._keys, out._values, out._texts = {}, {}, {}
    for key_node, value_node in node.value:
        # a key is a name: ``1e5:``, ``2024:`` or ``yes:`` is the text written
        key = _written(key_node)
        if key is None:
            key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            line, col = _mark(key_node)
            raise InputError("a mapping key must be a plain value", loader.path, line, col)
        if id(key_node) in own:
            if key in own_seen:
                line, col = _mark(key_node)
                first = out._keys[key][0]
                raise InputError(f"duplicate key {key!r} (first defined on line {first}); "
                                 "YAML would silently keep only the last one",
                                 loader.path, line, col)
            own_seen.add(key)
        if key in out:
            out._texts.pop(key, None)
        out[key] = loader.construct_object(value_node, deep=True)
        out._keys[key] = _mark(key_node)
        out._values[key] = _mark(value_node)
        text = _written(value_node)
        if text is not None:
            out._texts[key] = text
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> YList:
    out = YList(loader.construct_object(child, deep=True) for child in node.value)
    out.start = _mark(node)
    out._items = [_mark(child) for child in node.value]
    out._texts = {i: t for i, t in enumerate(map(_written, node.value)) if t is not None}
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# Numbers as YAML 1.2 reads them (and ruamel.yaml, which ``SystemModel.save`` writes
# with), not PyYAML's YAML 1.1: its floats needed a dot and a signed exponent (``1e9``
# was a string, so ``calls: 1e9`` was "not a number"), and its base-60 and octal ints made
# an AHP judgement ``1:3`` the number 63 and a weight ``1:2`` 62, silently, and ``010``
# 8 (scout AV). Decimal, 0x and 0o ints, and floats; ``1:3`` stays text (a ratio the AHP
# reads as 1/3). Quoted ("1e9") they stay text.
YAML12_INT = re.compile(r"^(?:[-+]?[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+)$")
YAML12_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
YAML12_EXPONENT_FLOAT = YAML12_FLOAT        # (its old name)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _NUMBER_TAGS]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", YAML12_INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", YAML12_FLOAT,
                              list("-+0123456789."))


def _construct_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-+")
    if digits.startswith(("0x", "0o")):
        return sign * int(digits[2:], 16 if digits[1] == "x" else 8)
    return sign * int(digits, 10)        # (010 is ten, as in YAML 1.2)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


_OPENED = re.compile(r"while (?:scanning|parsing) (an? .+)")


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """(where, what) for a YAML syntax error. PyYAML marks where it gave up and, apart,
    where the construct it was reading opened: an unclosed quote or bracket is found only
    at the end of the file, so the error points where it opened; any other error points
    where the parser stopped and says where the construct began."""
    problem = exc.problem or "invalid YAML"
    opened = _OPENED.fullmatch(exc.context or "")
    cm, pm = exc.context_mark, exc.problem_mark
    if opened is None or cm is None:
        return pm or cm, " ".join(str(x) for x in (exc.context, exc.problem) if x) or problem
    thing = opened.group(1)
    if pm is None or not text[pm.index:].strip():       # (found at the end of the text)
        return cm, f"{thing} starts here and is never closed ({problem})"
    return pm, f"{problem} (in {thing} that starts at line {cm.line + 1}, column {cm.column + 1})"


def loads_yaml(text: str, path: str | Path = "<input>") -> Any:
    """Parse YAML text; errors are InputErrors positioned in ``path``."""
    loader = _Loader(text)
    loader.path = str(path)
    try:
        return loader.get_single_data()
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark, msg = yaml_problem(exc, text)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(f"invalid YAML: {msg}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    except ValueError as exc:
        if "digits" not in str(exc):
            raise
        raise too_many_digits(text, path) from None
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


def yaml_repr(value: Any) -> str:
    """A value for a message, spelt as YAML spells it: ``true``, ``null``, ``'abc'``
    (Python's ``True`` and ``None`` are not what the file says)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)


def as_written(container: Any, key: Any) -> Any:
    """``container[key]`` for a field that is a name or prose (a criterion's ``name``, an
    edge's ``to``, an id, a title): a plain scalar that YAML reads as a number, a boolean or
    a date is given back as the text written in the file (``1e3``, not 1000.0; ``2024``;
    ``yes``, not True). Text, null, lists, mappings, and values in data not read by
    :func:`load_yaml` (a dict built in Python) are returned as they are."""
    value = container[key]
    if isinstance(value, str) or not isinstance(container, (YMap, YList)):
        return value
    text = container.text(key)
    return value if text is None else text


