"""Mermaid flowchart and Structurizr DSL exports: structure, styling, findings, escaping.

No Mermaid or Structurizr runtime is installed here, so each test reads the text back
with a small reader of the statements each language has (quoted strings with their
escapes, statements, blocks) and counts what it defines."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.boundaries.export import dsl_string, mermaid_text
from archkit.boundaries.model import loads_model
from archkit.boundaries.render import render
from archkit.errors import InputError
from archkit.findings import Finding, Report
from tests.test_boundaries_render import EVIL, SHOP, evil_model


@pytest.fixture(scope="module")
def shop():
    return loads_model(SHOP)


# -- a reader for the Mermaid we write ------------------------------------------------------
_M_QUOTED = r'"[^"]*"'
_M_NODE = re.compile(r'^\s*([a-z0-9_]+)(\[\(|\(\[|\[\[|\[|>)(' + _M_QUOTED + r')(\)\]|\]\)|\]\]|\])$')
_M_EDGE = re.compile(r'^\s*([a-z0-9_]+) (-->|-\.->)(\|' + _M_QUOTED + r'\|)? ([a-z0-9_]+)$')
_M_SUB = re.compile(r'^\s*subgraph ([a-z0-9_]+)\[(' + _M_QUOTED + r')\]$')
_M_YAML_QUOTED = r'"(?:\\.|[^"\\])*"'     # the title is YAML: \" and \\ escapes
_M_OTHER = re.compile(r'^\s*(end|flowchart LR|---|title: ' + _M_YAML_QUOTED
                      + r'|classDef \w+ [^"]+|class [a-z0-9_,]+ \w+|linkStyle [\d,]+ [^"]+)$')


def read_mermaid(text: str) -> tuple[list[str], list[tuple[str, str, str]], list[str]]:
    """(node ids, edges (from, arrow, to), subgraph ids); fails on any other line."""
    nodes, edges, subs, depth = [], [], [], 0
    for line in text.splitlines():
        if m := _M_NODE.match(line):
            nodes.append(m.group(1))
        elif m := _M_EDGE.match(line):
            edges.append((m.group(1), m.group(2), m.group(4)))
        elif m := _M_SUB.match(line):
            subs.append(m.group(1))
            depth += 1
        elif _M_OTHER.match(line):
            depth -= line.strip() == "end"
        else:
            raise AssertionError(f"not a statement we write: {line!r}")
    assert depth == 0
    return nodes, edges, subs


def test_mermaid_container_view(shop):
    text = render(shop, format="mermaid")
    nodes, edges, subs = read_mermaid(text)
    assert len(nodes) == 10 and len(edges) == len(shop.edges)
    assert subs == ["boundary", "context_0", "context_1"]
    assert ("svc_checkout", "-.->", "store_events") in edges       # async: dotted
    assert ("svc_checkout", "-->", "svc_payments") in edges
    assert 'svc_checkout -->|"grpc ×3"| svc_payments' in text
    assert 'store_orders_db[("orders-db<br/>[postgres]")]' in text  # stores are cylinders
    assert 'person_shopper(["shopper<br/>[person]"])' in text


def test_mermaid_findings_and_context_view(shop):
    rep = Report([Finding("AK-SVC002", "shared-database", "error", "m", object="orders-db"),
                  Finding("AK-SVC008", "chatty-interface", "warning", "m",
                          object="checkout -> payments")])
    text = render(shop, format="mermaid", findings=rep)
    assert "class store_orders_db akFinding" in text
    assert "linkStyle 6 stroke:#d62728" in text                      # the 7th edge
    nodes, edges, _ = read_mermaid(render(shop, view="context", format="mermaid"))
    assert nodes == ["system", "ext_stripe", "person_shopper"]
    assert edges == [("person_shopper", "-->", "system"), ("system", "-->", "ext_stripe")]


def test_mermaid_escaping_keeps_the_graph_shape():
    m = loads_model(evil_model(EVIL))
    nodes, edges, _ = read_mermaid(render(m, format="mermaid"))
    assert len(nodes) == len(EVIL) + 1 and len(edges) == len(EVIL) - 1
    assert mermaid_text('a"]; b -> c [') == "a#34;]#59; b -#62; c ["
    assert mermaid_text("x\ny") == "x<br/>y"
    assert mermaid_text("<b>&") == "#60;b#62;#38;"


# -- a reader for the Structurizr DSL we write ------------------------------------------------
_TOKEN = re.compile(r'"((?:\\.|[^"\\])*)"|(\S+)')


def dsl_tokens(line: str) -> list[str]:
    out, pos, line = [], 0, line.strip()
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        assert m, f"cannot read {line[pos:]!r}"
        out.append(m.group(0))
        pos = m.end()
        while pos < len(line) and line[pos] == " ":
            pos += 1
    return out


def read_dsl(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """({identifier: element type}, [(from, to)]) of the DSL's model block."""
    elements, relations, depth = {}, [], 0
    for line in text.splitlines():
        tokens = dsl_tokens(line)
        if not tokens:
            continue
        for t in tokens:
            assert not t.startswith('"') or not re.search(r'(?<!\\)"', t[1:-1])
        if len(tokens) >= 3 and tokens[1] == "=":
            elements[tokens[0]] = tokens[2]
        elif len(tokens) >= 3 and tokens[1] == "->":
            relations.append((tokens[0], tokens[2]))
        depth += tokens[-1] == "{"
        depth -= tokens == ["}"]
    assert depth == 0
    return elements, relations


