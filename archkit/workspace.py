"""A workspace: a folder of plain files found by convention, plus ``archkit.toml``.

::

    archkit.toml         [workspace] name, [rules] severities, [adr], [schema], [boundaries], [slo]
    decisions/*.yaml     one decision (options x criteria) per file
    quality.yaml         quality-attribute scenarios (ATAM utility tree)
    services.yaml        the service model
    schema/*.sql         DDL, in path order
    workload/*.sql       queries the schema must serve
    docs/decisions/      ADRs (or archkit.toml [adr] dir, or .adr-dir, ...)

Every path can be overridden in ``archkit.toml``. This module also holds the one
atomic-write helper every writer in archkit uses.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archkit.errors import (
    InputError,
    byte_position,
    did_you_mean,
    finite_number,
    too_many_digits,
)
from archkit.findings import Report, Severity
from archkit.lazyre import LazyPattern
from archkit.tomlpos import config_positions

CONFIG_NAME = "archkit.toml"
ADR_DIR_CANDIDATES = ("docs/decisions", "doc/adr", "docs/adr", "doc/decisions")
#: What archkit.toml may hold: each section and its keys. A key or section not listed is
#: a typo to report (``[boundaries] max_sync_chian`` would otherwise leave the limit at its
#: default without a word). The areas own the meanings; tests keep these lists equal to
#: theirs (boundaries.rules DEFAULT_THRESHOLDS / DEFAULT_SLO, tradeoff.checks CONFIG_KEYS,
#: boundaries.analysis _CAPACITY_KEYS, the schema rules' options), so that reading the
#: configuration stays cheap: no area is imported to check it.
CONFIG_KEYS: dict[str, frozenset[str]] = {
    "workspace": frozenset({"name"}),
    "paths": frozenset({"decisions", "quality", "services", "schema", "workload", "api"}),
    "adr": frozenset({"dir", "template", "statuses"}),
    "decisions": frozenset({"fragile_margin", "max_weight"}),
    "boundaries": frozenset({"max_sync_chain", "hub_fan_in", "greedy_fan_out", "chatty_calls",
                             "max_retry_product", "samples", "seed"}),
    "slo": frozenset({"availability", "p95_ms", "p99_ms"}),
    "capacity": frozenset({"rate_rps", "max_wait_ms", "quantile", "max_response_ms",
                           "max_utilisation", "concurrency"}),
    # [schema]: the dialect, then options for every rule, or per rule in [schema."AK-…"]
    "schema": frozenset({"dialect", "encoding", "audit_columns", "max_indexes", "id_suffix",
                         "max_cascade_depth", "self_references", "table_pattern",
                         "column_pattern", "index_patterns", "unique_index_patterns",
                         "instant_names", "date_names", "max_exempt_length",
                         "max_exempt_key_length", "money_names", "max_in_values",
                         "min_tables", "ignore_names", "min_columns", "min_repeats",
                         "infer_convention"}),
    "rules": frozenset(),            # rule ids: checked against the rule catalogue
}
_RULE_ID = LazyPattern(r"AK-[A-Z]+[0-9]{3}", re.IGNORECASE)


@dataclass
class Workspace:
    """A workspace folder and its configuration (``archkit.toml``, all optional)."""

    root: Path
    config: dict[str, Any] = field(default_factory=dict)
    #: the archkit.toml ``config`` was read from, when not ``root / archkit.toml``
    #: (``--config FILE``): messages about the configuration name it
    config_file: Path | None = None

    @classmethod
    def open(cls, root: str | Path, config: str | Path | None = None) -> Workspace:
        """The workspace folder ``root``, configured by its archkit.toml or by the file
        ``config`` (which must exist) instead."""
        root = Path(root)
        if not root.exists():
            raise InputError("no such workspace directory", root)
        if not root.is_dir():
            raise InputError("not a directory: a workspace is a folder", root)
        if config is None:
            return cls(root, load_config(root / CONFIG_NAME))
        config = Path(config)
        if not config.is_file():
            raise InputError("no such configuration file", config)
        return cls.configured_by(config, root)

    @classmethod
    def configured_by(cls, config: Path, root: Path | None = None) -> Workspace:
        """The workspace whose configuration is the archkit.toml ``config`` (``--config``),
        rooted at ``root`` or else at the file's folder."""
        return cls(config.parent if root is None else root, load_config(config), config)

    # -- configuration ------------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        """The archkit.toml the configuration comes from (or would, when there is none)."""
        return self.config_file if self.config_file is not None else self.root / CONFIG_NAME

    @property
    def name(self) -> str:
        return str(self.section("workspace").get("name") or self.root.resolve().name)

    def section(self, name: str) -> dict[str, Any]:
        value = self.config.get(name, {})
        return value if isinstance(value, dict) else {}

    def config_error(self, section: str, key: str, message: str) -> InputError:
        """An InputError about ``key`` of ``[section]``, at its place in archkit.toml
        (``section.key``, else the first key named ``key`` inside the section, such as
        ``rate_rps = {web = 5}``'s ``web``; else the section)."""
        path = self.config_path
        return InputError(f"[{section}] {message}", path,
                          *_ConfigPlaces(path).mention(section, key))

    def severity_overrides(self) -> dict[str, Severity | None]:
        """``[rules]`` as {rule id: severity or None for off}."""
        return severity_overrides(self.config)

    def apply_rule_config(self, report: Report) -> Report:
        """Re-level or drop findings as configured in ``[rules]``."""
        return report.with_severities(self.severity_overrides())

    def reports(self, select: Sequence[str] | None = None,
                ignore: Sequence[str] | None = None) -> Callable[[str], bool]:
        """Whether a rule's findings reach the report: not ``off`` in ``[rules]``, and
        kept by ``--select`` / ``--ignore``. A checker told so judges only those rules'
        suppressions (AK-SUP003: one that names a rule switched off silences nothing
        because the rule did not run, not because its finding is gone)."""
        from archkit.findings import selected

        off = {rid for rid, sev in self.severity_overrides().items() if sev is None}
        return lambda rule_id: rule_id not in off and selected(rule_id, select, ignore)

    def selecting(self, select: Sequence[str] | None = None,
                  ignore: Sequence[str] | None = None) -> Workspace:
        """This workspace with ``--select`` / ``--ignore`` (rule ids or prefixes) made
        ``[rules]`` settings: every rule they leave out is ``off``, the others keep their
        levels. What ``archkit run`` hands its steps: each step reads from ``[rules]``
        which rules run, which suppressions to judge (AK-SUP003) and which findings to
        show (:meth:`reports`, :meth:`shown`; the schema checker reads ``[rules]``
        itself), so every step reports only the selected rules, as each checker's own
        command does with the same options."""
        if not select and not ignore:
            return self
        from dataclasses import replace

        from archkit.findings import selected
        from archkit.rules import all_rules

        rules = {str(k).upper(): v for k, v in (self.config.get("rules") or {}).items()}
        for rule in all_rules():
            if not selected(rule.id, select, ignore):
                rules[rule.id] = "off"
        return replace(self, config={**self.config, "rules": rules})

    def enabled_rules(self, defaults: Mapping[str, bool]) -> dict[str, bool]:
        """Which rules run: default on/off, switched by ``[rules]`` entries."""
        out = dict(defaults)
        for rid, sev in self.severity_overrides().items():
            out[rid] = sev is not None
        return out

    # -- inputs by convention -----------------------------------------------------------
    def _path(self, key: str, default: str) -> Path:
        return self.root / str(self.section("paths").get(key, default))

    def decision_files(self) -> list[Path]:
        d = self._path("decisions", "decisions")
        return sorted([*d.glob("*.yaml"), *d.glob("*.yml")]) if d.is_dir() else []

    def quality_file(self) -> Path | None:
        p = self._path("quality", "quality.yaml")
        return p if p.is_file() else None

    def services_file(self) -> Path | None:
        for name in (str(self.section("paths").get("services", "services.yaml")), "services.yml"):
            p = self.root / name
            if p.is_file():
                return p
            if p.is_dir():      # not silently "no service model"
                raise InputError("is a directory, expected the service model (YAML)", p)
        return None

    def schema_files(self) -> list[Path]:
        d = self._path("schema", "schema")
        return sorted(d.glob("*.sql")) if d.is_dir() else []

    def workload_files(self) -> list[Path]:
        d = self._path("workload", "workload")
        return sorted(d.glob("*.sql")) if d.is_dir() else []

    def api_files(self) -> list[Path]:
        d = self._path("api", "api")
        return sorted([*d.glob("*.yaml"), *d.glob("*.yml"), *d.glob("*.json")]) if d.is_dir() else []

    def adr_dir(self) -> Path:
        """The ADR folder: [adr] dir, .adr-dir, docs/decisions, doc/adr, docs/adr, doc/decisions.

        When none exists yet, the first candidate that applies is returned (to be created).
        """
        return find_adr_dir(self.root, self.section("adr").get("dir"))

    def __repr__(self) -> str:
        return f"<Workspace {self.name!r}: {', '.join(k for k, v in self.inputs().items() if v)}>"

    def _repr_html_(self) -> str:
        import html

        rows = []
        for kind, value in self.inputs().items():
            items = value if isinstance(value, list) else ([value] if value else [])
            shown = ", ".join(html.escape(self.relative(p)) for p in items) or "<em>none</em>"
            rows.append(f"<tr><td>{kind}</td><td style='text-align:left'>{shown}</td></tr>")
        return (f"<strong>workspace {html.escape(self.name)}</strong><table><thead><tr>"
                "<th>input</th><th>files</th></tr></thead><tbody>" + "".join(rows)
                + "</tbody></table>")

    def shown(self, report: Report) -> Report:
        """``report`` as a run shows it: re-levelled as ``[rules]`` says, files named
        relative to the workspace root (stable, readable, portable)."""
        from dataclasses import replace

        configured = self.apply_rule_config(report)
        return Report([replace(f, path=self.relative(f.path)) if f.path else f
                       for f in configured], title=configured.title)

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the workspace root when inside it (posix style)."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def inputs(self) -> dict[str, Any]:
        return {
            "decisions": self.decision_files(),
            "quality": self.quality_file(),
            "services": self.services_file(),
            "schema": self.schema_files(),
            "workload": self.workload_files(),
            "adr": self.adr_dir() if self.adr_dir().is_dir() else None,
        }


