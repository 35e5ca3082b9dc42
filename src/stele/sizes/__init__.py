"""Encoded sizes and speed per message and format (`stele sizes`).

Sizes are measured through the real codecs of `stele.encode`, never estimated. The pieces:

- `measure.collect_samples` / `measure.measure`: the values (examples, the body type's examples
  for a message without any, generated values) and
  a `SizeReport` of bytes per sample and format, with optional encode/decode medians;
- `baseline`: the size baseline file (`compat/sizes.json`): bytes only, deterministic;
- `reference.resolve_sizes`: the sizes of a reference (`--against`): a baseline file, a
  directory with a `stele.yaml` project, or a git revision;
- `budgets`: the `budgets:` section of `stele.yaml` and the check against it;
- `hints`: info findings from the formats' encoding rules, each backed by measured bytes;
- `render` (text, json, csv, markdown) and `plot` (an SVG bar chart).

A message's size in a format is the size of its largest sample: budgets cap the worst case, and
the change against a baseline compares worst cases.
"""
