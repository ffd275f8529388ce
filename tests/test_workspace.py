"""Workspace configuration, input discovery and the atomic-write helper."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from archkit.errors import InputError
from archkit.findings import Finding, Report, Severity
from archkit.workspace import FileExists, Workspace, atomic_write, exclusive_create


def test_atomic_write_never_overwrites_unless_asked(tmp_path):
    p = tmp_path / "a" / "b.md"
    atomic_write(p, "first")
    with pytest.raises(FileExists, match="never overwrites"):
        atomic_write(p, "second")
    assert p.read_text() == "first"
    atomic_write(p, "third", overwrite=True)
    assert p.read_text() == "third"
    assert [x.name for x in p.parent.iterdir()] == ["b.md"]  # no temp files left


def test_failed_write_leaves_no_partial_file(tmp_path):
    p = tmp_path / "out.txt"
    with pytest.raises(TypeError):
        atomic_write(p, 12345)  # type: ignore[arg-type]  # fails while writing
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_the_usual_mode_not_0600(tmp_path):
    # mkstemp makes 0600 files: an ADR site or diagram must stay readable to others
    old = os.umask(0o022)
    try:
        p = atomic_write(tmp_path / "new.md", "x")
        assert p.stat().st_mode & 0o777 == 0o644
        os.umask(0o027)
        assert atomic_write(tmp_path / "g.md", "x").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    os.chmod(p, 0o600)                       # a replaced file keeps its own mode
    atomic_write(p, "y", overwrite=True)
    assert p.stat().st_mode & 0o777 == 0o600 and p.read_text() == "y"


def test_unwritable_place_is_bad_input_naming_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    target = blocker / "sub" / "out.svg"     # its folder cannot be made
    with pytest.raises(InputError, match="cannot write") as exc:
        atomic_write(target, "x")
    assert str(target) in str(exc.value) and ".tmp" not in str(exc.value)
    assert blocker.read_text() == "not a folder"


def test_overwrite_writes_through_links_and_into_pipes_and_devices(tmp_path):
    # -o link.svg keeps the link; -o /dev/stdout or a FIFO is written to, never replaced
    target = tmp_path / "target.dot"
    target.write_text("old")
    link = tmp_path / "link.dot"
    link.symlink_to(target.name)
    atomic_write(link, "new", overwrite=True)
    assert link.is_symlink() and target.read_text() == "new"
    fifo = tmp_path / "pipe.dot"
    os.mkfifo(fifo)
    got: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, "through the pipe", overwrite=True)
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.lstat().st_mode)
    atomic_write("/dev/null", "discarded", overwrite=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    (tmp_path / "d.svg").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        atomic_write(tmp_path / "d.svg", "x", overwrite=True)


def _claim(args):
    path, i = args
    return exclusive_create(path, f"writer {i}\n")


def test_exclusive_create_has_exactly_one_winner(tmp_path):
    target = tmp_path / "0007-claimed.md"
    with multiprocessing.get_context("fork").Pool(8) as pool:
        wins = pool.map(_claim, [(target, i) for i in range(40)])
    assert sum(wins) == 1
    assert target.read_text().startswith("writer ")
    assert [x.name for x in tmp_path.iterdir()] == [target.name]


def test_config_errors_have_line_and_column(tmp_path):
    (tmp_path / "archkit.toml").write_text("[workspace]\nname = 'x'\n[rules\n")
    with pytest.raises(InputError) as exc:
        Workspace.open(tmp_path)
    assert exc.value.path.endswith("archkit.toml") and exc.value.line == 3


def test_bad_rule_severity_in_config(tmp_path):
    (tmp_path / "archkit.toml").write_text("[rules]\nAK-IX006 = 'loud'\n")
    with pytest.raises(InputError, match="use off, info, warning or error") as exc:
        Workspace.open(tmp_path)
    assert exc.value.line == 2


@pytest.mark.parametrize("toml, line, message", [
    ("[workspace]\nname = 'x'\n\n[capacty]\nrate_rps = 3\n", 4, "unknown section [capacty]"),
    ("[boundaries]\nmax_sync_chain = 3\nmax_sync_chian = 10\n", 3,
     "[boundaries] unknown key 'max_sync_chian': did you mean max_sync_chain?"),
    ("[slo]\n# p95 is in ms\np95 = 100\n", 3, "did you mean p95_ms?"),
    ("[decisions]\nfragile_margn = 0.1\n", 2, "did you mean fragile_margin?"),
    ("[schema]\ndialect = 'mysql'\nmax_indexs = 3\n", 3, "did you mean max_indexes?"),
    ('[schema]\nmax_indexes = 3\n\n[schema."AK-IX007"]\nmax = 12\n', 5,
     "[schema.\"AK-IX007\"] unknown key 'max': known: max_indexes"),
    ("[schema.AK-FK001]\nlimit = 2\n", 2, "AK-FK001 has no options"),
    ("[schema]\n\n[schema.AK-XX001]\nx = 2\n", 3, "named by a schema rule id"),
    ("[schema.AK-SVC004]\nmax_sync_chain = 2\n", 1, "named by a schema rule id"),
    ("[paths]\nschemas = 'db'\n", 2, "did you mean schema?"),
    ("[adr]\ndirectory = 'adr'\n", 2, "[adr] unknown key 'directory'"),
    ("[rules]\nAK-IX006 = 'error'\nAK-TY99 = 'off'\n", 3, "unknown rule id 'AK-TY99'"),
    ("[rules]\nAK-TY099 = 'off'\n", 2, "unknown rule id 'AK-TY099'"),
    ("name = 'x'\n[workspace]\n", 1, "unknown key 'name' before any [section]"),
])
def test_config_typos_are_bad_input_at_their_line(tmp_path, toml, line, message):
    # a misspelt key would otherwise leave its default in force without a word
    (tmp_path / "archkit.toml").write_text(toml)
    with pytest.raises(InputError) as exc:
        Workspace.open(tmp_path)
    assert message in str(exc.value) and exc.value.line == line, str(exc.value)


@pytest.mark.parametrize("toml, place, message", [
    # every way TOML has to write a key is found at its own line and column
    ("# limits\nboundaries.max_sync_chian = 3\n\n[workspace]\nname = 'x'\n", (2, 12),
     "[boundaries] unknown key 'max_sync_chian': did you mean max_sync_chain?"),
    ("boundaries = { hub_fan_in = 6, max_sync_chian = 3 }\n", (1, 32),
     "[boundaries] unknown key 'max_sync_chian': did you mean max_sync_chain?"),
    ("boundaries = {max_sync_chain = -3}\n", (1, 15), "[boundaries] max_sync_chain = -3"),
    ('[ "boundaries" ]\n"max_sync_chian" = 3\n', (2, 1), "did you mean max_sync_chain?"),
    ("[workspace]\nname = 'x'\n\n[workspace.extra]\nx = 1\n", (4, 12),
     "[workspace] unknown key 'extra'"),
    ("[workspace]\nname = 'x'\n\n[[rules]]\nAK-IX006 = 'off'\n", (4, 3),
     "[[rules]] is a list of tables: archkit reads one [rules] table"),
    ("[workspace]\nname = 'x'\n\n[[boundary]]\nx = 1\n", (4, 3),
     "unknown section [[boundary]]: did you mean boundaries?"),
    ("[workspace]\n\n[boundary]\nmax_sync_chain = 3\n", (3, 2),
     "unknown section [boundary]: did you mean boundaries?"),
    ('[schema]\ndialect = "postgres"\n"AK-NM001".pattern = "x"\n', (3, 12),
     "[schema.\"AK-NM001\"] unknown key 'pattern': did you mean table_pattern?"),
    ("[schema]\n'AK-NM001' = {table_pattern = '^t_'}\n'AK-IX007' = { maxx = 3 }\n", (3, 16),
     "[schema.\"AK-IX007\"] unknown key 'maxx'"),
    ('[schema . "AK-NM001"]\ntable_pattern = "(["\n', (2, 1), "not a regular expression"),
    ("[schema.AK-XX001]\nx = 2\n", (1, 9), '[schema."AK-XX001"]: a table in [schema] is named'),
    ("[rules]\n'AK-IX006' = 'error'\n\"AK-TY099\" = 'off'\n", (3, 1),
     "unknown rule id 'AK-TY099'"),
    # a header or key written inside a string or a comment is not one
    (('[workspace]\nname = """\n[boundaries]\nmax_sync_chian = 1"""  # [boundaries]\n\n'
      "[boundaries]\nmax_sync_chian = 2\n"), (7, 1), "did you mean max_sync_chain?"),
    (("[adr]\nstatuses = ['a', # [boundaries]\n  'b']\ndir = 'x'\n[boundaries]\n"
      "chatty_calls = 1\nhub_fan_in = 0\n"), (7, 1), "[boundaries] hub_fan_in = 0"),
])
def test_config_problems_are_found_in_every_form_toml_writes_keys(tmp_path, toml, place,
                                                                    message):
    # dotted keys, inline tables, arrays of tables, sub-tables and quoted names were
    # reported at line 1 or at no line at all: the scan for "[section]" and "key =" lines
    # knew only the plain forms
    (tmp_path / "archkit.toml").write_text(toml)
    with pytest.raises(InputError) as exc:
        Workspace.open(tmp_path)
    assert message in str(exc.value), str(exc.value)
    assert (exc.value.line, exc.value.col) == place, str(exc.value)


def test_config_positions_of_every_key_form():
    from archkit.tomlpos import config_positions

    text = ("\ufeffa.b = 1  # x.y = 2\n"
            "c = {d = 1, 'e f' = [ {g = 1} ]}\n"
            "s = '''\n[fake]\nk = 1'''\n"
            '[t . "u\\u0021"]\nv = 1979-05-27 07:32:00Z\n'
            '[[w]]\nx = 1\n[[w]]\nx = 2\ny = "\\""\n')
    found = config_positions(text)
    assert found == {("a",): (1, 1), ("a", "b"): (1, 3), ("c",): (2, 1), ("c", "d"): (2, 6),
                     ("c", "e f"): (2, 13), ("c", "e f", "g"): (2, 24), ("s",): (3, 1),
                     ("t",): (6, 2), ("t", "u!"): (6, 6), ("t", "u!", "v"): (7, 1),
                     ("w",): (8, 3), ("w", "x"): (9, 1), ("w", "y"): (12, 1)}
    # not TOML (never asked: tomllib reads the file first): what was found before it
    assert config_positions("[a]\nb = 1\nc = [1,") == {("a",): (1, 2), ("a", "b"): (2, 1),
                                                        ("a", "c"): (3, 1)}


def test_a_config_error_names_archkit_toml_as_the_user_named_the_workspace(cli, tmp_path):
    # archkit.toml found above a file given relatively was named by its absolute path
    # (decide, schema check, adr) while `archkit run DIR` named it DIR/archkit.toml
    from archkit.workspace import create_workspace

    ws = tmp_path / "ws"
    create_workspace(ws, "shopfront")
    (ws / "archkit.toml").write_text("[boundaries]\nmax_sync_chian = 3\n")
    wanted = "archkit.toml:2:1: [boundaries] unknown key 'max_sync_chian'"
    for args, cwd, shown in [
        (("run", "ws"), tmp_path, "ws/"),
        (("decide", "ws/decisions/deployment.yaml"), tmp_path, "ws/"),
        (("decide", "deployment.yaml"), ws / "decisions", "../"),
        (("schema", "check", "ws/schema/001_customers.sql"), tmp_path, "ws/"),
        (("schema", "check"), ws, ""),
        (("boundaries", "check", "ws/services.yaml"), tmp_path, "ws/"),
        (("adr", "list"), ws / "docs" / "decisions", "../../"),
        (("decide", str(ws / "decisions" / "deployment.yaml")), tmp_path, f"{ws}/"),
    ]:
        res = cli(*args, cwd=cwd)
        assert res.code == 2 and res.err.startswith(shown + wanted), (args, res.err)


@pytest.mark.parametrize("toml, line, message", [
    ('rules = "x"\n', 1, "rules must be a [rules] table"),
    ("[adr]\ndir = 5\n", 2, "[adr] dir = 5: use a non-empty string"),
    ("[adr]\nstatuses = []\n", 2, "use a list of strings"),
    ("[slo]\navailability = 2\n", 2, "above 0 and at most 1"),      # 200 % was accepted
    ("[slo]\navailability = nan\n", 2, "use a number"),           # silently disabled SVC016
    ("[slo]\np99_ms = -5\n", 2, "use a number above 0"),
    ("[boundaries]\nmax_sync_chain = -1\n", 2, "of at least 1"),
    ("[boundaries]\nmax_sync_chain = 'three'\n", 2, "use a number"),
    ("[boundaries]\nsamples = 1e9\n", 2, "from 1 to 1,000,000"),
    ("[decisions]\nfragile_margin = 0\n", 2, "above 0 and at most 1"),
    ("[schema]\nmax_indexes = 'many'\n", 2, "use a whole number"),    # was an internal error
    ("[schema]\naudit_columns = 'created_at'\n", 2, "use a list of strings"),
    ('[schema."AK-NM001"]\ntable_pattern = "(["\n', 2, "not a regular expression"),
    ("[schema.AK-FK007]\nself_references = 1\n", 2, "use true or false"),
    ("[schema]\nindex_patterns = ['{tabel}_x']\n", 2, "uses {tabel}"),     # was a KeyError
    ("[schema]\nindex_patterns = ['{table']\n", 2, "not a name template"),
])
def test_config_values_of_the_wrong_kind_are_bad_input(tmp_path, toml, line, message):
    (tmp_path / "archkit.toml").write_text(toml)
    with pytest.raises(InputError) as exc:
        Workspace.open(tmp_path)
    assert message in str(exc.value) and exc.value.line == line, str(exc.value)


def test_a_name_template_may_join_columns_with_and(tmp_path):
    (tmp_path / "archkit.toml").write_text(
        '[schema."AK-NM001"]\nindex_patterns = ["index_{table}_on_{columns_and}"]\n')
    Workspace.open(tmp_path)           # Rails' convention: accepted
    (tmp_path / "archkit.toml").write_text(
        '[schema."AK-NM001"]\nindex_patterns = ["index_{table}_on_{cols}"]\n')
    with pytest.raises(InputError, match=r"uses \{cols\}: .*\{columns_and\}"):
        Workspace.open(tmp_path)


def test_config_with_a_bom_is_read_and_bad_bytes_are_located(tmp_path):
    cfg = tmp_path / "archkit.toml"
    cfg.write_bytes(b"\xef\xbb\xbf[workspace]\nname = 'x'\n")      # Windows editors add one
    assert Workspace.open(tmp_path).name == "x"
    cfg.write_bytes(b"[workspace]\nname = 'caf\xe9'\n")
    with pytest.raises(InputError, match="not UTF-8 text") as exc:
        Workspace.open(tmp_path)
    assert (exc.value.line, exc.value.col) == (2, 12)


def test_a_folder_where_the_service_model_goes_is_bad_input(tmp_path):
    (tmp_path / "services.yaml").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        Workspace.open(tmp_path).services_file()


def test_every_documented_setting_is_accepted(tmp_path, example_copy):
    from archkit.workspace import EMPTY_CONFIG

    Workspace.open(example_copy)                 # the example's archkit.toml
    uncommented = "\n".join(line.lstrip("# ") if "=" in line or line.startswith("# [")
                            else line for line in EMPTY_CONFIG.format(name="x").splitlines())
    (tmp_path / "archkit.toml").write_text(uncommented)
    Workspace.open(tmp_path)                     # what `archkit init` writes, switched on


def test_config_keys_match_what_the_areas_read():
    from archkit.boundaries.analysis import _CAPACITY_KEYS
    from archkit.boundaries.rules import DEFAULT_SLO, DEFAULT_THRESHOLDS
    from archkit.rules import all_rules
    from archkit.tradeoff.checks import CONFIG_KEYS as DECISION_KEYS
    from archkit.workspace import CONFIG_KEYS

    assert CONFIG_KEYS["boundaries"] == set(DEFAULT_THRESHOLDS)
    assert CONFIG_KEYS["slo"] == set(DEFAULT_SLO)
    assert CONFIG_KEYS["decisions"] == set(DECISION_KEYS)
    assert CONFIG_KEYS["capacity"] == set(_CAPACITY_KEYS)
    options = {o for r in all_rules() if r.area == "schema" for o in r.options}
    assert CONFIG_KEYS["schema"] == options | {"dialect", "encoding"}


def test_severity_overrides_relevel_and_disable(tmp_path):
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-IX006 = "error"\nak-pk001 = "off"\n')
    ws = Workspace.open(tmp_path)
    r = Report([Finding("AK-IX006", "x", "warning", "m"), Finding("AK-PK001", "y", "error", "m")])
    out = ws.apply_rule_config(r)
    assert [(f.rule, f.severity) for f in out] == [("AK-IX006", Severity.ERROR)]


def test_missing_and_non_directory_workspace(tmp_path):
    with pytest.raises(InputError, match="no such workspace"):
        Workspace.open(tmp_path / "nope")
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        Workspace.open(f)


@pytest.mark.parametrize("layout,expected", [
    ({".adr-dir": "architecture/adr\n", "architecture/adr/": None}, "architecture/adr"),
    ({"doc/adr/": None, "docs/adr/": None}, "doc/adr"),
    ({"docs/decisions/": None, "doc/adr/": None}, "docs/decisions"),
    ({"doc/decisions/": None}, "doc/decisions"),
    ({}, "docs/decisions"),
])
def test_adr_dir_discovery_order(tmp_path, layout, expected):
    for name, text in layout.items():
        p = tmp_path / name
        if name.endswith("/"):
            p.mkdir(parents=True)
        else:
            p.write_text(text)
    assert Workspace.open(tmp_path).adr_dir() == tmp_path / expected


def test_configured_adr_dir_wins(tmp_path):
    (tmp_path / "archkit.toml").write_text('[adr]\ndir = "records"\n')
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    assert Workspace.open(tmp_path).adr_dir() == tmp_path / "records"


def test_inputs_found_by_convention(example_copy: Path):
    ws = Workspace.open(example_copy)
    assert ws.name == "shopfront"
    assert all(p.suffix in (".yaml", ".yml") for p in ws.decision_files())
    assert ws.schema_files() == sorted(ws.schema_files())
    assert os.fspath(ws.adr_dir()).endswith("docs/decisions")
