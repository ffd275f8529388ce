"""Write a changed :class:`SystemModel` back to its services.yaml, keeping comments.

``save_model(model)`` compares the model with what its file says now and changes only
what differs — a field of an element, an element or an edge added or removed — through
ruamel.yaml's round-trip mode, so comments, key order and flow style (``{...}``) of
everything else stay as they were. The result is validated by loading it again, and
written atomically; a model without a file is written fresh.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from archkit.boundaries.model import SECTIONS, Edge, Element, SystemModel, loads_model
from archkit.errors import InputError
from archkit.workspace import atomic_write

_ELEMENT_FIELDS = ("kind", "team", "context", "tech", "availability", "latency_ms",
                   "replicas", "owner", "description", "tags", "url", "ignore")
_EDGE_FIELDS = ("sync", "calls", "timeout_ms", "retries", "circuit_breaker", "protocol",
                "access", "pattern", "description", "parallel", "optional", "tags", "ignore")
_EDGE_DEFAULTS = {"sync": True, "calls": 1.0, "retries": 0, "circuit_breaker": False,
                  "parallel": False, "optional": False}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _yaml_value(name: str, value: Any) -> Any:
    if name == "latency_ms":
        return None if value is None else {"p50": _plain(value.p50), "p99": _plain(value.p99)}
    if name == "ignore":
        return [{"rule": i.rule, "reason": i.reason} if i.reason else i.rule
                for i in value] or None
    if name == "tags":
        return list(value) or None
    return _plain(value)


def element_data(el: Element) -> dict[str, Any]:
    """The YAML mapping of an element (fields that are set)."""
    out = {}
    for f in _ELEMENT_FIELDS:
        v = _yaml_value(f, getattr(el, f))
        if v is not None:
            out[f] = v
    return out


def edge_data(e: Edge) -> dict[str, Any]:
    """The YAML mapping of an edge (``from``, ``to`` and every non-default field)."""
    out: dict[str, Any] = {"from": e.source, "to": e.target}
    for f in _EDGE_FIELDS:
        v = _yaml_value(f, getattr(e, f))
        if v is not None and _EDGE_DEFAULTS.get(f, object()) != v:
            out[f] = v
    return out


def model_data(model: SystemModel) -> dict[str, Any]:
    """The whole model as plain YAML data."""
    out: dict[str, Any] = {"system": model.system}
    if model.description:
        out["description"] = model.description
    for section in SECTIONS:
        group = getattr(model, section)
        if group:
            out[section] = {n: element_data(el) for n, el in group.items()}
    if model.entrypoints_explicit:
        out["entrypoints"] = list(model.entrypoints)
    if model.edges:
        out["edges"] = [edge_data(e) for e in model.edges]
    return out


def _flow(data: Any) -> Any:
    """New mappings and lists in flow style ({a: 1}), like the rest of a services.yaml."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(data, dict):
        m = CommentedMap((k, _flow(v)) for k, v in data.items())
        m.fa.set_flow_style()
        return m
    if isinstance(data, list):
        s = CommentedSeq(_flow(v) for v in data)
        s.fa.set_flow_style()
        return s
    return data


