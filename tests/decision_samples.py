"""Decision files several test modules write."""

# AK-DEC003 (warning: a small move of the performance weight makes Svelte first) and
# AK-DEC007 (info, twice: no notes for either option)
FRAGILE_SCORES = """\
title: Frontend
scale: [1, 10]
criteria:
  - {name: performance, weight: 0.5}
  - {name: hiring, weight: 0.5}
options:
  React: {performance: 6, hiring: 9}
  Svelte: {performance: 9, hiring: 5.8}
"""
NOTES = """\
notes:
  React: {good: [easy hiring]}
  Svelte: {good: [fast]}
"""
