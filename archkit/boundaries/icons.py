"""Provider icons for the service diagram, chosen by an element's ``kind`` or ``tech``.

A table, not branches: each alias (``postgres``, ``postgresql``, ``pg``…) names one
``diagrams`` node class by ``"module:Class"``; :func:`icon_for` looks an element up by
its most specific word first (``tech`` before ``kind``) and falls back to a generic
icon for its role. People and external systems have no icon: the renderer draws them
as C4 boxes (``diagrams.c4``), as the C4 model does.

:func:`icon_symbol_id` and :func:`data_uri` turn an icon file into what the SVG writer
inlines, so a saved SVG never points at this machine's site-packages.
"""

from __future__ import annotations

import base64
import functools
import importlib
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from archkit.boundaries.model import is_message_channel

__all__ = [
    "FALLBACK",
    "ICONS",
    "PERSON_KINDS",
    "Icon",
    "data_uri",
    "icon_for",
    "icon_symbol_id",
    "is_person",
    "png_size",
]


@dataclass(frozen=True)
class Icon:
    """A ``diagrams`` node class, named by ``module:Class`` so importing is lazy."""

    ref: str

    @functools.cached_property
    def node_class(self) -> type:
        module, _, name = self.ref.partition(":")
        return getattr(importlib.import_module(module), name)

    @property
    def path(self) -> str:
        """Absolute path of the PNG file (what Graphviz reads while laying out)."""
        cls = self.node_class
        base = Path(os.path.dirname(importlib.import_module("diagrams").__file__)).parent
        return str(base / cls._icon_dir / cls._icon)


def _icons(table: dict[str, tuple[str, ...]]) -> dict[str, Icon]:
    out: dict[str, Icon] = {}
    for ref, aliases in table.items():
        for alias in aliases:
            out[alias] = Icon(ref)
    return out


# alias (lower case, as written in services.yaml `kind:` or `tech:`) -> icon
ICONS: dict[str, Icon] = _icons({
    # relational and document stores
    "diagrams.onprem.database:PostgreSQL": ("postgres", "postgresql", "pg", "aurora-postgres"),
    "diagrams.onprem.database:MySQL": ("mysql", "aurora-mysql"),
    "diagrams.onprem.database:MariaDB": ("mariadb",),
    "diagrams.onprem.database:MSSQL": ("mssql", "sqlserver", "sql-server"),
    "diagrams.onprem.database:Oracle": ("oracle",),
    "diagrams.onprem.database:MongoDB": ("mongodb", "mongo"),
    "diagrams.onprem.database:Cassandra": ("cassandra",),
    "diagrams.onprem.database:Scylla": ("scylla", "scylladb"),
    "diagrams.onprem.database:CockroachDB": ("cockroachdb", "cockroach"),
    "diagrams.onprem.database:ClickHouse": ("clickhouse",),
    "diagrams.onprem.database:Neo4J": ("neo4j",),
    "diagrams.onprem.database:InfluxDB": ("influxdb",),
    "diagrams.onprem.database:Couchdb": ("couchdb",),
    "diagrams.onprem.database:Duckdb": ("duckdb",),
    "diagrams.aws.database:Dynamodb": ("dynamodb",),
    "diagrams.aws.database:Timestream": ("timestream",),
    "diagrams.generic.database:SQL": ("sqlite", "sql", "database", "db", "rdbms"),
    # caches
    "diagrams.onprem.inmemory:Redis": ("redis", "valkey", "elasticache"),
    "diagrams.onprem.inmemory:Memcached": ("memcached",),
    "diagrams.onprem.inmemory:Hazelcast": ("hazelcast",),
    # messaging
    "diagrams.onprem.queue:Kafka": ("kafka", "redpanda", "msk"),
    "diagrams.onprem.queue:RabbitMQ": ("rabbitmq", "amqp"),
    "diagrams.onprem.queue:ActiveMQ": ("activemq",),
    "diagrams.onprem.queue:Nats": ("nats",),
    "diagrams.onprem.queue:ZeroMQ": ("zeromq",),
    "diagrams.onprem.queue:Celery": ("celery",),
    "diagrams.aws.integration:SimpleQueueServiceSqs": ("sqs",),
    "diagrams.aws.integration:SimpleNotificationServiceSns": ("sns",),
    "diagrams.aws.analytics:KinesisDataStreams": ("kinesis",),
    "diagrams.aws.integration:Eventbridge": ("eventbridge",),
    "diagrams.gcp.analytics:Pubsub": ("pubsub",),
    # search
    "diagrams.elastic.elasticsearch:Elasticsearch": ("elasticsearch", "opensearch", "elastic"),
    "diagrams.onprem.search:Solr": ("solr",),
    # object storage
    "diagrams.aws.storage:SimpleStorageServiceS3": ("s3", "object-store", "blob", "minio"),
    "diagrams.generic.storage:Storage": ("storage", "filesystem", "nfs"),
    # proxies and gateways
    "diagrams.onprem.network:Nginx": ("nginx",),
    "diagrams.onprem.network:Envoy": ("envoy",),
    "diagrams.onprem.network:HAProxy": ("haproxy",),
    "diagrams.onprem.network:Kong": ("kong",),
    "diagrams.onprem.network:Traefik": ("traefik",),
    "diagrams.onprem.network:Apache": ("apache", "httpd"),
    # languages and runtimes (a service's `tech:`)
    "diagrams.programming.language:Python": ("python", "django", "flask", "fastapi"),
    "diagrams.programming.language:Java": ("java", "spring", "spring-boot"),
    "diagrams.programming.language:Kotlin": ("kotlin",),
    "diagrams.programming.language:Scala": ("scala",),
    "diagrams.programming.language:Go": ("go", "golang"),
    "diagrams.programming.language:Nodejs": ("node", "nodejs", "node.js", "express"),
    "diagrams.programming.language:TypeScript": ("typescript", "ts", "nestjs"),
    "diagrams.programming.language:JavaScript": ("javascript", "js", "react", "vue", "angular"),
    "diagrams.programming.language:Rust": ("rust",),
    "diagrams.programming.language:Ruby": ("ruby", "rails"),
    "diagrams.programming.language:PHP": ("php", "laravel"),
    "diagrams.programming.language:Csharp": ("csharp", "c#", "dotnet", ".net"),
    "diagrams.programming.language:Elixir": ("elixir", "phoenix"),
    "diagrams.programming.language:Swift": ("swift",),
    # software-as-a-service that often appears as a dependency
    "diagrams.saas.payment:Stripe": ("stripe",),
    "diagrams.saas.payment:Paypal": ("paypal",),
    "diagrams.saas.payment:Adyen": ("adyen",),
    "diagrams.saas.identity:Auth0": ("auth0",),
    "diagrams.saas.identity:Okta": ("okta",),
    "diagrams.saas.communication:Twilio": ("twilio",),
    "diagrams.saas.cdn:Cloudflare": ("cloudflare",),
    "diagrams.saas.cdn:Fastly": ("fastly",),
})