def test_structurizr_workspace(shop):
    text = render(shop, format="structurizr")
    elements, relations = read_dsl(text)
    assert elements["system"] == "softwareSystem"
    assert elements["person_shopper"] == "person"
    assert elements["ext_stripe"] == "softwareSystem"
    assert sum(t == "container" for t in elements.values()) == 8
    assert len(relations) == len(shop.edges)
    assert 'svc_checkout -> store_events "uses" "kafka" "async"' in text
    assert 'svc_checkout -> store_orders_db "writes to" "" "sync"' in text
    assert 'store_orders_db = container "orders-db" "" "postgres" "Database"' in text
    assert 'group "shopping (context)" {' in text
    assert "systemContext system" in text and "container system" in text
    # the context view asks for the same workspace
    assert render(shop, view="context", format="structurizr") == text


def test_structurizr_findings_are_tags(shop):
    rep = Report([Finding("AK-SVC002", "shared-database", "error", "m", object="orders-db")])
    text = render(shop, format="structurizr", findings=rep)
    assert '"Database,archkit-error"' in text
    assert 'element "archkit-error"' in text


def test_structurizr_escaping_keeps_the_model_shape():
    m = loads_model(evil_model(EVIL))
    elements, relations = read_dsl(render(m, format="structurizr"))
    assert sum(t == "container" for t in elements.values()) == len(EVIL)
    assert len(relations) == len(EVIL) - 1
    assert dsl_string('a"]; b -> c [') == '"a\\"]; b -> c ["'
    assert dsl_string("two\nlines") == '"two lines"'
    assert dsl_string("ends \\") == '"ends /"'
    assert dsl_string("${X}") == '"$ {X}"'


_names = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)),
                                    st.sampled_from('"\\\n\r\x85\u2028#;|`<>&${}[]()')),
                 min_size=1, max_size=12).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_names, min_size=2, max_size=6, unique=True))
def test_any_names_keep_both_exports_readable(names):
    try:
        m = loads_model(evil_model(names))
    except InputError:                  # a name YAML or the model rejects is not our case
        return
    nodes, edges, _ = read_mermaid(render(m, format="mermaid"))
    assert (len(nodes), len(edges)) == (len(names) + 1, len(names) - 1)
    elements, relations = read_dsl(render(m, format="structurizr"))
    assert sum(t == "container" for t in elements.values()) == len(names)
    assert len(relations) == len(names) - 1
