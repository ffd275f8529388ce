"""Diagram and export fixes from scout AD: odd labels that Graphviz's HTML lexer rejects,
labels that overflow their icon box, Mermaid titles and control characters, unique
Structurizr names, relationship descriptions and one "is a message channel" test.

Graphviz's own ``dot`` is the judge for the DOT (as in test_boundaries_render.py); the
Mermaid and DSL text are read back structurally."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from archkit.boundaries.export import mermaid_text
from archkit.boundaries.icons import icon_for
from archkit.boundaries.model import is_message_channel, loads_model
from archkit.boundaries.render import (
    _LINE_PT,
    _NAME_PT,
    _TECH_PT,
    CUT_HYPHEN,
    _wrap,
    render,
    text_width,
)
from archkit.boundaries.views import build_view
from archkit.boundaries.words import segment
from archkit.errors import InputError
from archkit.safetext import label_text
from tests.test_boundaries_render_export import dsl_tokens, read_dsl, read_mermaid

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")

XLINK = "{http://www.w3.org/1999/xlink}"


def dot_says(source: str) -> subprocess.CompletedProcess:
    """Run ``dot -Tsvg`` on DOT text; the caller looks at returncode and stderr."""
    return subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"),
                          capture_output=True, check=False)


def odd_model(text: str) -> str:
    """A model whose protocol, technology, context and one name are all ``text``."""
    t = json.dumps(text)
    return (f"system: S\nservices:\n"
            f"  a: {{tech: {t}, context: {t}}}\n"
            f"  {t}: {{tech: go}}\n"
            f"external:\n  x: {{kind: saas}}\n"
            f"edges:\n"
            f"  - {{from: a, to: {t}, protocol: {t}}}\n"
            f"  - {{from: a, to: x, protocol: {t}, sync: false}}\n")


# -- 1. any label text renders -------------------------------------------------------------
_odd = st.text(alphabet=st.one_of(st.sampled_from("]]][[<>&\"'\\ \t\n;-{}NGL#|`$%\x07é€😀"),
                                  st.characters(blacklist_categories=("Cs",))),
               min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_odd)
@example("]")
@example("]]")
@example("]]]")
@example("\t")
@example("]\t]")
def test_odd_labels_are_accepted_by_dot(text):
    """A protocol, name, technology or context made of any characters renders: Graphviz
    2.43 rejects an HTML label whose text is only ``]`` (``<]>``, ``<b>]</b>``) or a tab."""
    try:
        m = loads_model(odd_model(text))
    except InputError:                  # a name YAML or the model rejects is not our case
        return
    for view in ("container", "context"):
        proc = dot_says(render(m, view=view, format="dot"))
        assert proc.returncode == 0, proc.stderr.decode()


def test_an_edge_labelled_only_bracket_renders_as_that_text():
    m = loads_model(odd_model("]"))
    root = ET.fromstring(render(m).encode("utf-8"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.count("]") >= 2                     # the protocol on both edges


# -- 5. labels fit their box -----------------------------------------------------------------
REALISTIC = """\
system: Lager
services:
  Zahlungsabwicklung: {tech: java, replicas: 2}
  INVENTORY_SYNC: {tech: go, replicas: 2}
  WAREHOUSE-MGMT: {tech: "python 3.12 fastapi uvicorn", replicas: 2}
  recommendations: {tech: python, replicas: 2}
  Kundenverwaltung: {tech: kotlin, replicas: 2}
  order-management-service: {tech: java, replicas: 2}
  OrderManagementService: {tech: java}
  "注文管理サービス注文管理": {tech: go}
  "Bestellungen Übersicht": {tech: "spring-boot, kotlin, gradle"}
stores:
  Bestandsdatenbank: {kind: postgres, owner: INVENTORY_SYNC, replicas: 2}
  WWWWWWWWWWWWWWWWWWWW: {kind: redis}
edges:
  - {from: Zahlungsabwicklung, to: INVENTORY_SYNC, protocol: grpc}
  - {from: INVENTORY_SYNC, to: Bestandsdatenbank, protocol: sql, access: readwrite}
  - {from: WAREHOUSE-MGMT, to: INVENTORY_SYNC, protocol: grpc}
  - {from: recommendations, to: Kundenverwaltung, protocol: grpc}
  - {from: order-management-service, to: Kundenverwaltung, protocol: grpc}
  - {from: OrderManagementService, to: WWWWWWWWWWWWWWWWWWWW, protocol: resp}
