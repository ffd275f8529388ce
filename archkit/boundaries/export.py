"""Text exports of a diagram view: a Mermaid flowchart and a Structurizr DSL workspace.

Both writers translate a :class:`~archkit.boundaries.views.View` (what ``render`` would
draw), so clusters, dashed asynchronous edges, labels and findings match the SVG.
Identifiers are the view's ids (``[a-z0-9_]``); every name is escaped for the target
language, so a name cannot add nodes, edges or break the file:

- Mermaid: labels are always double-quoted and every character that means something to
  Mermaid's parser or its HTML labels (``" # & < > | ` \\ ;``, control characters) is
  written as a ``#code;`` entity; newlines become ``<br/>``.
- Structurizr DSL: strings are double-quoted with ``\\"`` for a quote; a backslash
  becomes ``/`` and a newline a space (a DSL string cannot span lines), and ``${`` is
  broken up so it cannot be read as a constant substitution.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archkit.boundaries.views import (
    EXTERNAL,
    PERSON,
    STORE,
    SYSTEM,
    SYSTEM_ID,
    View,
    ViewEdge,
    ViewNode,
)
from archkit.safetext import label_text, mermaid_text

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.model import SystemModel

__all__ = ["dsl_string", "mermaid_text", "to_mermaid", "to_structurizr"]

RED = "#d62728"


# -- Mermaid ------------------------------------------------------------------------------

def _yaml_title(text: str) -> str:
    """A double-quoted YAML string for the front matter's ``title:``.

    Mermaid draws the title as plain text: no ``#code;`` entities (they would show),
    only YAML's own escapes; line breaks become spaces. A ``<`` is written ``‹``: with one
    in it, Mermaid runs the title through an HTML sanitiser, which drops ``<tags>`` and
    makes a ``&`` show as ``&amp;``.
    """
    text = re.sub(r"[\n\x85\u2028\u2029]", " ", label_text(text)).replace("<", "\u2039")
    text = re.sub(r"[\x80-\x9f]", "\ufffd", text)     # not printable for YAML
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mermaid_node(n, indent: str) -> str:
    label = mermaid_text(n.name)
    if n.technology:
        label += "<br/>[" + mermaid_text(n.technology) + "]"
    shape = {STORE: ('[("', '")]'), PERSON: ('(["', '"])'), EXTERNAL: ('[["', '"]]'),
             SYSTEM: ('["', '"]')}.get(n.role, ('["', '"]'))
    if n.role == STORE and n.channel:     # a message channel: a flag, not a cylinder
        shape = ('>"', '"]')
    return f"{indent}{n.id}{shape[0]}{label}{shape[1]}"


def to_mermaid(v: View) -> str:
    """A Mermaid ``flowchart LR``: subgraphs for clusters, ``-.->`` for async edges."""
    lines = ["---", f"title: {_yaml_title(v.title)}", "---", "flowchart LR"]
    children: dict[str | None, list] = {}
    for c in v.clusters:
        children.setdefault(c.parent, []).append(c)
    members: dict[str | None, list] = {}
    for n in v.nodes:
        members.setdefault(n.cluster, []).append(n)

    def fill(cluster_id: str | None, depth: int) -> None:
        indent = "    " * depth
        for n in members.get(cluster_id, ()):
            lines.append(_mermaid_node(n, indent))
        for c in children.get(cluster_id, ()):
            lines.append(f'{indent}subgraph {c.id}["{mermaid_text(c.label)}"]')
            fill(c.id, depth + 1)
            lines.append(f"{indent}end")

    fill(None, 1)
    red_links = []
    for i, e in enumerate(v.edges):
        arrow = "-->" if e.sync else "-.->"
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        lines.append(f"    {e.source} {arrow}{label} {e.target}")
        if v.severity(e.id) is not None:
            red_links.append(str(i))
    lines.append("    classDef akPerson fill:#08427b,color:#fff,stroke:#052e56")
    lines.append("    classDef akExternal fill:#999999,color:#fff,stroke:#6b6b6b")
    lines.append("    classDef akSystem fill:#1168bd,color:#fff,stroke:#0b4884")
    lines.append(f"    classDef akFinding stroke:{RED},stroke-width:4px")
    for role in (PERSON, EXTERNAL, SYSTEM):
        ids = [n.id for n in v.nodes if n.role == role]
        if ids:
            lines.append(f"    class {','.join(ids)} ak{role.capitalize()}")
    flagged = [n.id for n in v.nodes if v.severity(n.id) is not None]
    if flagged:
        lines.append(f"    class {','.join(flagged)} akFinding")
    if red_links:
        lines.append(f"    linkStyle {','.join(red_links)} stroke:{RED},stroke-width:3px")
    return "\n".join(lines) + "\n"


# -- Structurizr DSL ------------------------------------------------------------------------
def dsl_string(text: str | None) -> str:
    """A double-quoted Structurizr DSL string."""
    text = "" if text is None else str(text)
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text).replace("\\", "/")
    text = text.replace("${", "$ {").replace('"', '\\"')
    return f'"{text}"'


def _tags(*tags: str | None) -> str:
    return dsl_string(",".join(t for t in tags if t))


def _finding_tag(v: View, item_id: str) -> str | None:
    sev = v.severity(item_id)
    return None if sev is None else f"archkit-{sev.value}"


def to_structurizr(model: SystemModel, v: View) -> str:
    """A Structurizr DSL workspace with a system-context and a container view.

    ``v`` must be a container view: its elements and relationships (with the same
    focus, async edges and grouping as the SVG) become the model, and Structurizr
    derives the context view from them.
    """
    if v.kind != "container":
        raise ValueError("the Structurizr DSL is written from the container view; "
                         "Structurizr derives the context view from it")
    out = [f"workspace {dsl_string(model.system)} {dsl_string(model.description or '')} {{",
           "    model {"]
    # people and software systems share one namespace in Structurizr, and the system is
    # one of them: an external element named like it (or like another one once escaped)
    # gets a suffix instead of making the workspace invalid
    top = _Names((model.system,))
    for n in v.nodes:
        if n.cluster is not None:
            continue
        tag = _finding_tag(v, n.id)
        if n.role == PERSON:
            out.append(f"        {n.id} = person {top.unique(n.name, 'person')} "
                       f"{dsl_string(n.description)} {_tags(tag)}")
        else:
            out.append(f"        {n.id} = softwareSystem {top.unique(n.name, 'external')} "
                       f"{dsl_string(n.description)} {_tags('External', tag)}")
    out.append(f"        {SYSTEM_ID} = softwareSystem {dsl_string(model.system)} "
               f"{dsl_string(model.description)} {{")
    groups = [c for c in v.clusters if c.parent == "boundary"]
    inside = _Names()                   # container names are unique within the system
    for n in v.nodes:
        if n.cluster == "boundary":
            out.append("            " + _container(v, n, inside))
    for c in groups:
        out.append(f"            group {dsl_string(c.label)} {{")
        for n in v.nodes:
            if n.cluster == c.id:
                out.append("                " + _container(v, n, inside))
        out.append("            }")
    out.append("        }")
    for e in v.edges:
        tag = _finding_tag(v, e.id)
        out.append(f"        {e.source} -> {e.target} {dsl_string(_says(e))} "
                   f"{dsl_string(e.technology)} {_tags('sync' if e.sync else 'async', tag)}")
    out += [
        "    }",
        "    views {",
        f"        systemContext {SYSTEM_ID} \"context\" {{",
        "            include *",
        "            autoLayout lr",
        "        }",
        f"        container {SYSTEM_ID} \"containers\" {{",
        "            include *",
        "            autoLayout lr",
        "        }",
        "        styles {",
        "            element \"Person\" {",
        "                shape person",
        "            }",
        "            element \"External\" {",
        "                background #999999",
        "                color #ffffff",
        "            }",
        "            element \"Database\" {",
        "                shape cylinder",
        "            }",
        "            element \"Queue\" {",
        "                shape pipe",
        "            }",
        "            relationship \"async\" {",
        "                dashed true",
        "            }",
        "            relationship \"sync\" {",
        "                dashed false",
        "            }",
        "            element \"archkit-error\" {",
        f"                stroke {RED}",
        "                strokeWidth 8",
        "            }",
        "            element \"archkit-warning\" {",
        f"                stroke {RED}",
        "                strokeWidth 5",
        "            }",
        "            relationship \"archkit-error\" {",
        f"                color {RED}",
        "                thickness 6",
        "            }",
        "            relationship \"archkit-warning\" {",
        f"                color {RED}",
        "                thickness 4",
        "            }",
        "        }",
        "    }",
        "}",
    ]
    return "\n".join(out) + "\n"


_ACCESS_WORDS = {"read": "reads from", "write": "writes to", "readwrite": "reads from and writes to"}


def _says(e: ViewEdge) -> str:
    """A relationship's description: the edge's own, else what it does to a store, else
    "uses" (its protocol is the technology; calls per request are not in the DSL)."""
    if e.description and e.description.strip():
        return e.description
    return _ACCESS_WORDS.get(e.access or "", "uses")


class _Names:
    """Names as Structurizr will read them, made unique by a suffix where they clash."""

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self.used = {dsl_string(name) for name in taken}

    def unique(self, name: str, what: str) -> str:
        """The DSL string for ``name``: as it is, else ``name (what)``, ``name (what 2)``…"""
        candidate, n = dsl_string(name), 1
        while candidate in self.used:
            candidate = dsl_string(f"{name} ({what}{f' {n}' if n > 1 else ''})")
            n += 1
        self.used.add(candidate)
        return candidate


def _container(v: View, n: ViewNode, names: _Names) -> str:
    tech = n.technology
    tag = _finding_tag(v, n.id)
    kind = None
    if n.role == STORE:
        kind = "Queue" if n.channel else "Database"
    return (f"{n.id} = container {names.unique(n.name, n.role)} {dsl_string(n.description)} "
            f"{dsl_string(tech)} {_tags(kind, tag)}")
