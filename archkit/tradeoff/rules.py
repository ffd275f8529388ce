"""Rules of the "decisions" area (AK-DEC...): metadata and examples only.

Cheap to import: the checks themselves live in :mod:`archkit.tradeoff.checks` and are
imported by the example runner when it runs.
"""

from __future__ import annotations

from archkit.findings import Report
from archkit.rules import Rule, register, register_example_runner

AREA = "decisions"

_DEPLOY_OK = """\
title: Deployment
scale: [1, 10]
criteria:
  - {name: scalability, weight: 0.4}
  - {name: cost, weight: 0.3, direction: cost}
  - {name: time_to_market, weight: 0.3}
options:
  Modular monolith: {scalability: 6, cost: 3, time_to_market: 9}
  Microservices:    {scalability: 9, cost: 8, time_to_market: 4}
notes:
  Modular monolith: {good: [one deployable], bad: [scales as a whole]}
  Microservices: {good: [independent scaling], bad: [operational load]}
"""

INCONSISTENT_AHP = register(
    "AK-DEC001", "inconsistent-ahp-judgements", "error", area=AREA,
    summary="the AHP pairwise judgements have a consistency ratio above 0.10",
    why="""AHP turns pairwise judgements ("scalability matters 3x as much as cost") into
weights. When the judgements contradict each other (A > B, B > C, yet C > A) the weights
are an artefact of the contradiction, not of anyone's priorities. Saaty's consistency
ratio CR compares the contradiction with random judgements; above 0.10 the judgements
should be revisited. The finding names the judgements whose change alone lowers CR most,
each with the value on Saaty's scale to use and the CR it reaches (lowest first), and
says so when no single change is enough.""",
    like="Saaty (1980) consistency ratio; no MCDA library names the culprit judgements",
    fires="""\
title: Cache
scale: [1, 5]
criteria: [{name: speed}, {name: cost}, {name: effort}]
ahp:
  speed: {cost: 5, effort: 1/5}
  cost: {effort: 5}
options:
  Redis: {speed: 5, cost: 2, effort: 3}
  Memcached: {speed: 4, cost: 4, effort: 4}
""",
    passes="""\
title: Cache
scale: [1, 5]
criteria: [{name: speed}, {name: cost}, {name: effort}]
ahp:
  speed: {cost: 3, effort: 5}
  cost: {effort: 3}
options:
  Redis: {speed: 5, cost: 2, effort: 3}
  Memcached: {speed: 4, cost: 4, effort: 4}
""",
)

NON_DISCRIMINATING = register(
    "AK-DEC002", "criterion-does-not-discriminate", "warning", area=AREA,
    summary="every option has the same score on a criterion",
    why="""A criterion on which all options score the same cannot change the ranking, yet
its weight is taken away from the criteria that do. It usually means the criterion was
scored carelessly or does not belong to this decision.""",
    fires="""\
title: Queue
scale: [1, 10]
criteria:
  - {name: throughput, weight: 0.5}
  - {name: durability, weight: 0.5}
options:
  Kafka: {throughput: 9, durability: 8}
  RabbitMQ: {throughput: 6, durability: 8}
""",
    passes="""\
title: Queue
scale: [1, 10]
criteria:
  - {name: throughput, weight: 0.5}
  - {name: durability, weight: 0.5}
options:
  Kafka: {throughput: 9, durability: 8}
  RabbitMQ: {throughput: 6, durability: 7}
""",
)

FRAGILE_WINNER = register(
    "AK-DEC003", "fragile-winner", "warning", area=AREA,
    summary="a small change of one weight makes another option first",
    why="""Weights are estimates. When moving one criterion's weight by less than the
margin (`fragile_margin`, 0.05 by default, on weights that sum to 1) hands the first
place to another option, the ranking says more about the weights than about the
options: the decision record should say so and the weights deserve a second look.""",
    options={"fragile_margin": 0.05},
    fires="""\
title: Frontend
scale: [1, 10]
criteria:
  - {name: performance, weight: 0.5}
  - {name: hiring, weight: 0.5}
options:
  React: {performance: 6, hiring: 9}
  Svelte: {performance: 9, hiring: 5.8}
""",
    passes=_DEPLOY_OK,
)

DOMINATED_OPTION = register(
    "AK-DEC004", "dominated-option", "info", area=AREA,
    summary="an option is no better than another on any criterion",
    why="""An option that another option beats or equals on every criterion can never be
first, whatever the weights. Either it is on the list for a reason the criteria do not
capture (add that criterion), or it can be dropped from the decision.""",
    fires="""\
title: CI
scale: [1, 5]
criteria:
  - {name: speed, weight: 1}
  - {name: price, weight: 1, direction: cost}
options:
  GitHub Actions: {speed: 4, price: 2}
  Jenkins: {speed: 3, price: 3}
""",
    passes="""\
title: CI
scale: [1, 5]
criteria:
  - {name: speed, weight: 1}
  - {name: price, weight: 1, direction: cost}
options:
  GitHub Actions: {speed: 4, price: 2}
  Jenkins: {speed: 5, price: 3}
""",
)