def find_adr_dir(root: Path, configured: str | None = None) -> Path:
    """The ADR folder of the workspace at ``root`` (see :meth:`Workspace.adr_dir`)."""
    return named_adr_dir(root, configured) or root / ADR_DIR_CANDIDATES[0]


def named_adr_dir(root: Path, configured: str | None = None) -> Path | None:
    """The ADR folder ``root`` names or has: ``configured`` (archkit.toml [adr] dir), the
    folder in ``.adr-dir`` (adr-tools), the ``project.adrFolder`` of ``.log4brains.yml``,
    else the first of docs/decisions, doc/adr, docs/adr, doc/decisions that exists; None
    when there is none."""
    if configured:
        return root / configured
    marker = root / ".adr-dir"
    if marker.is_file():
        text = marker.read_text(encoding="utf-8").strip()
        if text:
            return root / text
    log4brains = log4brains_folder(root / ".log4brains.yml")
    if log4brains:
        return root / log4brains
    for cand in ADR_DIR_CANDIDATES:
        if (root / cand).is_dir():
            return root / cand
    return None


def log4brains_folder(config: Path) -> str | None:
    """``project.adrFolder`` of a log4brains configuration; None without a readable one
    (log4brains reports its own file's errors)."""
    return log4brains_folders(config)[0]


