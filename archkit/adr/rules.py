"""The ADR lint rules AK-ADR001..011: metadata and examples only (cheap to import).

Examples are ADR folders given as ``{file name: text}``. AK-ADR010 needs history:
a key ``NAME@N`` is the N-th committed version of ``NAME`` (committed in order of N),
and ``NAME`` itself is the working-tree text. The checking code lives in
:mod:`archkit.adr.lint` and is imported by the example runner only.
"""

from __future__ import annotations

from collections.abc import Mapping

from archkit.findings import Report
from archkit.rules import Example, Rule, register, register_example_runner


def _nygard(n: int, title: str, status: str, *, extra_status: str = "",
            decision: str = "We will do it.") -> str:
    status_block = status + (f"\n\n{extra_status}" if extra_status else "")
    return (f"# {n}. {title}\n\nDate: 2024-05-0{n}\n\n## Status\n\n{status_block}\n\n"
            f"## Context\n\nWe need to decide.\n\n## Decision\n\n{decision}\n\n"
            f"## Consequences\n\nIt is decided.\n")


def _madr(title: str, status: str = "accepted", date: str = "2024-05-01",
          more: str = "") -> str:
    return (f"---\nstatus: {status}\ndate: {date}\n---\n\n# {title}\n\n"
            "## Context and Problem Statement\n\nWhich database should we use?\n\n"
            "## Considered Options\n\n* PostgreSQL\n* MySQL\n\n"
            "## Decision Outcome\n\nChosen option: \"PostgreSQL\", because it fits.\n"
            + (f"\n## More Information\n\n{more}\n" if more else ""))


DUPLICATE_NUMBER = register(
    "AK-ADR001", "duplicate-number", "error", area="adr",
    summary="two records share a number",
    why="""A record's number is its identity: links, the table of contents and people's
memories ("see ADR 7") all use it. Two files with the same number happen when two
branches each add "the next" record; one of them must be renumbered before merging.""",
    fires={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted"),
           "0001-use-kafka.md": _nygard(1, "Use Kafka", "Accepted")},
    passes={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted"),
            "0002-use-kafka.md": _nygard(2, "Use Kafka", "Accepted")},
)