# role -> icon when neither tech nor kind is known
FALLBACK: dict[str, Icon] = {
    "service": Icon("diagrams.onprem.compute:Server"),
    "gateway": Icon("diagrams.onprem.network:Internet"),
    "frontend": Icon("diagrams.generic.device:Mobile"),
    "store": Icon("diagrams.generic.database:SQL"),
    "queue": Icon("diagrams.onprem.queue:Kafka"),
    "cache": Icon("diagrams.onprem.inmemory:Redis"),
}

# `kind:` values of an external element that mean a person or a client program
PERSON_KINDS = frozenset({"person", "people", "user", "users", "customer", "customers",
                          "actor", "client", "clients", "browser", "mobile", "app"})

def _key(value: str | None) -> str | None:
    if not value:
        return None
    return str(value).strip().lower().replace("_", "-").replace(" ", "-") or None


def icon_for(role: str, *, kind: str | None = None, tech: str | None = None) -> Icon:
    """The icon for an element: its ``tech`` if known, else its ``kind``, else by role.

    ``role`` is ``service`` or ``store``. ``tech: python 3.12`` finds ``python`` (first
    word); an unknown word falls back to the role's generic icon, never an error.
    """
    for value in (tech, kind):
        key = _key(value)
        if key is None:
            continue
        if key in ICONS:
            return ICONS[key]
        first = _key(str(value).split()[0])          # "python 3.12" -> python
        if first in ICONS:
            return ICONS[first]
    kind_key = _key(kind)
    if kind_key in FALLBACK:
        return FALLBACK[kind_key]
    if is_message_channel(kind, tech):           # pulsar, eventbus, topic…: a queue
        return FALLBACK["queue"]
    return FALLBACK["store" if role == "store" else "service"]


def is_person(kind: str | None) -> bool:
    """Whether an external element of this ``kind`` is a person or a client program."""
    return _key(kind) in PERSON_KINDS


@functools.cache
def data_uri(path: str) -> str:
    """The icon file as a ``data:image/png;base64,…`` URI (cached: icons repeat)."""
    data = Path(path).read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@functools.cache
def png_size(path: str) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"not a PNG file: {path}")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def icon_symbol_id(path: str) -> str:
    """A stable SVG id for an icon, from its path under diagrams' ``resources``."""
    parts = Path(path).with_suffix("").parts
    tail = parts[parts.index("resources") + 1:] if "resources" in parts else parts[-2:]
    return "ak-icon-" + re.sub(r"[^a-z0-9]+", "-", "-".join(tail).lower()).strip("-")