def _sync_mapping(target: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
    for key in list(target):
        if key in old and key not in new:
            del target[key]
    for key, value in new.items():
        if old.get(key) != value:
            target[key] = _flow(value)


def _delete_keeping_comment(seq: Any, i: int) -> None:
    """Delete ``seq[i]``; a comment written above it moves to the item that follows."""
    items = getattr(getattr(seq, "ca", None), "items", {})
    above = items.get(i)
    del seq[i]
    if above is not None and i < len(seq) and i not in items:
        items[i] = above


def apply_changes(text: str, model: SystemModel, path: str = "services.yaml") -> str:
    """``text`` (a services.yaml) changed to say what ``model`` says."""
    from ruamel.yaml import YAML

    base = loads_model(text, path)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(text)

    if base.system != model.system:
        doc["system"] = model.system
    for section in SECTIONS:
        old_group, new_group = getattr(base, section), getattr(model, section)
        if new_group and section not in doc:
            doc[section] = _flow({})
            doc[section].fa.set_block_style()
        for name in old_group:
            if name not in new_group:
                del doc[section][name]
        for name, el in new_group.items():
            new = element_data(el)
            if name not in old_group:
                doc[section][name] = _flow(new)
                continue
            if doc[section][name] is None:
                doc[section][name] = _flow({})
            _sync_mapping(doc[section][name], element_data(old_group[name]), new)
    if model.entrypoints_explicit and (not base.entrypoints_explicit
                                       or base.entrypoints != model.entrypoints):
        doc["entrypoints"] = _flow(list(model.entrypoints))

    old_edges = {e.key: e for e in base.edges}
    new_keys = {e.key for e in model.edges}
    if model.edges and "edges" not in doc:
        doc["edges"] = []
    seq = doc.get("edges") or []
    for i in reversed(range(len(seq))):
        item = seq[i]
        if (item["from"], item["to"]) not in new_keys:
            _delete_keeping_comment(seq, i)
    positions = {(item["from"], item["to"]): item for item in seq}
    for e in model.edges:
        new = edge_data(e)
        if e.key in positions:
            _sync_mapping(positions[e.key], edge_data(old_edges[e.key]), new)
        else:
            seq.append(_flow(new))

    out = io.StringIO()
    yaml.dump(doc, out)
    result = _keep_unchanged_entries(text, out.getvalue())
    loads_model(result, path)      # the file we write must load again
    return result


def _entry_spans(doc: Any, n_lines: int) -> dict[tuple[str, Any], tuple[int, int, Any]]:
    """Each element (by section and name) and edge (by its ends) of a round-trip loaded
    services.yaml: (first line, line after it, its data). An entry runs to the next one,
    or to the next top-level key; a section written in flow style has none."""
    starts = sorted(doc.lc.key(k)[0] for k in doc)
    out: dict[tuple[str, Any], tuple[int, int, Any]] = {}
    for section in (*SECTIONS, "edges"):
        group = doc.get(section)
        if not group or group.fa.flow_style():
            continue
        end = next((s for s in starts if s > doc.lc.key(section)[0]), n_lines)
        if section == "edges":
            keys = [(section, (item.get("from"), item.get("to"))) if hasattr(item, "get")
                    else (section, i) for i, item in enumerate(group)]
            lines = [group.lc.item(i)[0] for i in range(len(group))]
            values = list(group)
        else:
            keys = [(section, name) for name in group]
            lines = [group.lc.key(name)[0] for name in group]
            values = [group[name] for name in group]
        for j, key in enumerate(keys):
            stop = lines[j + 1] if j + 1 < len(lines) else end
            out[key] = (lines[j], stop, values[j])
    return out


def _keep_unchanged_entries(original: str, result: str) -> str:
    """``result`` with every element and edge whose data did not change written as
    ``original`` wrote it: ruamel joins a flow mapping written over several lines into
    one, so two changed values rewrote 65 lines of the example (scout AR). Falls back to
    ``result`` whenever the spliced text would not mean the same."""
    from ruamel.yaml import YAML

    yaml = YAML()
    try:
        before, after = yaml.load(original), yaml.load(result)
    except Exception:           # (a text ruamel wrote itself: it reads it back)
        return result
    if not hasattr(before, "lc") or not hasattr(after, "lc"):
        return result
    old_lines = original.splitlines(keepends=True)
    new_lines = result.splitlines(keepends=True)
    old_spans = _entry_spans(before, len(old_lines))
    new_spans = _entry_spans(after, len(new_lines))
    swaps = sorted(((n0, n1, old_spans[k][0], old_spans[k][1])
                    for k, (n0, n1, value) in new_spans.items()
                    if k in old_spans and old_spans[k][2] == value), reverse=True)
    for n0, n1, o0, o1 in swaps:
        new_lines[n0:n1] = old_lines[o0:o1]
    spliced = "".join(new_lines)
    if spliced and not spliced.endswith("\n"):
        spliced += "\n"
    try:
        same = yaml.load(spliced) == after
    except Exception:
        same = False
    return spliced if same else result


def save_model(model: SystemModel, path: str | Path | None = None) -> Path:
    """Write ``model`` to ``path`` (default: the file it came from), keeping comments."""
    target = Path(path if path is not None else (model.path or ""))
    if not str(target):
        raise InputError("the model has no file: give save_model a path")
    if target.is_file():
        text = apply_changes(target.read_text(encoding="utf-8"), model, str(target))
    else:
        import yaml

        text = yaml.safe_dump(model_data(model), sort_keys=False, allow_unicode=True)
        loads_model(text, str(target))
    atomic_write(target, text, overwrite=True)
    return target