DOMINANT_CRITERION = register(
    "AK-DEC005", "dominant-criterion", "warning", area=AREA,
    summary="one criterion carries more than half of the total weight",
    why="""When one criterion outweighs all the others together, the decision is a
single-criterion decision dressed as a trade-off: the other criteria can only break
ties. Split the big criterion into the concerns it stands for, or say plainly that it
decides.""",
    options={"max_weight": 0.5},
    fires="""\
title: Hosting
scale: [1, 10]
criteria:
  - {name: cost, weight: 0.7, direction: cost}
  - {name: support, weight: 0.3}
options:
  AWS: {cost: 7, support: 8}
  Hetzner: {cost: 3, support: 5}
""",
    passes="""\
title: Hosting
scale: [1, 10]
criteria:
  - {name: cost, weight: 0.5, direction: cost}
  - {name: support, weight: 0.5}
options:
  AWS: {cost: 7, support: 8}
  Hetzner: {cost: 3, support: 5}
""",
)

METHODS_DISAGREE = register(
    "AK-DEC006", "methods-disagree", "info", area=AREA,
    summary="the weighted sum and TOPSIS pick different winners",
    why="""The weighted sum adds up fixed-scale scores; TOPSIS measures distance to an
ideal and an anti-ideal option built from the options present. They agree on clear
decisions. When they disagree, the winner depends on the method (typically a balanced
option against one that excels on a heavy criterion): state the method in the ADR and
why it fits.""",
    fires="""\
title: Search
scale: [0, 10]
criteria:
  - {name: relevance, weight: 0.5}
  - {name: ops, weight: 0.5}
options:
  Elasticsearch: {relevance: 10, ops: 0}
  Postgres FTS: {relevance: 4.5, ops: 4.5}
  Typesense: {relevance: 1, ops: 1}
""",
    passes=_DEPLOY_OK,
)

OPTION_WITHOUT_NOTES = register(
    "AK-DEC007", "option-without-notes", "info", area=AREA,
    summary="an option has no good/bad notes",
    why="""Scores say how much, notes say why. The ADR export lists each option's notes as
its pros and cons; an option without them reaches the record as bare numbers, and the
next reader cannot tell what a 4 on operability meant.""",
    fires="""\
title: Deployment
scale: [1, 10]
criteria:
  - {name: scalability, weight: 0.5}
  - {name: cost, weight: 0.5, direction: cost}
options:
  Modular monolith: {scalability: 6, cost: 3}
  Microservices: {scalability: 9, cost: 8}
""",
    passes=_DEPLOY_OK,
)

_SCENARIO = """\
title: Shopfront quality
scenarios:
  P1:
    attribute: performance
    refinement: checkout latency
    source: a shopper
    stimulus: submits an order at the Black Friday peak
    artifact: checkout service
    environment: 20x normal load
    response: the order is accepted and confirmed
    response_measure: {measure}
    importance: H
    difficulty: H
approaches:
  read replicas for the catalogue: {{effects: {{P1: "{effect}"}}}}
"""

INCOMPLETE_SCENARIO = register(
    "AK-DEC010", "incomplete-scenario", "warning", area=AREA,
    summary="a quality-attribute scenario lacks one of its six parts",
    why="""An ATAM scenario has six parts: source, stimulus, artifact, environment,
response and response measure. Each missing part is a question the architecture
evaluation cannot answer: without the environment nobody knows whether "fast" means
at night or at the Black Friday peak.""",
    like="ATAM (Kazman, Klein, Clements 2000) quality-attribute scenarios",
    fires=_SCENARIO.format(measure="p99 under 800 ms", effect="+").replace(
        "    environment: 20x normal load\n", ""),
    passes=_SCENARIO.format(measure="p99 under 800 ms", effect="+"),
)

UNMEASURABLE_RESPONSE = register(
    "AK-DEC011", "unmeasurable-response", "warning", area=AREA,
    summary="a scenario's response measure contains no number",
    why="""A response measure is what makes a scenario testable: "fast", "highly available"
or "easy" cannot be checked in a load test or an SLO. Give a number with a unit and a
percentile or a period.""",
    fires=_SCENARIO.format(measure="fast enough", effect="+"),
    passes=_SCENARIO.format(measure="p99 under 800 ms", effect="+"),
)

UNADDRESSED_SCENARIO = register(
    "AK-DEC012", "unaddressed-critical-scenario", "warning", area=AREA,
    summary="an important scenario (importance H) has no approach that helps it",
    why="""A scenario the business rates H that no architectural approach or chosen option
supports is a risk nobody owns yet. Either an approach helps it (record its effect) or
the risk belongs in the ADR.""",
    fires=_SCENARIO.format(measure="p99 under 800 ms", effect="0"),
    passes=_SCENARIO.format(measure="p99 under 800 ms", effect="+"),
)

RULES: tuple[Rule, ...] = (INCONSISTENT_AHP, NON_DISCRIMINATING, FRAGILE_WINNER,
                           DOMINATED_OPTION, DOMINANT_CRITERION, METHODS_DISAGREE,
                           OPTION_WITHOUT_NOTES)
QUALITY_RULES: tuple[Rule, ...] = (INCOMPLETE_SCENARIO, UNMEASURABLE_RESPONSE,
                                   UNADDRESSED_SCENARIO)


def _run_example(example: object, rule: Rule) -> Report:
    if rule in QUALITY_RULES:
        from archkit.tradeoff.atam import loads_quality

        return loads_quality(str(example), "quality.yaml").check()
    from archkit.tradeoff.checks import check_text

    return check_text(str(example), "example.yaml")


register_example_runner(AREA, _run_example)