"""


def test_realistic_names_fit_their_icon_box():
    """dot warns "size too small for label" when a label is wider than its fixed-size
    node (1.4 in): it did for every node of this ordinary model."""
    m = loads_model(REALISTIC)
    for findings in (None, m.check()):
        proc = dot_says(render(m, format="dot", findings=findings))
        assert proc.returncode == 0
        assert "too small" not in proc.stderr.decode(), proc.stderr.decode()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_wrapped_lines_fit_and_keep_every_character(name):
    assume(CUT_HYPHEN not in name)
    lines = _wrap(name)
    assert all(text_width(line, _NAME_PT) <= _LINE_PT for line in lines)
    squeeze = re.compile(r"\s+")
    assert squeeze.sub("", "".join(lines).replace(CUT_HYPHEN, "")) == \
        squeeze.sub("", label_text(name))
    # a hyphen is added only at a cut inside a word: at the end of a line, never the last
    assert all(CUT_HYPHEN not in line[:-1] for line in lines) and \
        CUT_HYPHEN not in lines[-1]


def test_long_words_break_evenly_and_at_camel_case():
    assert _wrap("recommendations") == ["recomme\u2010", "ndations"]   # hyphenated halves
    assert _wrap("OrderManagementService")[0] == "Order"
    assert _wrap("checkout") == ["checkout"]
    assert _wrap("order-management-service")[0] == "order-"
    tech = _wrap("[python 3.12 fastapi uvicorn]", _TECH_PT)
    assert len(tech) == 2 and all(text_width(t, _TECH_PT) <= _LINE_PT for t in tech)
    # capitals are wider than small letters: fewer of them fit on a line
    assert len(_wrap("W" * 20)) > len(_wrap("i" * 20))


def test_names_made_of_known_words_break_between_them():
    """Online Boutique's and DeathStarBench's names have no separator: they were cut at
    whatever letter filled the line, "checkou / tservice", "emails / ervice" (scout AT)."""
    assert _wrap("checkoutservice") == ["checkout", "service"]
    assert _wrap("emailservice") == ["email", "service"]
    assert _wrap("productcatalogservice") == ["product", "catalog", "service"]
    assert _wrap("usertimelineservice") == ["user", "timeline", "service"]
    assert _wrap("socialgraphservice") == ["socialgraph", "service"]   # a stem before a suffix
    assert _wrap("CheckoutService") == ["Checkout", "Service"]
    assert _wrap("cartservice") == ["cartservice"]                      # fits: not broken
    # only whole words of the vocabulary, or a generic suffix: no false word inside a name
    assert segment("Zahlungsabwicklung") is None and segment("recommendations") is None
    assert segment("paymentsgateway") == ("payments", "gateway")
    assert segment("kundenservice") == ("kunden", "service")


# -- 2. Mermaid: the title is YAML; control characters become U+FFFD ------------------------
@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s))
@example("Bits & Pieces")
@example('Shop "Ω" & <Co> ${env} \\ back')
def test_mermaid_title_is_the_title_as_yaml(system):
    try:
        m = loads_model(f"system: {json.dumps(system)}\nservices:\n  a: {{}}\n")
    except InputError:
        return
    text = render(m, format="mermaid")
    front = text.split("---\n")[1]
    title = yaml.safe_load(front)["title"]
    want = build_view(m).title
    # what changes on purpose: line breaks and control characters (they cannot be in a
    # one-line title), "<" (Mermaid would sanitise the title as HTML)
    want = want.replace("\r\n", "\n").replace("\t", " ")
    want = re.sub(r"[\r\n\x85\u2028\u2029]", " ", want)
    want = re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", want).replace("<", "\u2039")
    assert title == want


def test_mermaid_title_of_an_ampersand_is_plain():
    m = loads_model("system: Bits & Pieces\nservices:\n  a: {}\n")
    assert 'title: "Bits & Pieces — containers"' in render(m, format="mermaid")


def test_control_characters_become_replacement_characters_in_mermaid():
    assert mermaid_text("ctl\x07bell") == "ctl\ufffdbell"
    assert mermaid_text("a\x00b\x1bc\x7f") == "a\ufffdb\ufffdc\ufffd"
    m = loads_model('system: "Sys\\x01"\nservices:\n  "ctl\\abell": {tech: "t\\x02"}\n')
    text = render(m, format="mermaid")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    assert not re.search(r"#([0-8]|1[1-9]|2\d|3[01]|127);", text)    # no entity for them
    assert "ctl\ufffdbell" in text
    read_mermaid(text)


# -- 3. Structurizr: distinct top-level names, descriptions and technologies ---------------
def top_level_names(dsl: str) -> list[str]:
    names = []
    for line in dsl.splitlines():
        tokens = dsl_tokens(line)
        if len(tokens) >= 4 and tokens[1] == "=" and tokens[2] in ("person", "softwareSystem"):
            names.append(tokens[3])
    return names


def container_names(dsl: str) -> list[str]:
    return [t[3] for t in map(dsl_tokens, dsl.splitlines())
            if len(t) >= 4 and t[1] == "=" and t[2] == "container"]


@pytest.mark.parametrize("external", [
    "Payments: {kind: saas}",
    "Payments: {kind: person}",
    '"Payments (external)": {kind: saas}\n  Payments: {kind: saas}',
    '"a\\\\b": {kind: saas}\n  "a/b": {kind: saas}\n  "a$ {x}": {kind: user}\n  "a${x}": {}',
])
def test_structurizr_top_level_names_are_unique(external):
    m = loads_model(f"system: Payments\nservices:\n  billing: {{}}\nexternal:\n  {external}\n")
    dsl = render(m, format="structurizr")
    read_dsl(dsl)
    names = top_level_names(dsl)
    assert len(names) == len(m.external) + 1
    assert len(set(names)) == len(names), names
    assert '"Payments"' in names                     # the system keeps its own name


def test_structurizr_container_names_are_unique_once_escaped():
    m = loads_model('system: S\nservices:\n  "a\\\\b": {}\nstores:\n  "a/b": {kind: postgres}\n')
    names = container_names(render(m, format="structurizr"))
    assert len(names) == 2 and len(set(names)) == 2


DESCRIBED = """\
system: Shop
services:
  search: {tech: go}
  orders: {tech: java}
