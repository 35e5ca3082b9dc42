"""`stele import`: contracts from Avro, Protobuf and JSON Schema files, proven by regenerating.

One module per format reads the foreign files (through the bounded readers of stele.compat) into
the neutral model of `model`; `yaml_writer` writes it as contract YAML; `write` adds it to the
project as one transaction; `fidelity` generates the artifacts back and compares them with the
originals using stele's own compatibility checker. See docs/import.md.
"""