def log4brains_folders(config: Path) -> tuple[str | None, list[tuple[str, str]]]:
    """``project.adrFolder`` of a log4brains configuration, and each package's ``(path,
    adrFolder)`` (``project.packages``: a monorepo's packages with logs of their own)."""
    if not config.is_file():
        return None, []
    import yaml

    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, []
    project = data.get("project") if isinstance(data, dict) else None
    if not isinstance(project, dict):
        return None, []
    folder = project.get("adrFolder")
    packages = [(p["path"].strip(), p["adrFolder"].strip())
                for p in project.get("packages") or [] if isinstance(p, dict)
                and isinstance(p.get("path"), str) and isinstance(p.get("adrFolder"), str)
                and p["path"].strip() and p["adrFolder"].strip()] \
        if isinstance(project.get("packages"), list) else []
    return (folder.strip() or None if isinstance(folder, str) else None), packages


def log4brains_package_folder(root: Path, start: Path) -> Path | None:
    """The ``adrFolder`` of the log4brains package (``.log4brains.yml`` at ``root``)
    whose ``path`` holds ``start``, as ``log4brains adr new -p`` writes there; None
    outside every package."""
    _, packages = log4brains_folders(root / ".log4brains.yml")
    if not packages:
        return None
    here = start.resolve()
    for path, folder in packages:
        base = (root / path).resolve()
        if here == base or base in here.parents:
            return root / folder
    return None