stores:
  orders-db: {kind: postgres, owner: orders}
external:
  mobile: {kind: mobile}
edges:
  - {from: mobile, to: search, protocol: https, description: search-as-you-type}
  - {from: search, to: orders, protocol: grpc, calls: 3}
  - {from: orders, to: orders-db, access: write}
"""


def test_structurizr_relationships_carry_description_and_protocol():
    dsl = render(loads_model(DESCRIBED), format="structurizr")
    assert 'person_mobile -> svc_search "search-as-you-type" "https" "sync"' in dsl
    assert 'svc_search -> svc_orders "uses" "grpc" "sync"' in dsl     # no "×3" technology
    assert 'svc_orders -> store_orders_db "writes to" "" "sync"' in dsl


def test_svg_edge_tooltips_carry_the_description():
    m = loads_model(DESCRIBED)
    root = ET.fromstring(render(m).encode("utf-8"))
    tips = [a.get(f"{XLINK}title") or "" for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert any(t.startswith("mobile -> search (https)") and "search-as-you-type" in t
               for t in tips)
    rep = m.check()
    flagged = ET.fromstring(render(m, findings=rep).encode("utf-8"))
    tips = [a.get(f"{XLINK}title") or "" for a in flagged.iter("{http://www.w3.org/2000/svg}a")]
    assert any("search-as-you-type" in t for t in tips)


# -- 4. one "is a message channel" test ----------------------------------------------------
CHANNELS = ["kafka", "rabbitmq", "sqs", "sns", "nats", "pulsar", "pubsub", "kinesis",
            "eventbus", "eventbridge", "redis-streams", "Redis_Streams", "topic"]
DATABASES = ["postgres", "eventstoredb", "timestream", "mysql", "redis", "s3", "streamdb"]


@pytest.mark.parametrize("kind", CHANNELS)
def test_message_channels(kind):
    assert is_message_channel(kind)
    assert icon_for("store", kind=kind).ref not in ("diagrams.generic.database:SQL",)


@pytest.mark.parametrize("kind", DATABASES)
def test_not_message_channels(kind):
    assert not is_message_channel(kind)
    assert "queue" not in icon_for("store", kind=kind).ref


def test_tech_decides_only_without_a_kind():
    assert is_message_channel(None, "kafka 3.7")
    assert not is_message_channel("postgres", "kafka")
    assert not is_message_channel(None, None)


def kinds_model() -> str:
    stores = "".join(f"  s_{i}: {{kind: {k}}}\n" for i, k in enumerate(CHANNELS + DATABASES))
    edges = "".join(f"  - {{from: {w}, to: s_{i}, access: write}}\n"
                    for i in range(len(CHANNELS + DATABASES)) for w in ("a", "b"))
    return f"system: K\nservices:\n  a: {{}}\n  b: {{}}\nstores:\n{stores}edges:\n{edges}"


def test_checks_icons_and_exports_agree_on_channels():
    m = loads_model(kinds_model())
    n = len(CHANNELS)
    shared = {f.object for f in m.check() if f.rule == "AK-SVC002"}
    assert shared == {f"s_{i}" for i in range(n, n + len(DATABASES))}
    dsl = render(m, format="structurizr")
    for i in range(n + len(DATABASES)):
        tag = "Queue" if i < n else "Database"
        assert re.search(rf'store_s_{i} = container "s_{i}" "" "[^"]*" "{tag}', dsl), (i, tag)
    mmd = render(m, format="mermaid")
    read_mermaid(mmd)
    for i in range(n + len(DATABASES)):
        shape = '>"' if i < n else '[("'
        assert f"store_s_{i}{shape}" in mmd