BROKEN_LINK = register(
    "AK-ADR002", "broken-link", "error", area="adr",
    summary="a link to another record points to no file",
    why="""Links between records carry the history of a decision (what it replaced, what
amended it). A link to a renamed or deleted file silently loses that history and is a
dead link on GitHub.""",
    fires={"0001-use-postgresql.md": _nygard(
        1, "Use PostgreSQL", "Accepted",
        extra_status="Amends [7. Use MySQL](0007-use-mysql.md)")},
    passes={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted")},
)

ONE_SIDED_LINK = register(
    "AK-ADR003", "one-sided-link", "warning", area="adr",
    summary="a record says it supersedes or amends another that does not say it back",
    why="""Someone reading the old record must learn that it was replaced or amended; if
only the new record knows, readers of the old one act on an outdated decision.
`archkit adr new --supersedes N` writes both sides.""",
    fires={"0001-use-mysql.md": _nygard(1, "Use MySQL", "Accepted"),
           "0002-use-postgresql.md": _nygard(
               2, "Use PostgreSQL", "Accepted",
               extra_status="Amends [1. Use MySQL](0001-use-mysql.md)")},
    passes={"0001-use-mysql.md": _nygard(
                1, "Use MySQL", "Accepted",
                extra_status="Amended by [2. Use PostgreSQL](0002-use-postgresql.md)"),
            "0002-use-postgresql.md": _nygard(
                2, "Use PostgreSQL", "Accepted",
                extra_status="Amends [1. Use MySQL](0001-use-mysql.md)")},
)

SUPERSEDED_WITHOUT_SUCCESSOR = register(
    "AK-ADR004", "superseded-without-successor", "warning", area="adr",
    summary="a record is superseded but does not link to the record that replaces it, or "
            "only to rejected ones",
    why=""""Superseded" tells a reader not to follow a decision but not what to follow
instead. The successor link is the one piece of information they need. A successor that
was rejected replaces nothing: the question is left with no decision in force (archkit
puts a record back in force when the proposal that superseded it is rejected).""",
    fires={"0001-use-mysql.md": _nygard(1, "Use MySQL", "Superseded")},
    passes={"0001-use-mysql.md": _nygard(
                1, "Use MySQL", "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)"),
            "0002-use-postgresql.md": _nygard(
                2, "Use PostgreSQL", "Accepted",
                extra_status="Supersedes [1. Use MySQL](0001-use-mysql.md)")},
)

UNKNOWN_STATUS = register(
    "AK-ADR005", "unknown-status", "warning", area="adr",
    summary="a status is not one of draft, proposed, accepted, rejected, deprecated, superseded",
    why="""Tools (lists, graphs, the lifecycle check) and readers rely on a small set of
statuses. A free-text status ("Pending", "on hold") cannot be filtered or coloured and
usually means a decision is stuck. Extra statuses can be allowed in archkit.toml
`[adr] statuses`.""",
    options={"statuses": ["draft", "proposed", "accepted", "rejected", "deprecated",
                         "superseded"]},
    fires={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Pending")},
    passes={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Proposed")},
)

MISSING_SECTION = register(
    "AK-ADR006", "missing-section", "warning", area="adr",
    summary="a section the record's format requires is absent, empty or still template text",
    why="""A record without its context or its decision cannot explain itself later, and
text left from the template reads as if the decision were made when it was not: MADR's
`{placeholder}`s, the `[placeholder]` lines of the log's own template (log4brains'
`template.md`, adr-tools' `templates/template.md`) and adr-tools' default sentences
("The issue motivating this decision, …"), which their `adr new` leaves in a record. Nygard records need Status, Context, Decision and Consequences; MADR records
need Context and Problem Statement, Considered Options and Decision Outcome.""",
    fires={"0001-use-postgresql.md": _madr("Use PostgreSQL").replace(
        "Which database should we use?", "{Describe the context and problem statement}")},
    passes={"0001-use-postgresql.md": _madr("Use PostgreSQL")},
)

INVALID_FRONT_MATTER = register(
    "AK-ADR007", "invalid-front-matter", "error", area="adr",
    summary="the record cannot be read as written (not UTF-8 text; front matter not valid "
            "YAML, not a mapping, never closed or with a key twice), or a date is not "
            "ISO 8601 (YYYY-MM-DD)",
    why="""Front matter is read by tools (static sites, archkit, log4brains); invalid YAML
makes them drop the whole header, a key given twice keeps only one of its values (which
one depends on the tool), and a date like "3rd May" cannot be sorted. A file that is not
UTF-8 text shows as mojibake. archkit refuses to edit or convert such a record (that
would lose or corrupt what it says) until it is fixed.""",
    fires={"0001-use-postgresql.md": _madr("Use PostgreSQL", date="3rd of May 2024")},
    passes={"0001-use-postgresql.md": _madr("Use PostgreSQL")},
)

TITLE_MISMATCH = register(
    "AK-ADR008", "title-mismatch", "info", area="adr",
    summary="the file name and the record's heading disagree: the slug and the title, or "
            "the file's number and the heading's (\"# 7. Use Kafka\" in 0004-use-kafka.md)",
    why="""People find records by file name and read them by title. When a title is
reworded the file name keeps the old wording, and searches and links by name mislead.
A heading number (adr-tools writes "# 4. Title" in 0004-title.md) that is not the file's
number is usually a copy-paste from another record: readers who say "ADR 7" mean the
wrong record. archkit goes by the file's number.""",
    fires={"0001-use-postgresql.md": _madr("Use MySQL"),
           "0002-use-kafka.md": _nygard(2, "Use Kafka", "Accepted").replace("# 2.", "# 7.")},
    passes={"0001-use-postgresql.md": _madr("Use PostgreSQL"),
            "0002-use-kafka.md": _nygard(2, "Use Kafka", "Accepted")},
)

NUMBERING_GAP = register(
    "AK-ADR009", "numbering-gap", "info", area="adr",
    summary="a number is missing from the sequence of records",
    why="""Records are never deleted, only superseded or rejected, so a gap usually means
a record was lost in a merge or deleted by mistake.""",
    fires={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted"),
           "0003-use-kafka.md": _nygard(3, "Use Kafka", "Accepted")},
    passes={"0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted"),
            "0002-use-kafka.md": _nygard(2, "Use Kafka", "Accepted")},
)

ACCEPTED_RECORD_EDITED = register(
    "AK-ADR010", "accepted-record-edited", "info", area="adr",
    summary="an accepted record's decision text changed in git since it was accepted",
    why="""An accepted record documents what was decided at the time; changing its decision
afterwards rewrites history. Write a new record that supersedes or amends it instead.
Needs git: the rule is off outside a repository. (In the examples below, `NAME@1` is the
version of the file committed first and `NAME` the working copy.)""",
    fires={"0001-use-postgresql.md@1": _nygard(1, "Use PostgreSQL", "Accepted"),
           "0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted",
                                             decision="We will use MySQL after all.")},
    passes={"0001-use-postgresql.md@1": _nygard(1, "Use PostgreSQL", "Proposed"),
            "0001-use-postgresql.md": _nygard(1, "Use PostgreSQL", "Accepted",
                                              decision="We will use PostgreSQL 16.")},
)

SEVERAL_SUCCESSORS = register(
    "AK-ADR011", "several-successors", "warning", area="adr",
    summary="a record says it is superseded by two or more records",
    why="""Superseded is final: one record replaces a decision, and a reader of the old
record must learn which one to follow. Two "Superseded by" links leave that open (two
people superseded the same record on two branches, or a successor was itself replaced
and linked here instead of to it). Keep the one that replaces it; make the other
supersede or amend that successor. `archkit adr new --supersedes N` refuses a record that
is superseded already.""",
    fires={"0001-use-mysql.md": _nygard(
               1, "Use MySQL", "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)",
               extra_status="Superseded by [3. Use SQLite](0003-use-sqlite.md)"),
           "0002-use-postgresql.md": _nygard(
               2, "Use PostgreSQL", "Accepted",
               extra_status="Supersedes [1. Use MySQL](0001-use-mysql.md)"),
           "0003-use-sqlite.md": _nygard(
               3, "Use SQLite", "Accepted",
               extra_status="Supersedes [1. Use MySQL](0001-use-mysql.md)")},
    passes={"0001-use-mysql.md": _nygard(
                1, "Use MySQL", "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)"),
            "0002-use-postgresql.md": _nygard(
                2, "Use PostgreSQL", "Superseded by [3. Use SQLite](0003-use-sqlite.md)",
                extra_status="Supersedes [1. Use MySQL](0001-use-mysql.md)"),
            "0003-use-sqlite.md": _nygard(
                3, "Use SQLite", "Accepted",
                extra_status="Supersedes [2. Use PostgreSQL](0002-use-postgresql.md)")},
)

ADR_RULES = (DUPLICATE_NUMBER, BROKEN_LINK, ONE_SIDED_LINK, SUPERSEDED_WITHOUT_SUCCESSOR,
             UNKNOWN_STATUS, MISSING_SECTION, INVALID_FRONT_MATTER, TITLE_MISMATCH,
             NUMBERING_GAP, ACCEPTED_RECORD_EDITED, SEVERAL_SUCCESSORS)


def run_example(example: Example, rule: Rule) -> Report:
    """Write the example folder to a temp dir (a git repo when it has history) and lint it."""
    from archkit.adr.lint import lint_files

    files = example if isinstance(example, Mapping) else {"0001-example.md": str(example)}
    return lint_files(files)


register_example_runner("adr", run_example)