def locate_adr_root(start: str | Path = ".") -> tuple[Path, bool]:
    """The workspace whose ADR log ``archkit adr`` uses from ``start``, and whether it
    has (or names) one.

    The nearest of ``start`` and its parents that names or holds an ADR folder
    (``archkit.toml [adr] dir``, ``.adr-dir``, ``.log4brains.yml``, ``docs/decisions``,
    ``doc/adr``, ``docs/adr``, ``doc/decisions``), as git finds ``.git`` and adr-tools
    ``doc/adr``.
    The search stops at a workspace root (a folder with ``archkit.toml``: its log is its
    own), at the top of a git repository (a folder with ``.git``) and at the filesystem
    root. With no log on the way: that workspace root if the search passed one, else
    ``start`` — where ``adr new`` starts the log. A relative ``start`` gives a path
    relative to the current directory (``..``), so printed paths work from there.
    """
    start = Path(start)
    first = start.resolve()
    for folder in (first, *first.parents):
        config = folder / CONFIG_NAME
        # read as named in messages: from a relative start, relative to here
        section = load_config(_as_given(folder, start) / CONFIG_NAME).get("adr") \
            if config.is_file() else None
        configured = section.get("dir") if isinstance(section, dict) else None
        found = named_adr_dir(folder, str(configured) if configured else None) is not None
        if found or config.is_file() or (folder / ".git").exists():
            break
    else:
        return start, False
    if not found and not config.is_file():
        return start, False          # stopped at a git top or the root: start the log here
    return _as_given(folder, start), found


def find_workspace(start: str | Path, levels: int | None = None) -> Workspace | None:
    """The workspace whose ``archkit.toml`` is nearest to the folder ``start``: in it or
    in one of its parents (at most ``levels`` folders, ``start`` included); None if none.

    Its root is named as ``start`` is: a relative ``start`` gives a path relative to the
    current directory (``..``), so messages about archkit.toml name it as they name the
    files the user gave (``decisions/x.yaml`` and ``archkit.toml``, not
    ``/home/.../archkit.toml``).
    """
    start = Path(start)
    first = start.resolve()
    for folder in [first, *first.parents][:levels]:
        if (folder / CONFIG_NAME).is_file():
            return Workspace.open(_as_given(folder, start))
    return None


def _as_given(folder: Path, start: Path) -> Path:
    """``folder`` (``start`` resolved, or one of its parents) named as ``start`` is:
    ``start`` itself, else absolute or relative to the current directory like it."""
    if folder == start.resolve():
        return start
    return folder if start.is_absolute() else Path(os.path.relpath(folder))


def load_config(path: Path) -> dict[str, Any]:
    """Read ``archkit.toml``; absent means defaults. Errors carry line and column."""
    if not path.is_file():
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path, line,
                         col) from None
    # (imported here: ~7 ms, and most runs read no archkit.toml)
    import tomllib

    try:
        config = tomllib.loads(text.removeprefix("\ufeff"))   # editors may add a BOM
    except tomllib.TOMLDecodeError as exc:
        # message looks like "Expected '=' after a key in a key/value pair (at line 3, column 5)"
        msg = str(exc)
        line = col = None
        if "(at line " in msg:
            msg, _, where = msg.rpartition(" (at line ")
            parts = where.rstrip(")").split(", column ")
            with contextlib.suppress(ValueError):
                line, col = int(parts[0]), int(parts[1])
        raise InputError(f"invalid TOML: {msg}", path, line, col) from None
    except ValueError as exc:           # a literal of more digits than int() takes
        if "digits" not in str(exc):
            raise
        raise too_many_digits(text, path) from None
    check_config(config, path, text)
    return config


