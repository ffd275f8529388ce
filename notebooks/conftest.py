"""nbval settings for the teaching notebooks.

Graphviz SVG embeds its version and coordinates, and widget views carry random model
ids: keep both out of output comparison (nbval already skips PNG). Every other output
of a deterministic cell is compared strictly.
"""

import os

from nbval.plugin import IPyNbFile

# the committed outputs are the bundled example's: a workspace of yours named in the shell
# (make lab WS=...) is not what the notebooks are compared on
os.environ.pop("ARCHKIT_WORKSPACE", None)

SKIP = ("image/svg+xml", "application/vnd.jupyter.widget-view+json")


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        parent = getattr(item, "parent", None)
        if isinstance(parent, IPyNbFile) and not getattr(parent, "_archkit_skip", False):
            parent.skip_compare = tuple(parent.skip_compare) + SKIP
            parent._archkit_skip = True