def check_config(config: Mapping[str, Any], path: Path, text: str | None = None) -> None:
    """Report the first section, key or rule id of archkit.toml that archkit does not
    know (a typo), or a value it cannot use, at its line and column (``text`` is the
    file's text, read from ``path`` when not given)."""
    places = _ConfigPlaces(path, text)

    def fail(keys: tuple[str, ...], message: str) -> InputError:
        return InputError(message, path, *places.at(keys))

    sections = ", ".join(f"[{k}]" for k in sorted(CONFIG_KEYS))
    for section, body in config.items():
        known = CONFIG_KEYS.get(section)
        tables = isinstance(body, list) and body and all(isinstance(b, Mapping) for b in body)
        if known is None:
            if isinstance(body, Mapping) or tables:
                brackets = f"[[{section}]]" if tables else f"[{section}]"
                raise fail((section,), f"unknown section {brackets}" + did_you_mean(
                    section, CONFIG_KEYS, f": archkit reads {sections}"))
            raise fail((section,), f"unknown key {section!r} before any [section]: archkit "
                                   f"reads {sections}")
        if tables:
            raise fail((section,), f"[[{section}]] is a list of tables: archkit reads one "
                                   f"[{section}] table")
        if not isinstance(body, Mapping):
            raise fail((section,), f"{section} must be a [{section}] table")
        if section == "rules":
            _check_rules(body, fail)
            continue
        for key, value in body.items():
            if section == "schema" and isinstance(value, Mapping):   # [schema."AK-IX007"]
                from archkit.rules import get_rule

                rule = get_rule(str(key).upper()) if _RULE_ID.fullmatch(str(key)) else None
                if rule is None or rule.area != "schema":
                    raise fail((section, key), f'[schema."{key}"]: a table in [schema] is '
                                               'named by a schema rule id, e.g. '
                                               '[schema."AK-IX007"]')
                options = frozenset(rule.options)
                for opt, v in value.items():
                    if opt not in options:
                        raise fail((section, key, opt), _unknown(
                            f'[schema."{key}"]', opt, options) if options else
                            f'[schema."{key}"] {rule.id} has no options (it reads none)')
                    problem = _like_default(v, rule.options[opt])
                    if problem:
                        raise fail((section, key, opt), f'[schema."{key}"] {opt} = {_toml(v)}: '
                                                        f"{problem}")
            elif key not in known:
                raise fail((section, key), _unknown(f"[{section}]", key, known))
            else:
                problem = _check_value(section, key, value)
                if problem:
                    raise fail((section, key), f"[{section}] {key} = {_toml(value)}: {problem}")


# the values of archkit.toml that are not free text: (low, high, whole number?)
_NUMBERS: dict[tuple[str, str], tuple[float, float, bool]] = {
    **{("boundaries", k): (1, math.inf, False) for k in (
        "max_sync_chain", "hub_fan_in", "greedy_fan_out", "chatty_calls", "max_retry_product")},
    ("boundaries", "samples"): (1, 1_000_000, True),
    ("boundaries", "seed"): (0, 2**32 - 1, True),
    ("slo", "availability"): (0, 1, False),
    ("slo", "p95_ms"): (0, math.inf, False),
    ("slo", "p99_ms"): (0, math.inf, False),
    ("decisions", "fragile_margin"): (0, 1, False),
    ("decisions", "max_weight"): (0, 1, False),
}
_OPEN_LOW = {("slo", "availability"), ("slo", "p95_ms"), ("slo", "p99_ms"),
             ("decisions", "fragile_margin"), ("decisions", "max_weight")}


def _toml(value: Any) -> str:
    """A value as archkit.toml spells it (``true``, not Python's ``True``), for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _check_value(section: str, key: str, value: Any) -> str | None:
    """Why ``value`` cannot be ``[section] key``, or None. ([capacity] is checked by the
    capacity maths; [schema] options by their rule's default.)"""
    if (section, key) == ("schema", "encoding"):
        from archkit.schema.parse import known_encoding

        if not isinstance(value, str) or not value.strip():
            return "use the name of a text encoding, e.g. \"cp1252\""
        try:
            known_encoding(value)
        except InputError as exc:
            return exc.message
        return None
    if section == "schema" and key != "dialect":
        from archkit.rules import all_rules

        defaults = [r.options[key] for r in all_rules() if r.area == "schema"
                    and key in r.options]
        return _like_default(value, defaults[0]) if defaults else None
    if section in ("workspace", "paths") or (section, key) in (("adr", "dir"),
                                                              ("adr", "template"),
                                                              ("schema", "dialect")):
        return None if isinstance(value, str) and value.strip() else "use a non-empty string"
    if (section, key) == ("adr", "statuses"):
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        return None if ok else 'use a list of strings, e.g. ["proposed", "accepted"]'
    limits = _NUMBERS.get((section, key))
    if limits is None:
        return None
    low, high, whole = limits
    if not finite_number(value) or (whole and value != int(value)):
        return "use a whole number" if whole else "use a number"
    open_low = (section, key) in _OPEN_LOW
    if value < low or (open_low and value == low) or value > high:
        what = "a whole number" if whole else "a number"
        if not math.isfinite(high):
            return f"use {what} {'above' if open_low else 'of at least'} {low:g}"
        if whole:
            return f"use {what} from {low:g} to {high:,.0f}"
        return f"use {what} {'above' if open_low else 'from'} {low:g} and at most {high:g}"
    return None


def _like_default(value: Any, default: Any) -> str | None:
    """A [schema] rule option must have its default's type (a pattern a string, a limit a
    whole number, a list of names a list of strings)."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "use true or false"
    if isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else "use a whole number (0 or more)"
    if isinstance(default, str):
        if not isinstance(value, str):
            return "use a string"
        if "{" not in default:                      # a regular expression
            try:
                re.compile(value)
            except re.error as exc:
                return f"not a regular expression: {exc}"
        return None
    if isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if not ok:
            return "use a list of strings"
        if any("{" in str(d) for d in default):        # name templates: {table}, {columns}
            for v in value:
                problem = _template_problem(v)
                if problem:
                    return problem
    return None


def _template_problem(text: str) -> str | None:
    """Why a name template such as ``{table}_{columns}_idx`` cannot be filled, or None."""
    import string

    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        return f"{text!r} is not a name template: {exc}"
    unknown = [f for f in fields if f not in ("table", "columns", "columns_and")]
    if unknown:
        return (f"{text!r} uses {{{unknown[0]}}}: a name template knows {{table}}, {{columns}} "
                "(joined by _) and {columns_and} (joined by _and_)")
    return None


def _unknown(where: str, key: str, known: frozenset[str]) -> str:
    return f"{where} unknown key {key!r}" + did_you_mean(
        key, known, f": known: {', '.join(sorted(known))}")


def _check_rules(body: Mapping[str, Any], fail: Any) -> None:
    from archkit.rules import all_rules, get_rule

    for key, value in body.items():
        if str(value).lower() not in ("off", "info", "warning", "error"):
            raise fail(("rules", key), f"[rules] {key} = {_toml(value)}: use off, info, warning "
                                       "or error")
        if get_rule(str(key).upper()) is None:
            raise fail(("rules", key), f"[rules] unknown rule id {key!r}" + did_you_mean(
                str(key).upper(), (r.id for r in all_rules()), " ('archkit rules' lists them)"))


def severity_overrides(config: Mapping[str, Any]) -> dict[str, Severity | None]:
    out: dict[str, Severity | None] = {}
    for key, value in (config.get("rules") or {}).items():
        v = str(value).lower()
        out[str(key).upper()] = None if v == "off" else Severity.parse(v)
    return out


class _ConfigPlaces:
    """Where keys of one archkit.toml are, found when first asked (only errors ask)."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path, self.text = path, text
        self._found: dict[tuple[str, ...], tuple[int, int]] | None = None

    @property
    def found(self) -> dict[tuple[str, ...], tuple[int, int]]:
        if self._found is None:
            text = self.text
            if text is None:
                try:
                    text = self.path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = ""
            self._found = config_positions(text)
        return self._found

    def at(self, keys: tuple[str, ...]) -> tuple[int | None, int | None]:
        """(line, col) of ``keys``, else of the nearest table above it that is written."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.found:
                return self.found[keys[:n]]
        return None, None

    def mention(self, section: str, key: str) -> tuple[int | None, int | None]:
        """(line, col) of ``[section] key``, else of the first key ``key`` at any depth
        inside the section, else of the section."""
        if (section, key) not in self.found:
            for path, place in self.found.items():
                if len(path) > 2 and path[0] == section and path[-1] == key:
                    return place
        return self.at((section, key))


EMPTY_CONFIG = """\
# archkit workspace configuration. Every setting is optional.
[workspace]
name = "{name}"

# Re-level or switch off rules: "off", "info", "warning" or "error".
[rules]
# AK-DOC001 = "info"     # enable the off-by-default missing-comment rule

[adr]
# dir = "docs/decisions"
# template = "madr"      # madr, madr-minimal, madr-bare, madr-bare-minimal, nygard, log4brains

[schema]
dialect = "postgres"

[slo]
availability = 0.9999
p95_ms = 100
p99_ms = 1000

# [capacity]             # replicas each service needs for this load (archkit run)
# rate_rps = 200         # requests/s at every entry point, or {{web = 150, api = 50}}
# max_wait_ms = 10       # mean queueing time per service (or quantile + max_response_ms)
"""


def create_workspace(target: str | Path, example: str | None = None
                     ) -> tuple[list[Path], list[Path]]:
    """Create a workspace, empty or as a copy of a bundled example.

    Existing files are never overwritten. Returns (written, kept-because-existing).
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a directory", target)
    written: list[Path] = []
    skipped: list[Path] = []

    def put(rel: Path, data: bytes) -> None:
        dest = target / rel
        try:
            atomic_write(dest, data, overwrite=False)
            written.append(dest)
        except FileExists:
            skipped.append(dest)

    if example:
        from archkit.examples import path as example_path

        src = example_path(example)
        for f in sorted(src.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                put(f.relative_to(src), f.read_bytes())
    else:
        put(Path(CONFIG_NAME), EMPTY_CONFIG.format(name=target.resolve().name).encode())
        for d in ("decisions", "schema", "workload", ADR_DIR_CANDIDATES[0]):
            (target / d).mkdir(parents=True, exist_ok=True)
    return written, skipped


# -- atomic writes ---------------------------------------------------------------------
class FileExists(InputError):
    """Refused to overwrite an existing file."""


def atomic_write(path: str | Path, data: str | bytes, *, overwrite: bool = False,
                 encoding: str = "utf-8", durable: bool = True,
                 within: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` all at once: a temp file in the same folder, fsync, rename.

    Readers never see a partial file and a failure leaves no file behind. ``durable=False``
    skips the fsync, for caches whose readers check what they read (after a power cut
    the file may be empty, never partial and trusted). With
    ``overwrite=False`` (the default) an existing file is never replaced: the final
    step is an exclusive hard link, so two writers racing for the same name cannot
    both win (the loser gets :class:`FileExists`).

    ``within``: a file archkit names itself (a report, a chart, an ADR it edits) inside
    that folder. A symlink that leads it out of there is an InputError, not followed: a
    link committed to a shared repository must not make ``archkit run`` or ``adr
    status`` overwrite a file elsewhere. Without it (an ``-o`` the user typed), a
    symlink is written through.
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    if within is not None:
        check_inside(path, within)
    try:
        _atomic_write(path, payload, overwrite, durable)
    except OSError as exc:   # a folder that cannot be made, a read-only place, a full disk
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    return path


def check_inside(path: str | Path, folder: str | Path) -> None:
    """InputError unless ``path`` (following every symlink: at the file, or at a folder
    on its way) stays inside ``folder``: archkit writes the files it names itself only
    there, never through a link that a shared repository could point anywhere."""
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(os.path.realpath(folder)):
        raise InputError(f"a symbolic link leads it to {target}, outside {folder}: archkit "
                         "does not follow it (remove the link)", path)


def _atomic_write(path: Path, payload: bytes, overwrite: bool, durable: bool) -> None:
    if overwrite:
        # -o through a symlink writes the file it points at (the link stays a link); a
        # FIFO or a device (-o /dev/stdout) is written to as it is, not replaced
        try:
            mode = path.stat().st_mode          # of what a symlink points at
        except OSError:
            mode = 0
        if mode and not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
            with open(path, "wb") as fh:
                fh.write(payload)
            return
        if path.is_symlink():
            path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; give it the mode any new file would get (or the
        # replaced file's), so ADRs, diagrams and sites stay readable to others
        os.fchmod(fd, _new_file_mode(path if overwrite else None))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: exclusive create
            except FileExistsError:
                raise FileExists("exists already; archkit never overwrites it", path) from None
            except OSError:  # filesystems without hard links: exclusive-create fallback
                try:
                    with open(path, "xb") as fh:
                        fh.write(payload)
                except FileExistsError:
                    raise FileExists("exists already; archkit never overwrites it",
                                     path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _umask() -> int:
    """The process's umask, without changing it (Linux: /proc; elsewhere set and restore)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _new_file_mode(replacing: Path | None) -> int:
    """Permission bits for a file written by :func:`atomic_write`: those of the file it
    replaces, else what ``open()`` would give a new file (0666 less the umask)."""
    if replacing is not None:
        with contextlib.suppress(OSError):
            return stat.S_IMODE(replacing.stat().st_mode)
    return 0o666 & ~_umask()


@contextlib.contextmanager
def folder_lock(folder: str | Path, timeout: float = 30.0,
                stale_after: float = 120.0) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` between processes, waiting up to ``timeout``.

    For read-modify-write of files in the folder (adding a back-link to an ADR): two
    writers take turns, and the second reads what the first wrote. The lock is
    ``flock`` on the folder itself, so it leaves no file behind and the kernel releases
    it when its holder dies. Where ``flock`` is missing or refused (some network
    filesystems), an exclusive-create lock file ``.archkit-lock`` in the folder, taken
    over when older than ``stale_after`` seconds.
    """
    folder = Path(folder)
    deadline = time.monotonic() + timeout
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            locked = False
            while not locked:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked = True
                except BlockingIOError:
                    _wait_or_fail(deadline, timeout, folder)
                except OSError:
                    break           # flock refused here: use a lock file
            if locked:
                _sweep_temp_files(folder)
                yield
                return
        finally:
            os.close(fd)            # releases the lock
    lock = folder / ".archkit-lock"
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            break
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                if time.time() - lock.stat().st_mtime > stale_after:
                    lock.unlink()   # its holder crashed long ago
                    continue
            _wait_or_fail(deadline, timeout, folder)
    try:
        _sweep_temp_files(folder)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


# a temporary file of atomic_write older than this was left by a writer that died (kill -9,
# a power cut) before its rename: every write takes well under a second
STALE_TEMP_SECONDS = 600


def _sweep_temp_files(folder: Path) -> None:
    """Remove what writers that died left in ``folder``: atomic_write's ``.NAME.XXXX.tmp``
    files older than :data:`STALE_TEMP_SECONDS` (scout AU: three kills of a run left three
    whole records as hidden files for good). Called under the folder's lock."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as it:
        for entry in it:
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3:
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and \
                            now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                        os.unlink(entry.path)


def _wait_or_fail(deadline: float, timeout: float, folder: Path) -> None:
    if time.monotonic() > deadline:
        raise InputError(f"another archkit process has been changing files here for more "
                         f"than {timeout:.0f} s; try again when it has finished", folder)
    time.sleep(0.01)


def exclusive_create(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> bool:
    """Create ``path`` with ``data`` only if it does not exist; True when created.

    Used to claim names (ADR numbers) under concurrency: of N processes creating the
    same path, exactly one gets True. The content appears atomically.
    """
    try:
        atomic_write(path, data, overwrite=False, encoding=encoding)
    except FileExists:
        return False
    return True
